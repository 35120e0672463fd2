import Foundation
import Primitives
import Secp256k1
import Testing

/// Vectors that run without Python: RFC 6979 signatures produced by libsecp256k1
/// (coincurve 21.0.0, `sign_recoverable(sha256(msg), hasher=None)`); the first is also the
/// widely published "Satoshi Nakamoto" / key 1 vector.
@Suite("Pinned vectors and edge policies")
struct PinnedVectorTests {
    struct KAT: Sendable {
        let key: String, message: String, compact: String, recoveryId: UInt8
    }
    static let kats: [KAT] = [
        KAT(key: "01", message: "Satoshi Nakamoto",
            compact: "934b1ea10a4b3c1757e2b0c017d0b6143ce3c9a7e6a4a49860d7a6ab210ee3d82442ce9d2b916064108014783e923ec36b49743e2ffa1c4496f01a512aafd9e5",
            recoveryId: 1),
        KAT(key: "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364140",
            message: "Equations are more important to me, because politics is for the present, but an equation is something for eternity.",
            compact: "54c4a33c6423d689378f160a7ff8b61330444abb58fb470f96ea16d99d4a2fed07082304410efa6b2943111b6a4e0aaa7b7db55a07e9861d1fb3cb1f421044a5",
            recoveryId: 0),
        KAT(key: "f8b8af8ce3c7cca5e300d33939540c10d45ce001b8f252bfbc57ba0342904181", message: "Alan Turing",
            compact: "7063ae83e7f62bbb171798131b4a0564b956930092b33b07b395615d9ec7e15c58dfcc1e00a35e1572f366ffe34ba0fc47db1e7189759b9fb233c5b05ab388ea",
            recoveryId: 0),
    ]

    @Test("RFC 6979 known answers (libsecp256k1)", arguments: kats)
    func kat(_ v: KAT) throws {
        let key = try SecretKey(integerBytes: TestSupport.hex(v.key))
        let (sig, recid) = ECDSA.sign(message: Array(v.message.utf8), secretKey: key)
        #expect(sig.compact.hexString == v.compact)
        #expect(recid == v.recoveryId)
        #expect(try ECDSA.recoverPublicKey(digest: SHA256.hash(Array(v.message.utf8)), signature: sig,
                                           recoveryId: recid) == key.publicKey)
    }

    /// SPKI whose explicit ECParameters are exactly secp256k1's (p, a = 0, b = 7, G, n, h = 1).
    static let specifiedCurveSPKI = "308201333081ec06072a8648ce3d02013081e0020101302c06072a8648ce3d0101022100fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f3044042000000000000000000000000000000000000000000000000000000000000000000420000000000000000000000000000000000000000000000000000000000000000704410479be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8022100fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd03641410201010342000479be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8"

    @Test("explicit curve parameters are refused even when they equal secp256k1's")
    func specifiedCurve() {
        #expect(throws: Secp256k1Error.unsupportedCurve) {
            try Point(subjectPublicKeyInfo: TestSupport.hex(Self.specifiedCurveSPKI))
        }
        // implicitCurve (NULL)
        let implicit = TestSupport.hex("3051300b06072a8648ce3d0201050003420004") + Array(Point.generator.sec1(compressed: false).dropFirst())
        #expect(throws: Secp256k1Error.unsupportedCurve) { try Point(subjectPublicKeyInfo: implicit) }
    }

    @Test("concurrent signing and verification share the EC_GROUP safely")
    func concurrency() async throws {
        let key = SecretKey.generate()
        let ok = await withTaskGroup(of: Bool.self) { group in
            for i in 0..<16 {
                group.addTask {
                    let digest = SHA256.hash([UInt8(i)])
                    let (sig, recid) = try! ECDSA.sign(digest: digest, secretKey: key)
                    return ECDSA.verify(signature: sig, digest: digest, publicKey: key.publicKey)
                        && (try? ECDSA.recoverPublicKey(digest: digest, signature: sig, recoveryId: recid)) == key.publicKey
                }
            }
            var all = true
            for await r in group { all = all && r }
            return all
        }
        #expect(ok)
    }
}
