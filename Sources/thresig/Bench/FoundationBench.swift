import ArgumentParser
import BigNum
import Foundation
import Primitives
import Secp256k1

/// `thresig bench foundation`: the kernels issue 2 names — ECDSA verify and constant-time
/// point multiplication on secp256k1, 2048-bit modular exponentiation, 1024-bit safe primes.
struct FoundationBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "foundation",
        abstract: "Time secp256k1 ECDSA verify and constant-time point multiplication, 2048-bit powm, 1024-bit safe primes.",
        discussion: """
        Prints median nanoseconds per operation (safe primes: mean, min and max over
        --safe-prime-runs runs, and sieve survivors tested per second). With --json prints
        one JSON object with keys ecdsa_verify, point_mul_ct, powm_2048, powm_sec_2048,
        safe_prime_1024, safe_prime_1024_min, safe_prime_1024_max, safe_prime_candidates_per_s.
        `make bench` runs this beside coincurve (libsecp256k1) and OpenSSL and prints ratios.

        Example:
          thresig bench foundation --json --safe-prime-runs 10
        """
    )

    @Flag(help: "Print one JSON object instead of a table.")
    var json = false

    @Option(help: "How many 1024-bit safe primes to generate (the spread is wide).")
    var safePrimeRuns = 10

    func run() throws {
        var results: [(String, Double)] = []

        // secp256k1: verify one signature repeatedly; constant-time multiplication of a
        // fixed point by a secret scalar (the ECDH / nonce path).
        let sk = try SecretKey(bytes: SHA256.hash(Array("bench".utf8)))
        let digest = SHA256.hash(Array("message".utf8))
        let (sig, _) = try ECDSA.sign(digest: digest, secretKey: sk)
        let pk = sk.publicKey
        precondition(ECDSA.verify(signature: sig, digest: digest, publicKey: pk))
        results.append(("ecdsa_verify", Timing.medianNanoseconds(iterations: 500) {
            blackHole(ECDSA.verify(signature: sig, digest: digest, publicKey: pk))
        }))
        let scalar = try Secp256k1.Scalar(bytes: SHA256.hash(Array("scalar".utf8)))
        results.append(("point_mul_ct", Timing.medianNanoseconds(iterations: 500) {
            blackHole(pk.multiplySecret(scalar))
        }))

        // 2048-bit modular exponentiation with a 2048-bit exponent and odd modulus.
        var mBytes = SHA256.hash(Array("modulus".utf8))
        while mBytes.count < 256 { mBytes += SHA256.hash(mBytes) }
        mBytes = Array(mBytes.prefix(256)); mBytes[0] |= 0x80; mBytes[255] |= 1
        let m = BigInt(bytes: mBytes)
        let base = BigInt.random(below: m), e = BigInt.random(bits: 2048)
        results.append(("powm_2048", Timing.medianNanoseconds(iterations: 20) { blackHole(base.powm(e, m)) }))
        results.append(("powm_sec_2048", Timing.medianNanoseconds(iterations: 20) { blackHole(try? base.powmSec(e, m)) }))

        // Safe primes: mean over runs, plus how many sieve survivors were tested per second.
        var times: [Double] = []
        var tested = 0
        for _ in 0..<max(1, safePrimeRuns) {
            var count = 0
            times.append(Timing.nanoseconds { blackHole(try? Primes.safePrime(bits: 1024, progress: { count = $0 })) })
            tested += count
        }
        let total = times.reduce(0, +)
        results.append(("safe_prime_1024", total / Double(times.count)))
        results.append(("safe_prime_1024_min", times.min()!))
        results.append(("safe_prime_1024_max", times.max()!))
        results.append(("safe_prime_candidates_per_s", Double(tested) / (total / 1e9)))

        if json {
            let body = results.map { "\"\($0.0)\": \(String(format: "%.1f", $0.1))" }.joined(separator: ", ")
            print("{\(body)}")
        } else {
            for (name, v) in results {
                let unit = name.hasSuffix("_per_s") ? "/s" : "ns"
                print(name.padding(toLength: 30, withPad: " ", startingAt: 0) + String(format: "%16.1f %@", v, unit))
            }
        }
    }
}
