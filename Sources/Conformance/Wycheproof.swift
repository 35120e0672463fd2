import Foundation
import Primitives

/// Wycheproof test vectors (C2SP/wycheproof, `testvectors_v1`): recognised by their
/// top-level `schema` field; each schema has its own runner. Groups that a runner does
/// not support (another curve or hash) are skipped with the reason, never ignored.
///
/// `acceptable` results are decided per runner and documented in docs/vectors.md.
public struct WycheproofFormat: VectorFormat {
    public init() {}
    public var name: String { "wycheproof" }

    /// Runners by schema file name.
    static let runners: [String: @Sendable (WycheproofFile, inout FileReport) -> Void] = [
        "hkdf_test_schema_v1.json": WycheproofHKDF.run,
        "aead_test_schema_v1.json": WycheproofAEAD.run,
        "ecdsa_verify_schema_v1.json": { WycheproofECDSA.run($0, &$1, encoding: .der) },
        "ecdsa_verify_schema.json": { WycheproofECDSA.run($0, &$1, encoding: .der) },
        "ecdsa_p1363_verify_schema_v1.json": { WycheproofECDSA.run($0, &$1, encoding: .p1363) },
        "ecdsa_p1363_verify_schema.json": { WycheproofECDSA.run($0, &$1, encoding: .p1363) },
        "ecdsa_bitcoin_verify_schema.json": { WycheproofECDSA.run($0, &$1, encoding: .bitcoin) },
        "ecdh_test_schema_v1.json": WycheproofECDH.run,
        "ecdh_test_schema.json": WycheproofECDH.run,
    ]

    public func recognizes(json: Any?, path: String) -> Bool {
        guard let obj = json as? [String: Any], let schema = obj["schema"] as? String else { return false }
        return obj["testGroups"] is [Any] && schema.hasSuffix(".json")
    }

    public func run(json: Any?, path: String) -> FileReport {
        var report = FileReport(path: path, format: name)
        guard let file = WycheproofFile(json: json) else {
            report.failures.append(CaseFailure(caseID: "file", reason: "malformed Wycheproof file"))
            return report
        }
        report.format = "wycheproof \(file.algorithm) (\(file.schema))"
        guard let runner = Self.runners[file.schema] else {
            report.skips.append(Skip(count: file.caseCount,
                                     reason: "schema \(file.schema) (\(file.algorithm)) is not supported"))
            return report
        }
        runner(file, &report)
        return report
    }
}

/// A parsed Wycheproof file: typed enough to dispatch, raw enough to let each runner
/// read its own fields.
struct WycheproofFile {
    var schema: String
    var algorithm: String
    var groups: [[String: Any]]

    init?(json: Any?) {
        guard let obj = json as? [String: Any], let schema = obj["schema"] as? String,
              let groups = obj["testGroups"] as? [[String: Any]] else { return nil }
        self.schema = schema
        self.algorithm = obj["algorithm"] as? String ?? "?"
        self.groups = groups
    }

    var caseCount: Int { groups.reduce(0) { $0 + (($1["tests"] as? [Any])?.count ?? 0) } }

    static func tests(of group: [String: Any]) -> [[String: Any]] {
        group["tests"] as? [[String: Any]] ?? []
    }
}

/// One Wycheproof case's common fields.
struct WycheproofCase {
    var id: String
    var result: String
    var flags: [String]
    var raw: [String: Any]

    init(_ raw: [String: Any]) {
        self.raw = raw
        let tc = raw["tcId"].map { "\($0)" } ?? "?"
        let comment = raw["comment"] as? String ?? ""
        self.id = comment.isEmpty ? "tcId \(tc)" : "tcId \(tc) (\(comment))"
        self.result = raw["result"] as? String ?? "?"
        self.flags = raw["flags"] as? [String] ?? []
    }

    /// Hex field, decoded; missing or malformed hex is nil.
    func bytes(_ key: String) -> [UInt8]? {
        guard let s = raw[key] as? String else { return nil }
        return try? Hex.decode(s)
    }
}

extension FileReport {
    /// Records a Wycheproof case: `valid` must succeed, `invalid` must fail, and
    /// `acceptable` must match the decision the runner passes in `acceptableExpected`.
    mutating func recordWycheproof(_ c: WycheproofCase, succeeded: Bool, acceptableExpected: Bool? = nil,
                                   detail: String = "") {
        let expected: Bool
        switch c.result {
        case "valid": expected = true
        case "invalid": expected = false
        case "acceptable":
            guard let decided = acceptableExpected else {
                failures.append(CaseFailure(caseID: c.id, reason: "acceptable case with no documented decision"))
                return
            }
            expected = decided
        default:
            failures.append(CaseFailure(caseID: c.id, reason: "unknown result \"\(c.result)\""))
            return
        }
        let suffix = detail.isEmpty ? "" : ": \(detail)"
        record(c.id, ok: succeeded == expected,
               reason: "expected \(expected ? "success" : "failure") (\(c.result)), got \(succeeded ? "success" : "failure")\(suffix)")
    }
}

/// HKDF-SHA256 (`hkdf_test_schema_v1.json`): derive `size` bytes and compare with `okm`;
/// `invalid` cases ask for more than 255 × 32 bytes and must be refused.
enum WycheproofHKDF {
    static func run(_ file: WycheproofFile, _ report: inout FileReport) {
        guard file.algorithm == "HKDF-SHA-256" else {
            report.skips.append(Skip(count: file.caseCount, reason: "\(file.algorithm) is not supported (HKDF-SHA-256 only)"))
            return
        }
        for group in file.groups {
            for raw in WycheproofFile.tests(of: group) {
                let c = WycheproofCase(raw)
                guard let ikm = c.bytes("ikm"), let salt = c.bytes("salt"), let info = c.bytes("info"),
                      let size = raw["size"] as? Int, let okm = c.bytes("okm") else {
                    report.failures.append(CaseFailure(caseID: c.id, reason: "malformed case"))
                    continue
                }
                let out = try? HKDFSHA256.derive(ikm: ikm, salt: salt, info: info, length: size)
                report.recordWycheproof(c, succeeded: out != nil && out! == okm,
                                        detail: out == nil ? "refused" : "output differs")
            }
        }
    }
}

/// XChaCha20-Poly1305 (`aead_test_schema_v1.json`, algorithm `XCHACHA20-POLY1305`): a valid
/// case must encrypt to exactly `ct ‖ tag` and decrypt back to `msg`; an invalid one must
/// be refused by decryption (bad tag, wrong nonce size, …).
enum WycheproofAEAD {
    static func run(_ file: WycheproofFile, _ report: inout FileReport) {
        guard file.algorithm == "XCHACHA20-POLY1305" else {
            report.skips.append(Skip(count: file.caseCount, reason: "AEAD \(file.algorithm) is not supported (XCHACHA20-POLY1305 only)"))
            return
        }
        for group in file.groups {
            for raw in WycheproofFile.tests(of: group) {
                let c = WycheproofCase(raw)
                guard let key = c.bytes("key"), let iv = c.bytes("iv"), let aad = c.bytes("aad"),
                      let msg = c.bytes("msg"), let ct = c.bytes("ct"), let tag = c.bytes("tag") else {
                    report.failures.append(CaseFailure(caseID: c.id, reason: "malformed case"))
                    continue
                }
                let k = SecretBytes(copying: key)
                let opened = try? XChaCha20Poly1305.open(key: k, nonce: iv, ciphertextAndTag: ct + tag, associatedData: aad)
                let decryptsRight = opened.map { ConstantTime.equal($0, msg) } ?? false
                var ok = decryptsRight
                var detail = opened == nil ? "decryption refused" : (decryptsRight ? "" : "plaintext differs")
                if c.result == "valid" && ok {
                    let sealed = try? XChaCha20Poly1305.seal(key: k, nonce: iv, plaintext: msg, associatedData: aad)
                    ok = sealed == ct + tag
                    if !ok { detail = "encryption output differs" }
                }
                report.recordWycheproof(c, succeeded: ok, detail: detail)
            }
        }
    }
}
