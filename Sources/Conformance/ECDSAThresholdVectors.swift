import BigNum
import Foundation
import Primitives
import Secp256k1
import ThresholdECDSA

/// Thresig's own threshold-ECDSA vectors (`vectors/ecdsa-threshold/*.json`, format
/// `thresig-ecdsa-threshold/v1`, documented in docs/vectors.md): a whole seeded run — the
/// GJKR DKG over secp256k1, CGGMP21 aux-info (Paillier moduli from the simulation pool),
/// one presigning and one online signing — with the members that misbehave and who named
/// them. The runner recomputes the run from `seed`, `n`, `t`, `behaviours` and `message`
/// and compares field by field (one case per field); independently of the recomputation
/// it checks that `signature` verifies (low s) under `group_public_key` for `message`,
/// that `recovery_id` recovers that key, and that every partial σ_i satisfies
/// σ_i·Γ = m·Δ_i + r·S_i against the published presignature.
public struct ECDSAThresholdVectorFormat: VectorFormat {
    public static let formatID = "thresig-ecdsa-threshold/v1"
    public init() {}
    public var name: String { "ecdsa-threshold" }

    public func recognizes(json: Any?, path: String) -> Bool {
        (json as? [String: Any])?["format"] as? String == Self.formatID
    }

    static func hex(_ b: [UInt8]) -> String { "0x" + Hex.encode(b) }
    static func hexPoint(_ p: Point) -> String { hex(p.sec1(compressed: true)) }
    static func hexScalar(_ s: Scalar) -> String { hex(s.bytes) }

    /// Runs the seeded simulation and returns the vector's JSON object.
    public static func compute(seed: UInt64, n: Int, t: Int, behaviours: [Int: String], message: [UInt8]) throws -> [String: Any] {
        var typed: [Int: ECDSABehaviour] = [:]
        for (i, b) in behaviours {
            guard let v = ECDSABehaviour(rawValue: b) else { throw ConformanceError.unknownBehaviour(b) }
            typed[i] = v
        }
        let o = try ECDSASimulation.run(n: n, t: t, behaviours: typed, seed: seed, message: message)
        var v: [String: Any] = [
            "format": formatID, "scheme": "ecdsa-secp256k1", "seed": seed, "n": n, "t": t,
            "behaviours": Dictionary(uniqueKeysWithValues: behaviours.map { (String($0.key), $0.value) }),
            "message": hex(message),
            "group_public_key": hexPoint(o.publicOutput.groupPublicKey),
            "share_public_keys": o.publicOutput.sharePublicKeys.map(hexPoint),
            "transcript_hash": hex(o.publicOutput.transcriptHash),
            "paillier_moduli": Dictionary(uniqueKeysWithValues: o.paillierModuli.map { (String($0.key), "0x" + $0.value.hexString) }),
            "aux_members": o.auxMembers,
            "named": o.named.map { ["member": $0.member, "phase": $0.phase, "reason": $0.reason] as [String: Any] },
        ]
        if let pp = o.presignature, let sig = o.signature, let signers = o.signers {
            v["signers"] = signers
            v["presignature"] = [
                "R": hexPoint(pp.R), "Gamma": hexPoint(pp.Gamma),
                "Delta": Dictionary(uniqueKeysWithValues: pp.Deltas.map { (String($0.key), hexPoint($0.value)) }),
                "S": Dictionary(uniqueKeysWithValues: pp.S.map { (String($0.key), hexPoint($0.value)) }),
            ] as [String: Any]
            v["partials"] = o.partials.map { ["index": $0.index, "sigma": hexScalar($0.sigma)] as [String: Any] }
            v["signature"] = hex(sig.signature.compact)
            v["recovery_id"] = Int(sig.recoveryId)
        } else {
            v["signers"] = NSNull(); v["presignature"] = NSNull(); v["partials"] = [Any](); v["signature"] = NSNull(); v["recovery_id"] = NSNull()
        }
        return v
    }

    public func run(json: Any?, path: String) -> FileReport {
        var report = FileReport(path: path, format: "ecdsa-threshold \(Self.formatID)")
        guard let obj = json as? [String: Any], let seed = (obj["seed"] as? NSNumber)?.uint64Value,
              let n = obj["n"] as? Int, let t = obj["t"] as? Int,
              let message = (obj["message"] as? String).flatMap({ try? Hex.decode($0) }) else {
            report.failures.append(CaseFailure(caseID: "file", reason: "malformed vector (seed, n, t, message)"))
            return report
        }
        var behaviours: [Int: String] = [:]
        for (k, v) in obj["behaviours"] as? [String: String] ?? [:] {
            guard let i = Int(k) else { report.failures.append(CaseFailure(caseID: "behaviours", reason: "index \(k)")); return report }
            behaviours[i] = v
        }
        checkIndependently(obj, message: message, report: &report)
        let want: [String: Any]
        do { want = try Self.compute(seed: seed, n: n, t: t, behaviours: behaviours, message: message) } catch {
            report.failures.append(CaseFailure(caseID: "run", reason: "recomputation failed: \(error)"))
            return report
        }
        for key in ["group_public_key", "share_public_keys", "transcript_hash", "paillier_moduli", "aux_members", "named",
                    "signers", "presignature", "partials", "signature", "recovery_id"] {
            let a = ThresholdVectorFormat.canonical(obj[key]), b = ThresholdVectorFormat.canonical(want[key])
            report.record(key, ok: a != nil && a == b, reason: "differs from the recomputed value")
        }
        return report
    }

    /// Checks that need no recomputation: the signature, the recovery id, each σ_i.
    /// Public for tests of tampered vectors.
    public func checkIndependently(_ obj: [String: Any], message: [UInt8], report: inout FileReport) {
        guard let sigHex = obj["signature"] as? String else {
            // No signature: only valid when the vector names enough members that none could sign.
            report.record("signature absent", ok: !((obj["named"] as? [Any]) ?? []).isEmpty, reason: "no signature and nobody named")
            return
        }
        func point(_ s: Any?) -> Point? { (s as? String).flatMap { try? Hex.decode($0) }.flatMap { try? Point(sec1: $0) } }
        guard let pk = point(obj["group_public_key"]), let sigBytes = try? Hex.decode(sigHex),
              let sig = try? ECDSA.Signature(compact: sigBytes) else {
            report.failures.append(CaseFailure(caseID: "signature", reason: "malformed signature or key")); return
        }
        report.record("signature verifies (low s) under group_public_key", ok: ECDSA.verifyLowS(signature: sig, digest: message, publicKey: pk),
                      reason: "it does not")
        let rid = obj["recovery_id"] as? Int ?? -1
        let recovered = (0...3).contains(rid) ? (try? ECDSA.recoverPublicKey(digest: message, signature: sig, recoveryId: UInt8(rid))) : nil
        report.record("recovery_id recovers group_public_key", ok: recovered == pk, reason: "it does not")
        guard let pre = obj["presignature"] as? [String: Any], let gamma = point(pre["Gamma"]),
              let deltas = pre["Delta"] as? [String: Any], let ss = pre["S"] as? [String: Any],
              let partials = obj["partials"] as? [[String: Any]] else {
            report.failures.append(CaseFailure(caseID: "presignature", reason: "malformed presignature")); return
        }
        let m = Scalar(reducing: message)
        var sum = Scalar.zero
        for p in partials {
            guard let i = p["index"] as? Int, let sigma = (p["sigma"] as? String).flatMap({ try? Hex.decode($0) }).flatMap({ try? Scalar(bytes: $0) }),
                  let D = point(deltas[String(i)]), let S = point(ss[String(i)]) else {
                report.failures.append(CaseFailure(caseID: "partials", reason: "malformed partial")); return
            }
            report.record("σ_\(i)·Γ = m·Δ_\(i) + r·S_\(i)", ok: gamma.multiply(by: sigma) == D.multiply(by: m) + S.multiply(by: sig.r),
                          reason: "it does not hold")
            sum += sigma
        }
        report.record("Σσ_i = s (up to low-s normalisation)", ok: sum == sig.s || sum == -sig.s, reason: "it does not")
    }
}
