import Foundation
import Testing
import Primitives
@testable import BLS12381

/// The POP ciphersuite's semantics, edge cases and key generation.
struct BLSSignatureTests {
    static let message = Array("thresig".utf8)

    @Test func ciphersuiteConstants() {
        #expect(BLS.ciphersuiteID == "BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_")
        #expect(BLS.popDST == Array("BLS_POP_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_".utf8))
        #expect(BLS.signatureDST == HashToG2.ethereumSignatureDST)
    }

    /// KeyGen against py_ecc's G2ProofOfPossession.KeyGen (draft-05 with the salt loop).
    @Test func keyGenAgreesWithPyEcc() throws {
        let cases: [([UInt8], [UInt8])] = [
            ([UInt8](repeating: 0, count: 32), []),
            (Array(0..<32), []),
            (SecureRandom.bytes(32), []),
            (SecureRandom.bytes(64), Array("key info".utf8)),
            (SecureRandom.bytes(40), SecureRandom.bytes(7)),
        ]
        let script = """
        from py_ecc.bls import G2ProofOfPossession as P
        for ikm, info in [\(cases.map { "('\(Hex.encode($0.0))', '\(Hex.encode($0.1))')" }.joined(separator: ","))]:
            sk = P.KeyGen(bytes.fromhex(ikm), bytes.fromhex(info))
            print('%064x' % sk, P.SkToPk(sk).hex())
        """
        guard let lines = PythonOracle.run(script), lines.count == cases.count else {
            Issue.record("oracle output missing"); return
        }
        for ((ikm, info), line) in zip(cases, lines) {
            let sk = try BLSSecretKey.keyGen(ikm: ikm, keyInfo: info)
            let skHex = sk.bytes().withUnsafeBytes { Hex.encode(Array($0)) }
            #expect("\(skHex) \(Hex.encode(sk.publicKey.compressed))" == line)
        }
        #expect(throws: BLSError.invalidLength(expected: 32, actual: 31)) { try BLSSecretKey.keyGen(ikm: [UInt8](repeating: 1, count: 31)) }
    }

    @Test func secretKeyDecoding() throws {
        #expect(throws: BLSError.invalidScalar) { try BLSSecretKey(bytes: [UInt8](repeating: 0, count: 32)) }
        #expect(throws: BLSError.invalidScalar) { try BLSSecretKey(bytes: [UInt8](repeating: 1, count: 31)) }
        #expect(throws: BLSError.invalidScalar) { try BLSSecretKey(bytes: [UInt8](repeating: 0xff, count: 32)) }
        let r = try [UInt8](hex: "73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001")
        #expect(throws: BLSError.invalidScalar) { try BLSSecretKey(bytes: r) }
        var rMinus1 = r; rMinus1[31] = 0
        _ = try BLSSecretKey(bytes: rMinus1)
        #expect(throws: BLSError.invalidScalar) { try BLSSecretKey(integerBytes: []) }
        #expect(throws: BLSError.invalidScalar) { try BLSSecretKey(integerBytes: [0]) }
        #expect(throws: BLSError.invalidScalar) { try BLSSecretKey(integerBytes: [1] + r) }
        let one = try BLSSecretKey(integerBytes: [1])
        #expect(one.publicKey.point == G1Affine.generator)
        #expect(one.bytes().withUnsafeBytes { Array($0) } == [UInt8](repeating: 0, count: 31) + [1])
        #expect(try BLSSecretKey(integerBytes: [0, 0, 5]).publicKey == (try BLSSecretKey(bytes: [UInt8](repeating: 0, count: 31) + [5])).publicKey)
        let sk = BLSSecretKey.generate()
        #expect(!"\(sk)".contains(Hex.encode(sk.bytes().withUnsafeBytes { Array($0) })))
        #expect("\(sk)".contains("redacted"))
    }

    @Test func signVerifyRoundTrip() throws {
        let sk = BLSSecretKey.generate()
        let sig = sk.sign(Self.message)
        #expect(BLS.verify(publicKey: sk.publicKey, message: Self.message, signature: sig))
        // Encodings round-trip.
        let pk2 = try BLSPublicKey(compressed: sk.publicKey.compressed)
        let sig2 = try BLSSignature(compressed: sig.compressed)
        #expect(pk2 == sk.publicKey && sig2 == sig)
        #expect(BLS.verify(publicKey: pk2, message: Self.message, signature: sig2))
        // Wrong message, wrong key, tampered signature.
        #expect(!BLS.verify(publicKey: sk.publicKey, message: Self.message + [0], signature: sig))
        #expect(!BLS.verify(publicKey: BLSSecretKey.generate().publicKey, message: Self.message, signature: sig))
        var tampered = sig.compressed
        tampered[95] ^= 1
        if let t = try? BLSSignature(compressed: tampered) {
            #expect(!BLS.verify(publicKey: sk.publicKey, message: Self.message, signature: t))
        }
        let other = BLSSignature(point: (sig.point.projective + G2Projective.generator).affine)
        #expect(!BLS.verify(publicKey: sk.publicKey, message: Self.message, signature: other))
        // Deterministic.
        #expect(sk.sign(Self.message) == sig)
    }

    @Test func identityAndInvalidPoints() throws {
        var infinityG1 = [UInt8](repeating: 0, count: 48); infinityG1[0] = 0xc0
        var infinityG2 = [UInt8](repeating: 0, count: 96); infinityG2[0] = 0xc0
        #expect(throws: BLSError.identityPublicKey) { try BLSPublicKey(compressed: infinityG1) }
        #expect(throws: BLSError.identityPublicKey) { try BLSPublicKey(point: .identity) }
        #expect(throws: BLSError.invalidLength(expected: 48, actual: 96)) { try BLSPublicKey(compressed: G1Affine.generator.uncompressedBytes) }
        #expect(throws: BLSError.invalidLength(expected: 96, actual: 192)) { try BLSSignature(compressed: G2Affine.generator.uncompressedBytes) }
        // The identity signature decodes but never verifies.
        let identitySig = try BLSSignature(compressed: infinityG2)
        #expect(identitySig.point.isIdentity && identitySig.compressed == infinityG2)
        let sk = BLSSecretKey.generate()
        #expect(!BLS.verify(publicKey: sk.publicKey, message: Self.message, signature: identitySig))
        #expect(!BLS.fastAggregateVerify(publicKeys: [sk.publicKey], message: Self.message, signature: identitySig))
        #expect(!BLS.aggregateVerify(publicKeys: [sk.publicKey], messages: [Self.message], signature: identitySig))
        #expect(!BLS.popVerify(publicKey: sk.publicKey, proof: identitySig))
        // Points outside the subgroups.
        let badG2 = randomG2CurvePoint().affine
        #expect(!badG2.projective.isInSubgroup)
        #expect(throws: BLSError.notInSubgroup) { try BLSSignature(compressed: badG2.compressedBytes) }
        let badSig = BLSSignature(point: badG2)
        #expect(!BLS.verify(publicKey: sk.publicKey, message: Self.message, signature: badSig))
        #expect(!BLS.aggregateVerify(publicKeys: [sk.publicKey], messages: [Self.message], signature: badSig))
        #expect(!BLS.batchVerify([(sk.publicKey, Self.message, badSig), (sk.publicKey, Self.message, sk.sign(Self.message))]))
        #expect(throws: BLSError.notInSubgroup) { try BLS.aggregate([sk.sign(Self.message), badSig]) }
        let badG1 = randomG1CurvePoint().affine
        #expect(throws: BLSError.notInSubgroup) { try BLSPublicKey(compressed: badG1.compressedBytes) }
        #expect(throws: BLSError.notInSubgroup) { try BLSPublicKey(point: badG1) }
    }

    @Test func emptyInputs() {
        let sk = BLSSecretKey.generate()
        let sig = sk.sign(Self.message)
        #expect(throws: BLSError.emptyInput) { try BLS.aggregate([]) }
        #expect(throws: BLSError.emptyInput) { try BLS.aggregatePublicKeys([]) }
        #expect(!BLS.fastAggregateVerify(publicKeys: [], message: Self.message, signature: sig))
        #expect(!BLS.aggregateVerify(publicKeys: [], messages: [], signature: sig))
        #expect(!BLS.aggregateVerify(publicKeys: [sk.publicKey], messages: [], signature: sig))
        #expect(!BLS.aggregateVerify(publicKeys: [sk.publicKey], messages: [Self.message, Self.message], signature: sig))
        #expect(!BLS.batchVerify([]))
        var infinityG2 = [UInt8](repeating: 0, count: 96); infinityG2[0] = 0xc0
        #expect(!BLS.aggregateVerify(publicKeys: [], messages: [], signature: try! BLSSignature(compressed: infinityG2)))
    }

    @Test func aggregation() throws {
        let keys = (0..<4).map { _ in BLSSecretKey.generate() }
        let pks = keys.map(\.publicKey)
        // Same message: FastAggregateVerify.
        let same = try BLS.aggregate(keys.map { $0.sign(Self.message) })
        #expect(BLS.fastAggregateVerify(publicKeys: pks, message: Self.message, signature: same))
        #expect(!BLS.fastAggregateVerify(publicKeys: Array(pks.dropLast()), message: Self.message, signature: same))
        #expect(!BLS.fastAggregateVerify(publicKeys: pks, message: Self.message + [1], signature: same))
        #expect(BLS.verify(publicKey: try BLS.aggregatePublicKeys(pks), message: Self.message, signature: same))
        // Distinct messages, and repeated ones (allowed with proofs of possession).
        let messages: [[UInt8]] = [[1], [2], [1], []]
        let agg = try BLS.aggregate(zip(keys, messages).map { $0.sign($1) })
        #expect(BLS.aggregateVerify(publicKeys: pks, messages: messages, signature: agg))
        #expect(!BLS.aggregateVerify(publicKeys: pks, messages: [[1], [2], [3], []], signature: agg))
        #expect(!BLS.aggregateVerify(publicKeys: pks.reversed(), messages: messages, signature: agg))
        // Keys summing to the identity.
        let neg = try BLSPublicKey(point: (-pks[0].point.projective).affine)
        #expect(throws: BLSError.identityPublicKey) { try BLS.aggregatePublicKeys([pks[0], neg]) }
        #expect(!BLS.fastAggregateVerify(publicKeys: [pks[0], neg], message: Self.message, signature: same))
        // A single signature aggregates to itself.
        let one = keys[0].sign(Self.message)
        #expect(try BLS.aggregate([one]) == one)
    }

    @Test func proofOfPossession() {
        let a = BLSSecretKey.generate(), b = BLSSecretKey.generate()
        let proof = a.popProve()
        #expect(BLS.popVerify(publicKey: a.publicKey, proof: proof))
        #expect(!BLS.popVerify(publicKey: b.publicKey, proof: proof))
        // A PoP is not a signature on the key bytes under the signing tag, and vice versa.
        #expect(!BLS.verify(publicKey: a.publicKey, message: a.publicKey.compressed, signature: proof))
        #expect(!BLS.popVerify(publicKey: a.publicKey, proof: a.sign(a.publicKey.compressed)))
    }

    @Test func batchVerification() {
        for n in [1, 3, slowTests ? 30 : 25] {
            var items = (0..<n).map { i -> (publicKey: BLSPublicKey, message: [UInt8], signature: BLSSignature) in
                let sk = BLSSecretKey.generate()
                let m = Array("batch \(i)".utf8)
                return (sk.publicKey, m, sk.sign(m))
            }
            #expect(BLS.batchVerify(items), "n = \(n)")
            items[n / 2].message += [0]
            #expect(!BLS.batchVerify(items), "n = \(n), tampered")
        }
        // Two signatures swapped between messages fail, although their sum is unchanged.
        let k = BLSSecretKey.generate()
        let s1 = k.sign([1]), s2 = k.sign([2])
        #expect(!BLS.batchVerify([(k.publicKey, [1], s2), (k.publicKey, [2], s1)]))
    }

    /// Median timings in release builds (THRESIG_BENCH=1).
    @Test(.enabled(if: benchmarksEnabled)) func timings() throws {
        func median(_ runs: Int, _ body: () -> Void) -> Double {
            var t: [Double] = []
            for _ in 0..<runs {
                let start = DispatchTime.now().uptimeNanoseconds
                body()
                t.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1000)
            }
            return t.sorted()[runs / 2]
        }
        let sk = BLSSecretKey.generate()
        let sig = sk.sign(Self.message)
        let pkBytes = sk.publicKey.compressed, sigBytes = sig.compressed
        let keys = (0..<100).map { _ in BLSSecretKey.generate() }
        let sigs = keys.map { $0.sign(Self.message) }
        let agg = try BLS.aggregate(sigs)
        let ikm = SecureRandom.bytes(32)
        print("keygen µs:", median(21) { _ = try! BLSSecretKey.keyGen(ikm: ikm) })
        print("sign µs:", median(21) { _ = sk.sign(Self.message) })
        print("verify (bytes in) µs:", median(21) {
            _ = BLS.verify(publicKey: try! BLSPublicKey(compressed: pkBytes), message: Self.message, signature: try! BLSSignature(compressed: sigBytes))
        })
        print("aggregate_100 µs:", median(11) { _ = try! BLS.aggregate(sigs) })
        print("fast_aggregate_verify_100 (points in) µs:", median(11) {
            _ = BLS.fastAggregateVerify(publicKeys: keys.map(\.publicKey), message: Self.message, signature: agg)
        })
    }
}
