import ArgumentParser
import BLS12381
import Foundation
import Primitives

/// `thresig bench bls`: the BLS12-381 operations issue 3 names, median ns/op.
struct BLSBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bls",
        abstract: "Time BLS12-381: keygen, sign, verify, aggregation, pairing, hashing, decompression, Fp mul.",
        discussion: """
        Prints the median ns/op of each operation (inputs as bytes where a signer would
        receive bytes: verify and the aggregate verifications include decompressing and
        subgroup-checking every key and signature). With --json prints one JSON object with
        exactly the keys keygen, sign, verify, aggregate_100, fast_aggregate_verify_100,
        aggregate_verify_10, pairing, hash_to_g2, g1_decompress, g2_decompress, fp_mul.
        `make bench` runs it beside blst (pyblst) and py_ecc and prints ratios.

        Example:
          thresig bench bls --json
        """
    )

    @Flag(help: "Print one JSON object instead of a table.")
    var json = false

    @Option(help: "Iterations per round for the fast operations (7 rounds; the median is reported).")
    var iterations = 50

    static let keys = ["keygen", "sign", "verify", "aggregate_100", "fast_aggregate_verify_100",
                       "aggregate_verify_10", "pairing", "hash_to_g2", "g1_decompress", "g2_decompress", "fp_mul"]

    func run() throws {
        let n = max(1, iterations)
        let ikm = SHA256.hash(Array("ikm".utf8))
        let sks = try (0..<100).map { i in try BLSSecretKey.keyGen(ikm: SHA256.hash(Array("sk\(i)".utf8))) }
        let pks = sks.map { $0.publicKey.compressed }
        let msg = SHA256.hash(Array("message".utf8))
        let msgs = (0..<10).map { SHA256.hash(Array("message\($0)".utf8)) }
        let sigs = sks.map { $0.sign(msg) }
        let sigBytes = sigs.map(\.compressed)
        let agg100 = try BLS.aggregate(sigs).compressed
        let av10 = try BLS.aggregate((0..<10).map { sks[$0].sign(msgs[$0]) }).compressed
        let g1 = G1Projective.generator.affine, g2 = G2Projective.generator.affine

        func decodeKeys(_ b: ArraySlice<[UInt8]>) -> [BLSPublicKey] { b.map { try! BLSPublicKey(compressed: $0) } }

        var r: [String: Double] = [:]
        r["keygen"] = Timing.medianNanoseconds(iterations: n) {
            blackHole(try! BLSSecretKey.keyGen(ikm: ikm).publicKey.compressed)
        }
        r["sign"] = Timing.medianNanoseconds(iterations: n) { blackHole(sks[0].sign(msg).compressed) }
        r["verify"] = Timing.medianNanoseconds(iterations: n) {
            let ok = BLS.verify(publicKey: try! BLSPublicKey(compressed: pks[0]), message: msg,
                                signature: try! BLSSignature(compressed: sigBytes[0]))
            precondition(ok)
        }
        r["aggregate_100"] = Timing.medianNanoseconds(iterations: n) { blackHole(try! BLS.aggregate(sigs).compressed) }
        r["fast_aggregate_verify_100"] = Timing.medianNanoseconds(iterations: max(1, n / 5)) {
            let ok = BLS.fastAggregateVerify(publicKeys: decodeKeys(pks[...]), message: msg,
                                             signature: try! BLSSignature(compressed: agg100))
            precondition(ok)
        }
        r["aggregate_verify_10"] = Timing.medianNanoseconds(iterations: max(1, n / 5)) {
            let ok = BLS.aggregateVerify(publicKeys: decodeKeys(pks[0..<10]), messages: msgs,
                                         signature: try! BLSSignature(compressed: av10))
            precondition(ok)
        }
        r["pairing"] = Timing.medianNanoseconds(iterations: n) { blackHole(Pairing.pairing(g1, g2)) }
        r["hash_to_g2"] = Timing.medianNanoseconds(iterations: n) {
            blackHole(HashToG2.hash(message: msg, dst: HashToG2.ethereumSignatureDST))
        }
        r["g1_decompress"] = Timing.medianNanoseconds(iterations: n * 4) { blackHole(try! G1Affine(bytes: pks[1])) }
        r["g2_decompress"] = Timing.medianNanoseconds(iterations: n * 4) { blackHole(try! G2Affine(bytes: sigBytes[1])) }
        // A dependent chain, so the figure is latency, as in the field-kernel measurements.
        let chain = 100_000
        var x = Fp.random()
        let y = Fp.random()
        r["fp_mul"] = Timing.medianNanoseconds(iterations: 1) {
            for _ in 0..<chain { x = x * y }
        } / Double(chain)
        blackHole(x)

        if json {
            print("{" + Self.keys.map { "\"\($0)\": \(String(format: "%.1f", r[$0]!))" }.joined(separator: ", ") + "}")
        } else {
            for k in Self.keys { print(k.padding(toLength: 28, withPad: " ", startingAt: 0) + String(format: "%14.1f ns", r[k]!)) }
        }
    }
}
