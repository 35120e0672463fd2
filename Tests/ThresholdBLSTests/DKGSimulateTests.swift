import BLS12381
import Foundation
import Primitives
import Testing
@testable import thresig

@Suite("thresig dkg simulate, in-process")
struct DKGSimulateTests {
    @Test("acceptance: bls n=7 t=5, 2 × bad-share, seed 7 → 6 and 7 disqualified, pyblst verifies")
    func acceptance() throws {
        let r = try DKGDryRun.run(scheme: .bls, n: 7, t: 5, malicious: 2, behaviour: "bad-share", seed: 7)
        #expect(r.disqualified.map(\.member) == [6, 7])
        #expect(r.qual == [1, 2, 3, 4, 5])
        #expect(r.message == "0x" + Hex.encode(SHA256.hash(Array("thresig dkg simulate".utf8))))
        let sig = try #require(r.signature)
        #expect(r.signers == [1, 2, 3, 4, 5])
        let pk = try Hex.decode(r.groupPublicKey), s = try Hex.decode(sig), m = try Hex.decode(r.message)
        #expect(BLS.verify(publicKey: try BLSPublicKey(compressed: pk), message: m, signature: try BLSSignature(compressed: s)))
        guard let ok = pyblstVerify([(pk, m, s)]) else { return }
        #expect(ok == [true])
        // Same seed, same key and signature (the transcript hash may differ: sealed boxes).
        let again = try DKGDryRun.run(scheme: .bls, n: 7, t: 5, malicious: 2, behaviour: "bad-share", seed: 7)
        #expect(again.groupPublicKey == r.groupPublicKey && again.signature == r.signature)
        // The printed JSON: the documented keys in order, and it decodes back to the report.
        let text = DKGDryRun.json(r)
        let obj = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
        let keys = ["scheme", "n", "t", "qual", "disqualified", "group_public_key", "share_public_keys",
                    "message", "signature", "signers", "recovery_id", "cheaters", "transcript_hash"]
        #expect(Set(obj.keys) == Set(keys))
        let positions = keys.map { text.range(of: "\"\($0)\":")!.lowerBound }
        #expect(positions == positions.sorted())
        #expect(try JSONDecoder().decode(DKGDryRun.Report.self, from: Data(text.utf8)) == r)
    }

    @Test("every behaviour within tolerance signs and verifies", arguments: ["silent", "bad-share-justified", "bad-commitment", "bad-extraction", "false-complaint"])
    func behaviours(_ b: String) throws {
        let r = try DKGDryRun.run(scheme: .bls, n: 5, t: 3, malicious: 2, behaviour: b, seed: 3, message: [1, 2, 3])
        #expect(r.signature != nil)
        for d in r.disqualified { #expect(d.member >= 4) }
    }

    @Test("ecdsa-secp256k1 with a silent DKG member: the others run CGGMP21 and sign (more in ThresholdECDSATests)")
    func ecdsa() throws {
        let r = try DKGDryRun.run(scheme: .ecdsaSecp256k1, n: 4, t: 3, malicious: 1, behaviour: "silent", seed: 1)
        #expect(r.disqualified.map(\.member) == [4] && r.signers == [1, 2, 3])
        #expect(r.groupPublicKey.hasPrefix("0x") && r.groupPublicKey.count == 2 + 66)
        #expect(r.signature?.count == 2 + 128 && r.recoveryId != nil)
        let json = DKGDryRun.json(r)
        #expect(json.contains("\"recovery_id\":") && json.contains("\"cheaters\":[]"))
        // A bls run has no recovery id.
        #expect(DKGDryRun.json(try DKGDryRun.run(scheme: .bls, n: 1, t: 1, seed: 1)).contains("\"recovery_id\":null"))
    }

    @Test("bad parameters → .badParameters; beyond tolerance → a warning, still allowed")
    func badParameters() throws {
        func bad(_ n: Int, _ t: Int, _ k: Int, _ b: String?) -> Bool {
            do { _ = try DKGDryRun.validate(n: n, t: t, malicious: k, behaviour: b); return false } catch {
                if case .badParameters = error { return true }; return false
            }
        }
        #expect(bad(3, 4, 0, nil))      // t > n
        #expect(bad(3, 0, 0, nil))      // t = 0
        #expect(bad(0, 1, 0, nil))      // n = 0
        #expect(bad(4, 3, 1, "evil"))   // unknown behaviour
        #expect(bad(4, 3, 1, nil))      // K without behaviour
        #expect(bad(4, 3, 0, "silent")) // behaviour without K
        #expect(bad(4, 3, 4, "silent")) // nobody honest
        let (_, w) = try DKGDryRun.validate(n: 4, t: 3, malicious: 2, behaviour: "silent")
        #expect(w != nil)
        let (_, none) = try DKGDryRun.validate(n: 4, t: 3, malicious: 1, behaviour: "silent")
        #expect(none == nil)
    }
}
