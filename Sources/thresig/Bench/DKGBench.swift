import ArgumentParser
import BLS12381
import DKG
import Foundation
import Primitives
import Secp256k1
import Sharing
import ThresholdBLS

/// `thresig bench dkg`: the figures issue 4 names — per-member CPU time of a whole GJKR
/// ceremony on both groups, and threshold BLS partialSign / verifyPartial / combine.
struct DKGBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dkg",
        abstract: "Time GJKR ceremonies (both groups) and threshold BLS partialSign, verifyPartial, combine.",
        discussion: """
        Ceremony: an honest in-process ceremony (DKGSimulation) for (n, t) = (4, 3),
        (10, 7), (31, 21) over secp256k1 and BLS12-381 G1; the time spent inside the
        members' state machines divided by n (the per-member CPU time of the whole
        ceremony), the median of --rounds runs. Threshold BLS, for t = 3, 7, 21:
        partialSign (hash to G2 and a constant-time G2 multiplication),
        verifyPartial (hash to G2 and a two-pair pairing product), combine (Lagrange
        coefficients and a t-term G2 multi-scalar multiplication), median ns/op.
        With --json prints one JSON object with keys ceremony_<group>_<n>_<t>_ms
        (group secp256k1 or bls12381g1) and partial_sign_t<t>_ns,
        verify_partial_t<t>_ns, combine_t<t>_ns.

        Example:
          thresig bench dkg --json
        """
    )

    @Flag(help: "Print one JSON object instead of a table.") var json = false
    @Option(help: "Ceremony runs per (group, n, t); the median is reported.") var rounds = 3
    @Option(help: "Iterations per round for the threshold BLS operations (7 rounds).") var iterations = 20

    static let sizes = [(4, 3), (10, 7), (31, 21)]

    static func ceremonyMilliseconds<G: PrimeOrderGroup>(_: G.Type, n: Int, t: Int, rounds: Int) -> Double {
        var samples: [Double] = []
        for seed in 0..<max(1, rounds) {
            let outcome = try! DKGSimulation<G>.run(n: n, t: t, seed: UInt64(seed))
            let c = outcome.timePerMember.components
            samples.append(Double(c.seconds) * 1e3 + Double(c.attoseconds) / 1e15)
        }
        samples.sort()
        return samples[samples.count / 2]
    }

    func run() throws {
        var results: [(String, Double)] = []
        for (n, t) in Self.sizes {
            results.append(("ceremony_secp256k1_\(n)_\(t)_ms", Self.ceremonyMilliseconds(Secp256k1Group.self, n: n, t: t, rounds: rounds)))
            results.append(("ceremony_bls12381g1_\(n)_\(t)_ms", Self.ceremonyMilliseconds(BLS12381G1Group.self, n: n, t: t, rounds: rounds)))
        }
        let message = SHA256.hash(Array("bench dkg".utf8))
        let iters = max(1, iterations)
        for t in [3, 7, 21] {
            // Shares of a random degree-(t−1) polynomial; keys g₁^{f(i)}.
            let coefficients = (0..<t).map { _ in BLS12381.Scalar.random() }
            func f(_ i: Int) -> BLS12381.Scalar {
                var acc = BLS12381.Scalar.zero
                for c in coefficients.reversed() { acc = acc * BLS12381.Scalar(UInt64(i)) + c }
                return acc
            }
            let shares = (1...t).map { Share(index: $0, value: f($0)) }
            let keys = shares.map { G1Projective.generator.multiplied(by: $0.value).affine }
            let partials = shares.map { try! BLSThreshold.partialSign(share: $0, message: message) }
            results.append(("partial_sign_t\(t)_ns", Timing.medianNanoseconds(iterations: iters) {
                blackHole(try! BLSThreshold.partialSign(share: shares[0], message: message))
            }))
            results.append(("verify_partial_t\(t)_ns", Timing.medianNanoseconds(iterations: iters) {
                precondition(BLSThreshold.verifyPartial(partial: partials[t - 1], message: message, sharePublicKey: keys[t - 1]))
            }))
            results.append(("combine_t\(t)_ns", Timing.medianNanoseconds(iterations: iters) {
                blackHole(try! BLSThreshold.combine(partials: partials, threshold: t))
            }))
        }
        if json {
            print("{" + results.map { "\"\($0.0)\": \(String(format: "%.1f", $0.1))" }.joined(separator: ", ") + "}")
        } else {
            for (k, v) in results {
                let unit = k.hasSuffix("_ms") ? "ms" : "ns"
                print(k.padding(toLength: 34, withPad: " ", startingAt: 0) + String(format: "%16.1f ", v) + unit)
            }
        }
    }
}
