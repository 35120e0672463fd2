import BLS12381
import DKG
import Foundation
import Primitives
import Sharing
import ThresholdBLS

/// Thresig's own threshold-BLS vectors (`vectors/threshold/`, format
/// `thresig-threshold-bls/v1`, documented in docs/vectors.md): a whole GJKR ceremony over
/// BLS12-381 G1 from a fixed seed — every broadcast message, the outcome, the honest
/// shares — then partial signatures on a message and their combination. Seeded ceremonies
/// are reproducible byte for byte (polynomials, X25519 keys and sealed-box ephemeral keys
/// all derive from the seed), so another implementation can replay the log and compare.
///
/// The runner recomputes everything from `seed`, `n`, `t`, `behaviours` and `message`
/// and compares field by field (one case per field), and checks independently of the
/// recomputation that `signature` verifies under `group_public_key`.
public struct ThresholdVectorFormat: VectorFormat {
    public static let formatID = "thresig-threshold-bls/v1"
    public init() {}
    public var name: String { "threshold" }

    public func recognizes(json: Any?, path: String) -> Bool {
        (json as? [String: Any])?["format"] as? String == Self.formatID
    }

    /// The computed content of one vector (also what the generator writes).
    public struct Vector: Equatable, Sendable {
        public var seed: UInt64, n: Int, t: Int
        public var behaviours: [Int: String]
        public var log: [(from: Int, message: String)]
        public var qual: [Int]
        public var disqualified: [(member: Int, code: String)]
        public var groupPublicKey: String
        public var sharePublicKeys: [String]
        public var shares: [(index: Int, value: String)]
        public var transcriptHash: String
        public var message: String
        public var partials: [(index: Int, signature: String)]
        public var signers: [Int]
        public var signature: String

        public static func == (a: Vector, b: Vector) -> Bool { ThresholdVectorFormat.canonical(a.json()) == ThresholdVectorFormat.canonical(b.json()) }

        /// The vector as a JSON object (sorted keys when serialised).
        public func json() -> [String: Any] {
            [
                "format": ThresholdVectorFormat.formatID, "group": "BLS12381G1", "scheme": "bls",
                "seed": seed, "n": n, "t": t,
                "behaviours": Dictionary(uniqueKeysWithValues: behaviours.map { (String($0.key), $0.value) }),
                "log": log.map { ["from": $0.from, "message": $0.message] as [String: Any] },
                "qual": qual,
                "disqualified": disqualified.map { ["member": $0.member, "code": $0.code] as [String: Any] },
                "group_public_key": groupPublicKey, "share_public_keys": sharePublicKeys,
                "shares": shares.map { ["index": $0.index, "value": $0.value] as [String: Any] },
                "transcript_hash": transcriptHash, "message": message,
                "partials": partials.map { ["index": $0.index, "signature": $0.signature] as [String: Any] },
                "signers": signers, "signature": signature,
            ]
        }
    }

    static func hex(_ b: [UInt8]) -> String { "0x" + b.hexString }

    /// Runs the seeded ceremony and threshold signing: the vector's expected content.
    public static func compute(seed: UInt64, n: Int, t: Int, behaviours: [Int: String], message: [UInt8]) throws -> Vector {
        var typed: [Int: Behaviour] = [:]
        for (i, b) in behaviours {
            guard let v = Behaviour(rawValue: b) else { throw ConformanceError.unknownBehaviour(b) }
            typed[i] = v
        }
        let outcome = try DKGSimulation<BLS12381G1Group>.run(n: n, t: t, behaviours: typed, seed: seed)
        let out = outcome.publicOutput
        let signers = Array(outcome.honestShares.prefix(t))
        let partials = try signers.map { try BLSThreshold.partialSign(share: $0.share, message: message) }
        let signature = try BLSThreshold.combine(partials: partials, threshold: t)
        return Vector(
            seed: seed, n: n, t: t, behaviours: behaviours,
            log: outcome.log.map { ($0.from, hex($0.bytes)) },
            qual: out.qualified,
            disqualified: out.disqualified.map { ($0.member, $0.reason.code) },
            groupPublicKey: hex(BLS12381G1Group.encode(out.groupPublicKey)),
            sharePublicKeys: out.sharePublicKeys.map { hex(BLS12381G1Group.encode($0)) },
            shares: outcome.honestShares.map { ($0.index, hex($0.value.canonicalBytes)) },
            transcriptHash: hex(out.transcriptHash),
            message: hex(message),
            partials: partials.map { ($0.index, hex($0.compressed)) },
            signers: partials.map(\.index),
            signature: hex(signature.compressed))
    }

    public func run(json: Any?, path: String) -> FileReport {
        var report = FileReport(path: path, format: "threshold \(Self.formatID)")
        guard let obj = json as? [String: Any], let seed = (obj["seed"] as? NSNumber)?.uint64Value,
              let n = obj["n"] as? Int, let t = obj["t"] as? Int,
              let messageHex = obj["message"] as? String, let message = try? Hex.decode(messageHex) else {
            report.failures.append(CaseFailure(caseID: "file", reason: "malformed vector (seed, n, t, message)"))
            return report
        }
        var behaviours: [Int: String] = [:]
        for (k, v) in obj["behaviours"] as? [String: String] ?? [:] {
            guard let i = Int(k) else { report.failures.append(CaseFailure(caseID: "behaviours", reason: "index \(k)")); return report }
            behaviours[i] = v
        }
        // Independent of the recomputation: the published signature verifies under the
        // published group key (KeyValidate, subgroup checks, pairing).
        let verifies: Bool = {
            guard let pk = (obj["group_public_key"] as? String).flatMap({ try? Hex.decode($0) }).flatMap({ try? BLSPublicKey(compressed: $0) }),
                  let sig = (obj["signature"] as? String).flatMap({ try? Hex.decode($0) }).flatMap({ try? BLSSignature(compressed: $0) })
            else { return false }
            return BLS.verify(publicKey: pk, message: message, signature: sig)
        }()
        report.record("signature verifies under group_public_key", ok: verifies, reason: "it does not")
        let expected: Vector
        do { expected = try Self.compute(seed: seed, n: n, t: t, behaviours: behaviours, message: message) } catch {
            report.failures.append(CaseFailure(caseID: "ceremony", reason: "recomputation failed: \(error)"))
            return report
        }
        let want = expected.json()
        for key in ["log", "qual", "disqualified", "group_public_key", "share_public_keys", "shares",
                    "transcript_hash", "partials", "signers", "signature"] {
            let a = Self.canonical(obj[key]), b = Self.canonical(want[key])
            report.record(key, ok: a != nil && a == b, reason: "differs from the recomputed value")
        }
        return report
    }

    /// A canonical JSON text of a value, for comparison (hex compared case-insensitively).
    static func canonical(_ v: Any?) -> String? {
        guard let v else { return nil }
        guard let data = try? JSONSerialization.data(withJSONObject: ["v": v], options: [.sortedKeys]) else { return nil }
        return String(decoding: data, as: UTF8.self).lowercased()
    }
}
