import Foundation
import Testing
import Primitives
@testable import BLS12381

/// Interoperability with blst (pyblst) and py_ecc, one Python process per test: 200 random
/// (key, message) pairs whose signatures must be byte-equal to sk·H(m) computed by blst,
/// verified by blst, ours verifying theirs, and aggregates interoperating both ways.
/// py_ecc (slow pairings) checks a handful of the same signatures and proofs.
struct BLSInteropTests {
    static let pairCount = 200
    /// How many of blst's signatures we also verify one by one (all of them are verified
    /// together by AggregateVerify and batchVerify). Debug builds are ~30× slower, so
    /// there only the first 20 are checked individually unless THRESIG_SLOW_TESTS=1.
    #if DEBUG
    static let individuallyVerified = slowTests ? pairCount : 20
    #else
    static let individuallyVerified = pairCount
    #endif

    @Test func twoHundredPairsAgainstBlstAndPyEcc() throws {
        let keys = (0..<Self.pairCount).map { _ in
            var k = Scalar.random()
            while k.isZero { k = Scalar.random() }
            return try! BLSSecretKey(bytes: k.bigEndianBytes)
        }
        let messages = (0..<Self.pairCount).map { _ in SecureRandom.bytes(Int.random(in: 0...64)) }
        let ours = zip(keys, messages).map { $0.sign($1) }
        let ourAggregate = try BLS.aggregate(ours)
        // A common message signed by the first 20 keys, for FastAggregateVerify.
        let common = Array("common message".utf8)
        let fastCount = 20
        let ourFast = try BLS.aggregate(keys.prefix(fastCount).map { $0.sign(common) })
        let pyEccCount = 3
        let pops = keys.prefix(pyEccCount).map { $0.popProve() }
        func skHex(_ k: BLSSecretKey) -> String { k.bytes().withUnsafeBytes { Hex.encode(Array($0)) } }
        let items = (0..<Self.pairCount).map { i in
            "('\(skHex(keys[i]))','\(Hex.encode(messages[i]))','\(Hex.encode(ours[i].compressed))','\(Hex.encode(keys[i].publicKey.compressed))')"
        }
        let script = """
        from pyblst import BlstP1Element as P1, BlstP2Element as P2, miller_loop, final_verify
        DST = b'\(BLS.ciphersuiteID)'
        g1 = P1().uncompress(bytes.fromhex('\(Hex.encode(G1Affine.generator.compressedBytes))'))
        items = [\(items.joined(separator: ",\n"))]
        agg = P2()
        acc = None
        for sk, m, s, pk in items:
            sk = int(sk, 16); m = bytes.fromhex(m)
            h = P2().hash_to_group(m, DST)
            ours = P2().uncompress(bytes.fromhex(s)); our_pk = P1().uncompress(bytes.fromhex(pk))
            ok = final_verify(miller_loop(our_pk, h), miller_loop(g1, ours))
            print(g1.scalar_mul(sk).compress().hex(), h.scalar_mul(sk).compress().hex(), ok)
            agg = agg + ours
            ml = miller_loop(our_pk, h)
            acc = ml if acc is None else acc * ml
        print(agg.compress().hex(), final_verify(acc, miller_loop(g1, agg)),
              agg.compress().hex() == '\(Hex.encode(ourAggregate.compressed))')
        # FastAggregateVerify of our aggregate; blst's own aggregate for the common message.
        hc = P2().hash_to_group(b'common message', DST)
        apk = P1(); fagg = P2()
        for sk, _, _, pk in items[:\(fastCount)]:
            apk = apk + P1().uncompress(bytes.fromhex(pk)); fagg = fagg + hc.scalar_mul(int(sk, 16))
        ourfast = P2().uncompress(bytes.fromhex('\(Hex.encode(ourFast.compressed))'))
        print(fagg.compress().hex(), final_verify(miller_loop(apk, hc), miller_loop(g1, ourfast)))
        # py_ecc on a handful.
        from py_ecc.bls import G2ProofOfPossession as P
        for i, (sk, m, s, pk) in enumerate(items[:\(pyEccCount)]):
            sk = int(sk, 16); m = bytes.fromhex(m)
            print(P.Sign(sk, m).hex(), P.SkToPk(sk).hex(), P.PopProve(sk).hex())
        print(P.Verify(bytes.fromhex(items[0][3]), bytes.fromhex(items[0][1]), bytes.fromhex(items[0][2])))
        print(P.PopVerify(bytes.fromhex(items[1][3]), bytes.fromhex('\(Hex.encode(pops[1].compressed))')))
        print(P.Aggregate([bytes.fromhex(it[2]) for it in items[:\(pyEccCount)]]).hex())
        print(P.AggregateVerify([bytes.fromhex(it[3]) for it in items[:2]], [bytes.fromhex(it[1]) for it in items[:2]],
                                P.Aggregate([bytes.fromhex(it[2]) for it in items[:2]])))
        """
        guard let lines = PythonOracle.run(script), lines.count == Self.pairCount + 2 + pyEccCount + 4 else {
            Issue.record("oracle output missing"); return
        }
        var theirs: [BLSSignature] = []
        var theirKeys: [BLSPublicKey] = []
        var mismatches = 0, blstRejected = 0, weRejected = 0
        for i in 0..<Self.pairCount {
            let f = lines[i].split(separator: " ").map(String.init)
            let pk = try BLSPublicKey(compressed: [UInt8](hex: f[0]))
            let sig = try BLSSignature(compressed: [UInt8](hex: f[1]))
            theirKeys.append(pk); theirs.append(sig)
            if pk != keys[i].publicKey || f[1] != Hex.encode(ours[i].compressed) { mismatches += 1 }
            if f[2] != "True" { blstRejected += 1 }
            if i < Self.individuallyVerified && !BLS.verify(publicKey: pk, message: messages[i], signature: sig) { weRejected += 1 }
        }
        #expect(mismatches == 0, "signatures or keys differing from blst's sk·H(m), sk·g1")
        #expect(blstRejected == 0, "our signatures rejected by blst")
        #expect(weRejected == 0, "blst's signatures rejected by us")
        // Aggregates both ways.
        let aggLine = lines[Self.pairCount].split(separator: " ").map(String.init)
        let theirAggregate = try BLSSignature(compressed: [UInt8](hex: aggLine[0]))
        #expect(aggLine[1] == "True", "blst rejects our 200-signature aggregate")
        #expect(aggLine[2] == "True" && theirAggregate == ourAggregate)
        #expect(try BLS.aggregate(theirs) == ourAggregate)
        #expect(BLS.aggregateVerify(publicKeys: theirKeys, messages: messages, signature: theirAggregate))
        #expect(BLS.batchVerify((0..<Self.pairCount).map { (theirKeys[$0], messages[$0], theirs[$0]) }))
        let fastLine = lines[Self.pairCount + 1].split(separator: " ").map(String.init)
        #expect(fastLine[0] == Hex.encode(ourFast.compressed))
        #expect(fastLine[1] == "True", "blst rejects our fast-aggregate signature")
        #expect(BLS.fastAggregateVerify(publicKeys: Array(theirKeys.prefix(fastCount)), message: common,
                                        signature: try BLSSignature(compressed: [UInt8](hex: fastLine[0]))))
        // py_ecc.
        let base = Self.pairCount + 2
        for i in 0..<pyEccCount {
            #expect(lines[base + i] == "\(Hex.encode(ours[i].compressed)) \(Hex.encode(keys[i].publicKey.compressed)) \(Hex.encode(pops[i].compressed))")
        }
        #expect(lines[base + pyEccCount] == "True")
        #expect(lines[base + pyEccCount + 1] == "True")
        #expect(lines[base + pyEccCount + 2] == Hex.encode(try BLS.aggregate(Array(ours.prefix(pyEccCount))).compressed))
        #expect(lines[base + pyEccCount + 3] == "True")
    }
}
