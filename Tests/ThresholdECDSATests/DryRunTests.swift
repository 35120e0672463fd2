import Conformance
import Foundation
import Primitives
import Secp256k1
import Testing
@testable import thresig

@Suite("thresig dkg simulate --scheme ecdsa-secp256k1, in-process", .serialized)
struct DryRunTests {
    @Test("acceptance: n=3 t=2 seed 11 --json signs; coincurve verifies; byte-for-byte reproducible")
    func acceptance() throws {
        let r = try DKGDryRun.run(scheme: .ecdsaSecp256k1, n: 3, t: 2, seed: 11)
        let sig = try #require(r.signature)
        let rid = try #require(r.recoveryId)
        #expect(r.cheaters.isEmpty && r.signers?.count == 2)
        let pk = try Hex.decode(r.groupPublicKey), s = try Hex.decode(sig), m = try Hex.decode(r.message)
        #expect(ECDSA.verifyLowS(signature: try ECDSA.Signature(compact: s), digest: m, publicKey: try Point(sec1: pk)))
        if let ok = coincurveVerify([(s, UInt8(rid), m, pk)]) { #expect(ok == [true]) }
        let json = DKGDryRun.json(r)
        let again = DKGDryRun.json(try DKGDryRun.run(scheme: .ecdsaSecp256k1, n: 3, t: 2, seed: 11))
        #expect(json == again)
        let obj = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
        #expect(obj["recovery_id"] as? Int == rid)
    }

    @Test("acceptance: bad-paillier-modulus at n=4 t=3 names member 4 in aux-info; {1, 2, 3} sign")
    func badPaillierModulus() throws {
        let r = try DKGDryRun.run(scheme: .ecdsaSecp256k1, n: 4, t: 3, malicious: 1, behaviour: "bad-paillier-modulus", seed: 3)
        #expect(r.cheaters.map(\.member) == [4] && r.cheaters.first?.phase == "aux-info")
        #expect(r.cheaters.first?.reason.contains("Πfac") == true)
        #expect(r.signers == [1, 2, 3] && r.signature != nil)
    }

    @Test("bad parameters: a message that is not 32 bytes, an ECDSA behaviour for bls, n beyond the prime pool, K = 0")
    func badParameters() {
        func bad(_ body: () throws(DKGDryRun.Failure) -> Void) -> Bool {
            do { try body(); return false } catch { if case .badParameters = error { return true }; return false }
        }
        #expect(bad { () throws(DKGDryRun.Failure) in _ = try DKGDryRun.run(scheme: .ecdsaSecp256k1, n: 3, t: 2, seed: 1, message: [1, 2, 3]) })
        #expect(bad { () throws(DKGDryRun.Failure) in _ = try DKGDryRun.run(scheme: .bls, n: 3, t: 2, malicious: 1, behaviour: "bad-sigma", seed: 1) })
        #expect(bad { () throws(DKGDryRun.Failure) in _ = try DKGDryRun.run(scheme: .ecdsaSecp256k1, n: 11, t: 2, seed: 1) })
        #expect(bad { () throws(DKGDryRun.Failure) in _ = try DKGDryRun.validate(n: 3, t: 2, malicious: 0, behaviour: "bad-range") })
    }

    @Test("the vector runner's independent checks refuse a tampered signature, recovery id or partial")
    func vectorChecks() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("vectors/ecdsa-threshold/2-of-3_honest.json").path
        let obj = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [String: Any]
        let message = try Hex.decode(obj["message"] as! String)
        func failures(_ o: [String: Any]) -> Int {
            var r = FileReport(path: "x", format: nil)
            ECDSAThresholdVectorFormat().checkIndependently(o, message: message, report: &r)
            return r.failed
        }
        #expect(failures(obj) == 0)
        var badSig = obj
        var sig = obj["signature"] as! String
        sig = String(sig.dropLast()) + (sig.hasSuffix("0") ? "1" : "0")
        badSig["signature"] = sig
        #expect(failures(badSig) > 0)
        var badRid = obj; badRid["recovery_id"] = ((obj["recovery_id"] as! Int) ^ 1)
        #expect(failures(badRid) == 1)
        var badPartial = obj
        var partials = obj["partials"] as! [[String: Any]]
        partials[0]["sigma"] = partials[1]["sigma"]
        badPartial["partials"] = partials
        #expect(failures(badPartial) >= 2)
    }
}
