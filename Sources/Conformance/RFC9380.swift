import Foundation
import Primitives
import Secp256k1
import BLS12381

/// RFC 9380 test vectors in the JSON layout of cfrg/draft-irtf-cfrg-hash-to-curve
/// (`poc/vectors`), the files of `../shared/vectors/hash-to-curve/`:
/// - `expand_message_xmd` files (`"name": "expand_message_xmd"`, `"hash": "SHA256"`):
///   each test's `uniform_bytes` and `DST_prime` are recomputed (RFC 9380 §5.3.1, §5.3.3);
/// - hash-to-curve suite files (`"ciphersuite"` and `"vectors"`): each vector's output
///   point `P` is recomputed from `msg` and the file's `dst` and compared coordinate by
///   coordinate, in the file's notation (`0x`-hex, Fp2 as `c0,c1`).
///
/// Suites are registered in ``suites``; a file of another suite is skipped with its name.
public struct RFC9380Format: VectorFormat {
    /// A suite's hash_to_curve, returning P's affine coordinates as the vector files
    /// write them, or nil when the point is the identity.
    public typealias Suite = @Sendable (_ message: [UInt8], _ dst: [UInt8]) -> (x: String, y: String)?

    /// Registered suites by ciphersuite ID.
    public static let suites: [String: Suite] = [
        "BLS12381G1_XMD:SHA-256_SSWU_RO_": { message, dst in
            let p = HashToG1.hash(message: message, dst: dst).affine
            guard !p.isIdentity else { return nil }
            return ("0x" + p.x.bigEndianBytes.hexString, "0x" + p.y.bigEndianBytes.hexString)
        },
        "BLS12381G2_XMD:SHA-256_SSWU_RO_": { message, dst in
            let p = HashToG2.hash(message: message, dst: dst).affine
            guard !p.isIdentity else { return nil }
            return (EthereumBLSFormat.fp2Hex(p.x), EthereumBLSFormat.fp2Hex(p.y))
        },
        HashToCurve.suiteID: { message, dst in
            guard let (x, y) = HashToCurve.hashToCurve(message: message, dst: dst).affineCoordinates else { return nil }
            return ("0x" + x.hexString, "0x" + y.hexString)
        },
    ]

    public init() {}
    public var name: String { "rfc9380" }

    public func recognizes(json: Any?, path: String) -> Bool {
        guard let obj = json as? [String: Any] else { return false }
        if obj["name"] as? String == "expand_message_xmd", obj["tests"] is [Any] { return true }
        return obj["ciphersuite"] is String && obj["vectors"] is [Any]
    }

    public func run(json: Any?, path: String) -> FileReport {
        let obj = json as? [String: Any] ?? [:]
        if obj["name"] as? String == "expand_message_xmd" { return runExpand(obj, path: path) }
        return runSuite(obj, path: path)
    }

    func runExpand(_ obj: [String: Any], path: String) -> FileReport {
        var report = FileReport(path: path, format: "rfc9380 expand_message_xmd")
        let tests = obj["tests"] as? [[String: Any]] ?? []
        guard obj["hash"] as? String == "SHA256", let dst = obj["DST"] as? String else {
            report.skips.append(Skip(count: tests.count, reason: "expand_message_xmd with hash \(obj["hash"] ?? "?") is not supported (SHA256 only)"))
            return report
        }
        for (i, t) in tests.enumerated() {
            let id = "test \(i + 1)"
            guard let msg = t["msg"] as? String, let lenHex = t["len_in_bytes"] as? String,
                  let length = Int(lenHex.dropFirst(2), radix: 16),
                  let expected = (t["uniform_bytes"] as? String).flatMap({ try? Hex.decode($0) }),
                  let dstPrime = (t["DST_prime"] as? String).flatMap({ try? Hex.decode($0) }) else {
                report.failures.append(CaseFailure(caseID: id, reason: "malformed case"))
                continue
            }
            let dstBytes = Array(dst.utf8)
            let effective = ExpandMessageXMD.effectiveDST(dstBytes)
            let out = try? ExpandMessageXMD.expand(message: Array(msg.utf8), dst: dstBytes, length: length)
            report.record(id, ok: out == expected && effective + [UInt8(effective.count)] == dstPrime,
                          reason: out == expected ? "DST_prime differs" : "uniform_bytes differ")
        }
        return report
    }

    func runSuite(_ obj: [String: Any], path: String) -> FileReport {
        let suiteID = obj["ciphersuite"] as? String ?? "?"
        var report = FileReport(path: path, format: "rfc9380 \(suiteID)")
        let vectors = obj["vectors"] as? [[String: Any]] ?? []
        guard let suite = Self.suites[suiteID] else {
            report.skips.append(Skip(count: vectors.count, reason: "hash-to-curve suite \(suiteID) is not supported yet"))
            return report
        }
        guard let dst = obj["dst"] as? String else {
            report.failures.append(CaseFailure(caseID: "file", reason: "no dst"))
            return report
        }
        for (i, v) in vectors.enumerated() {
            let msg = v["msg"] as? String ?? ""
            let id = "vector \(i + 1) (msg \"\(msg.prefix(16))\(msg.count > 16 ? "…" : "")\")"
            guard let p = v["P"] as? [String: String], let x = p["x"], let y = p["y"] else {
                report.failures.append(CaseFailure(caseID: id, reason: "malformed vector"))
                continue
            }
            let got = suite(Array(msg.utf8), Array(dst.utf8))
            report.record(id, ok: got?.x == x.lowercased() && got?.y == y.lowercased(),
                          reason: "P = \(got.map { "(\($0.x), \($0.y))" } ?? "identity"), expected (\(x), \(y))")
        }
        return report
    }
}
