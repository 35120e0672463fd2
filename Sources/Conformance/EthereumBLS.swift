import Foundation
import BLS12381
import Primitives
import Yams

/// The Ethereum BLS test format (ethereum/bls12-381-tests and consensus-spec-tests'
/// `general/phase0/bls`): one case per file, `{"input": …, "output": …}` in JSON or YAML,
/// the handler named by the folder. Recognised layouts:
/// - `…/bls/<handler>/<case>.json|.yaml` (ethereum/bls12-381-tests, Thresig's `vectors/bls/`);
/// - `…/bls/<handler>/bls/<case>/data.yaml` (consensus-spec-tests).
///
/// Byte strings are `0x`-hex of any length (wrong lengths are test cases); `output` null
/// means "the operation must fail". Ciphersuite `BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_`.
public struct EthereumBLSFormat: VectorFormat {
    /// Handlers this runner implements.
    public static let handlers: Set<String> = [
        "sign", "verify", "aggregate", "fast_aggregate_verify", "aggregate_verify", "batch_verify",
        "hash_to_G2", "deserialization_G1", "deserialization_G2",
        "eth_aggregate_pubkeys", "eth_fast_aggregate_verify",
    ]
    /// RFC 9380's test DST, which upstream hash_to_G2 cases use when they name none.
    static let defaultHashToG2DST = "QUUX-V01-CS02-with-BLS12381G2_XMD:SHA-256_SSWU_RO_"

    public init() {}
    public var name: String { "ethereum-bls" }

    /// The handler from the path: the last folder named like a handler whose parent is `bls`.
    static func handler(of path: String) -> String? {
        let parts = path.split(separator: "/").map(String.init).dropLast()
        var found: String? = nil
        for (i, p) in parts.enumerated() where i > 0 && parts[i - 1] == "bls" && p != "bls" {
            found = p
        }
        return found
    }

    public func recognizes(json: Any?, path: String) -> Bool {
        guard path.hasSuffix(".json") || path.hasSuffix(".yaml") || path.hasSuffix(".yml"),
              Self.handler(of: path) != nil else { return false }
        if path.hasSuffix(".json") { return (json as? [String: Any])?["input"] != nil }
        // YAML: the same rule, read cheaply — a top-level `input:` key.
        guard let data = FileManager.default.contents(atPath: path) else { return false }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").contains { $0.hasPrefix("input:") }
    }

    public func run(json: Any?, path: String) -> FileReport {
        let handler = Self.handler(of: path) ?? "?"
        var report = FileReport(path: path, format: "ethereum-bls \(handler)")
        let doc: Any?
        if path.hasSuffix(".json") {
            doc = json
        } else {
            doc = FileManager.default.contents(atPath: path).flatMap { try? Yams.load(yaml: String(decoding: $0, as: UTF8.self)) }.map(Self.normalizeYAML)
        }
        guard let obj = doc as? [String: Any], let input = obj["input"] else {
            report.failures.append(CaseFailure(caseID: "case", reason: "no input/output object"))
            return report
        }
        let output = obj["output"] ?? NSNull()
        guard Self.handlers.contains(handler) else {
            report.skips.append(Skip(count: 1, reason: "BLS handler \(handler) is not supported"))
            return report
        }
        let caseID = (path as NSString).lastPathComponent == "data.yaml"
            ? ((path as NSString).deletingLastPathComponent as NSString).lastPathComponent
            : ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        switch Self.check(handler: handler, input: input, output: output) {
        case .passed: report.passed += 1
        case .failed(let why): report.failures.append(CaseFailure(caseID: caseID, reason: why))
        case .malformed(let why): report.failures.append(CaseFailure(caseID: caseID, reason: "malformed case: \(why)"))
        }
        return report
    }

    enum Outcome { case passed, failed(String), malformed(String) }

    /// Yams returns mappings keyed by `AnyHashable`; the checks read `[String: Any]`.
    static func normalizeYAML(_ v: Any) -> Any {
        if let m = v as? [AnyHashable: Any] {
            var out: [String: Any] = [:]
            for (k, x) in m { out[String(describing: k.base)] = normalizeYAML(x) }
            return out
        }
        if let a = v as? [Any] { return a.map(Self.normalizeYAML) }
        return v
    }

    static func hex(_ v: Any?) -> [UInt8]? {
        guard let s = v as? String else { return nil }
        return try? Hex.decode(s)
    }

    static func hexList(_ v: Any?) -> [[UInt8]]? {
        guard let a = v as? [Any] else { return nil }
        var out: [[UInt8]] = []
        for x in a { guard let b = hex(x) else { return nil }; out.append(b) }
        return out
    }

    static func expectBool(_ got: Bool, _ output: Any) -> Outcome {
        guard let want = output as? Bool else { return .malformed("output is not a boolean") }
        return got == want ? .passed : .failed("expected \(want), got \(got)")
    }

    /// `got` nil means the operation failed; `output` null means it must.
    static func expectBytes(_ got: [UInt8]?, _ output: Any) -> Outcome {
        if output is NSNull {
            return got == nil ? .passed : .failed("expected failure, got 0x\(got!.hexString)")
        }
        guard let want = hex(output) else { return .malformed("output is neither hex nor null") }
        guard let got else { return .failed("expected 0x\(want.hexString), operation failed") }
        return got == want ? .passed : .failed("expected 0x\(want.hexString), got 0x\(got.hexString)")
    }

    static func check(handler: String, input: Any, output: Any) -> Outcome {
        let d = input as? [String: Any] ?? [:]
        switch handler {
        case "sign":
            guard let sk = hex(d["privkey"]), let msg = hex(d["message"]) else { return .malformed("privkey/message") }
            let sig = (try? BLSSecretKey(integerBytes: sk)).map { $0.sign(msg).compressed }
            return expectBytes(sig, output)
        case "verify":
            guard let pk = hex(d["pubkey"]), let msg = hex(d["message"]), let sig = hex(d["signature"]) else {
                return .malformed("pubkey/message/signature")
            }
            let ok: Bool
            if let p = try? BLSPublicKey(compressed: pk), let s = try? BLSSignature(compressed: sig) {
                ok = BLS.verify(publicKey: p, message: msg, signature: s)
            } else { ok = false }
            return expectBool(ok, output)
        case "aggregate":
            guard let sigs = hexList(input) else { return .malformed("input is not a list of hex") }
            var parsed: [BLSSignature] = []
            for s in sigs { guard let v = try? BLSSignature(compressed: s) else { return expectBytes(nil, output) }; parsed.append(v) }
            return expectBytes((try? BLS.aggregate(parsed))?.compressed, output)
        case "fast_aggregate_verify", "eth_fast_aggregate_verify":
            guard let pks = hexList(d["pubkeys"]), let msg = hex(d["message"]), let sig = hex(d["signature"]) else {
                return .malformed("pubkeys/message/signature")
            }
            // eth_fast_aggregate_verify (consensus specs, Altair): an empty key list with
            // the identity signature is valid (sync committees with no participants).
            if handler == "eth_fast_aggregate_verify", pks.isEmpty {
                return expectBool(sig == [0xc0] + [UInt8](repeating: 0, count: 95), output)
            }
            return expectBool(fastAggregateVerify(pks, msg, sig), output)
        case "aggregate_verify":
            guard let pks = hexList(d["pubkeys"]), let msgs = hexList(d["messages"]), let sig = hex(d["signature"]) else {
                return .malformed("pubkeys/messages/signature")
            }
            var keys: [BLSPublicKey] = []
            for p in pks { guard let k = try? BLSPublicKey(compressed: p) else { return expectBool(false, output) }; keys.append(k) }
            guard let s = try? BLSSignature(compressed: sig) else { return expectBool(false, output) }
            return expectBool(BLS.aggregateVerify(publicKeys: keys, messages: msgs, signature: s), output)
        case "batch_verify":
            guard let pks = hexList(d["pubkeys"]), let msgs = hexList(d["messages"]), let sigs = hexList(d["signatures"]) else {
                return .malformed("pubkeys/messages/signatures")
            }
            guard pks.count == msgs.count, msgs.count == sigs.count else { return expectBool(false, output) }
            var items: [(publicKey: BLSPublicKey, message: [UInt8], signature: BLSSignature)] = []
            for i in pks.indices {
                guard let k = try? BLSPublicKey(compressed: pks[i]), let s = try? BLSSignature(compressed: sigs[i]) else {
                    return expectBool(false, output)
                }
                items.append((k, msgs[i], s))
            }
            return expectBool(BLS.batchVerify(items), output)
        case "eth_aggregate_pubkeys":
            guard let pks = hexList(input) else { return .malformed("input is not a list of hex") }
            var keys: [BLSPublicKey] = []
            for p in pks { guard let k = try? BLSPublicKey(compressed: p) else { return expectBytes(nil, output) }; keys.append(k) }
            return expectBytes((try? BLS.aggregatePublicKeys(keys))?.compressed, output)
        case "hash_to_G2":
            guard let msg = d["msg"] as? String else { return .malformed("msg") }
            let dst = d["dst"] as? String ?? defaultHashToG2DST
            guard let want = output as? [String: Any], let x = want["x"] as? String, let y = want["y"] as? String else {
                return .malformed("output x/y")
            }
            let p = HashToG2.hash(message: Array(msg.utf8), dst: Array(dst.utf8)).affine
            let got = (x: fp2Hex(p.x), y: fp2Hex(p.y))
            return got.x == x.lowercased() && got.y == y.lowercased() ? .passed : .failed("got (\(got.x), \(got.y))")
        case "deserialization_G1":
            guard let pk = hex(d["pubkey"]) else { return .malformed("pubkey") }
            return expectBool((try? G1Affine(bytes: pk)) != nil && pk.count == 48, output)
        case "deserialization_G2":
            guard let sig = hex(d["signature"]) else { return .malformed("signature") }
            return expectBool((try? G2Affine(bytes: sig)) != nil && sig.count == 96, output)
        default:
            return .malformed("unknown handler \(handler)")
        }
    }

    static func fastAggregateVerify(_ pks: [[UInt8]], _ msg: [UInt8], _ sig: [UInt8]) -> Bool {
        var keys: [BLSPublicKey] = []
        for p in pks { guard let k = try? BLSPublicKey(compressed: p) else { return false }; keys.append(k) }
        guard let s = try? BLSSignature(compressed: sig) else { return false }
        return BLS.fastAggregateVerify(publicKeys: keys, message: msg, signature: s)
    }

    static func fp2Hex(_ v: Fp2) -> String {
        "0x" + v.c0.bigEndianBytes.hexString + ",0x" + v.c1.bigEndianBytes.hexString
    }
}
