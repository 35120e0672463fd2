import Foundation
import ThresholdECDSA

/// CGGMP21 proof vectors (`vectors/ecdsa-threshold/proofs.json`, format
/// `thresig-cggmp21-proofs/v1`, documented in docs/vectors.md): for each proof, an honest
/// proof made from a seed (its digest recorded) that must be accepted, and one case per
/// broken field that must be refused. The runner remakes each proof from the seed
/// (``ProofCases``), compares the digest, breaks the named field and verifies.
public struct CGGMPProofVectorFormat: VectorFormat {
    /// Per-case failure reasons filled concurrently (nil: passed).
    final class Results: @unchecked Sendable {
        private let lock = NSLock()
        private var reasons: [String?]
        init(count: Int) { reasons = Array(repeating: "not run", count: count) }
        func set(_ k: Int, _ r: String?) { lock.withLock { reasons[k] = r } }
        func get(_ k: Int) -> String? { lock.withLock { reasons[k] } }
    }

    public static let formatID = "thresig-cggmp21-proofs/v1"
    public init() {}
    public var name: String { "cggmp21-proofs" }

    public func recognizes(json: Any?, path: String) -> Bool {
        (json as? [String: Any])?["format"] as? String == Self.formatID
    }

    /// The file's content for `seed`: every proof, honest and with each field broken.
    public static func compute(seed: UInt64) throws -> [String: Any] {
        var cases: [[String: Any]] = []
        for proof in ProofCases.proofNames {
            let honest = try ProofCases.run(proof: proof, field: nil, seed: seed)
            cases.append(["proof": proof, "field": NSNull(), "expect": honest.accepted ? "accepted" : "refused", "digest": honest.digest])
            for f in ProofCases.fields[proof]! {
                let o = try ProofCases.run(proof: proof, field: f, seed: seed)
                cases.append(["proof": proof, "field": f, "expect": o.accepted ? "accepted" : "refused", "digest": o.digest])
            }
        }
        return ["format": formatID, "seed": seed, "cases": cases]
    }

    public func run(json: Any?, path: String) -> FileReport {
        var report = FileReport(path: path, format: "cggmp21-proofs \(Self.formatID)")
        guard let obj = json as? [String: Any], let seed = (obj["seed"] as? NSNumber)?.uint64Value,
              let cases = obj["cases"] as? [[String: Any]], !cases.isEmpty else {
            report.failures.append(CaseFailure(caseID: "file", reason: "malformed vector (seed, cases)"))
            return report
        }
        // Parse and check expectations first, then run the cases on every core (each is
        // independent and deterministic), and record the results in file order.
        var jobs: [(id: String, proof: String, field: String?, expect: String, digest: String)] = []
        for c in cases {
            guard let proof = c["proof"] as? String, let expect = c["expect"] as? String, let digest = c["digest"] as? String else {
                report.failures.append(CaseFailure(caseID: "case", reason: "malformed case")); continue
            }
            let field = c["field"] as? String
            let id = "\(proof) \(field ?? "honest")"
            // Honest proofs must be accepted and every broken field refused, whatever the file says.
            let required = field == nil ? "accepted" : "refused"
            guard expect == required else { report.failures.append(CaseFailure(caseID: id, reason: "expects \(expect), must be \(required)")); continue }
            jobs.append((id, proof, field, expect, digest))
        }
        let results = Results(count: jobs.count)
        let frozen = jobs
        DispatchQueue.concurrentPerform(iterations: frozen.count) { k in
            let job = frozen[k]
            do {
                let o = try ProofCases.run(proof: job.proof, field: job.field, seed: seed)
                let ok = (o.accepted ? "accepted" : "refused") == job.expect && o.digest.lowercased() == job.digest.lowercased()
                results.set(k, ok ? nil : "got \(o.accepted ? "accepted" : "refused"), digest \(o.digest)")
            } catch {
                results.set(k, "\(error)")
            }
        }
        for (k, job) in jobs.enumerated() {
            let failure = results.get(k)
            report.record(job.id, ok: failure == nil, reason: failure ?? "")
        }
        return report
    }
}
