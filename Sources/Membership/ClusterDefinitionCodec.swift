import Foundation
import Primitives

/// The versioned JSON form of a ``ClusterDefinition`` (`cluster.json`, written by
/// `thresig cluster init`, read by every `thresigd`).
///
/// ```json
/// {
///   "version": 1,
///   "name": "local",
///   "members": [
///     { "id": "node-1", "log_address": "127.0.0.1:7101", "api_address": "127.0.0.1:7201",
///       "tls_fingerprint": "<64 lowercase hex>", "x25519_public_key": "0x<32 bytes>",
///       "ed25519_public_key": "0x<32 bytes>", "client_address": "127.0.0.1:7301" }
///   ]
/// }
/// ```
///
/// `client_address` (the log replica's client port) is optional; every other field is required.
/// Decoding is strict: unknown fields, missing fields and wrong types are typed errors, because a
/// misspelt field silently ignored would leave a node pinning the wrong peer.
public enum ClusterDefinitionCodec {
    static let topFields: Set<String> = ["version", "name", "members"]
    static let memberFields: Set<String> = [
        "id", "log_address", "api_address", "tls_fingerprint", "x25519_public_key", "ed25519_public_key", "client_address",
    ]

    /// Pretty-printed JSON with sorted keys (stable bytes for the same definition).
    public static func encode(_ definition: ClusterDefinition) -> [UInt8] {
        let members: [[String: Any]] = definition.members.map { m in
            var fields: [String: Any] = [
                "id": m.id.rawValue,
                "log_address": m.logAddress.description,
                "api_address": m.apiAddress.description,
                "tls_fingerprint": m.tlsFingerprint,
                "x25519_public_key": "0x" + m.x25519PublicKey.hexString,
                "ed25519_public_key": "0x" + m.ed25519PublicKey.hexString,
            ]
            if let client = m.clientAddress { fields["client_address"] = client.description }
            return fields
        }
        let object: [String: Any] = [
            "version": ClusterDefinition.currentVersion, "name": definition.name, "members": members,
        ]
        // Only strings, integers, arrays and dictionaries above: serialization cannot fail.
        let data = try! JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
        return Array(data) + [0x0A]
    }

    /// Parses and validates a definition.
    public static func decode(_ bytes: [UInt8]) throws(ClusterDefinitionError) -> ClusterDefinition {
        let root: Any
        do { root = try JSONSerialization.jsonObject(with: Data(bytes), options: []) } catch {
            throw .malformed("not JSON")
        }
        guard let top = root as? [String: Any] else { throw .malformed("top level is not an object") }
        try checkFields(top, allowed: topFields, path: "")
        guard let versionNumber = top["version"] as? NSNumber else {
            throw top["version"] == nil ? .missingField("version") : .wrongType("version")
        }
        // NSNumber also wraps booleans and fractions; accept only an exact integer.
        guard isNotBoolean(versionNumber), versionNumber.doubleValue == Double(versionNumber.intValue) else {
            throw .wrongType("version")
        }
        guard versionNumber.intValue == ClusterDefinition.currentVersion else {
            throw .unsupportedVersion(versionNumber.intValue)
        }
        let name = try string(top, "name", path: "")
        guard let rawMembers = top["members"] else { throw .missingField("members") }
        guard let list = rawMembers as? [Any] else { throw .wrongType("members") }
        var members: [Member] = []
        for (i, raw) in list.enumerated() {
            let path = "members[\(i)]."
            guard let object = raw as? [String: Any] else { throw .wrongType("members[\(i)]") }
            try checkFields(object, allowed: memberFields, path: path)
            let id = try MemberID(try string(object, "id", path: path))
            let log = try HostPort(parsing: try string(object, "log_address", path: path))
            let api = try HostPort(parsing: try string(object, "api_address", path: path))
            let fingerprint = try string(object, "tls_fingerprint", path: path)
            let x = try key(object, "x25519_public_key", path: path, member: id, kind: "x25519")
            let ed = try key(object, "ed25519_public_key", path: path, member: id, kind: "ed25519")
            let client = object["client_address"] == nil ? nil : try HostPort(parsing: try string(object, "client_address", path: path))
            members.append(try Member(id: id, logAddress: log, apiAddress: api, tlsFingerprint: fingerprint,
                                      x25519PublicKey: x, ed25519PublicKey: ed, clientAddress: client))
        }
        return try ClusterDefinition(name: name, members: members)
    }

    static func checkFields(_ object: [String: Any], allowed: Set<String>, path: String) throws(ClusterDefinitionError) {
        if let unknown = object.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw .unknownField(path + unknown)
        }
    }

    static func string(_ object: [String: Any], _ field: String, path: String) throws(ClusterDefinitionError) -> String {
        guard let value = object[field] else { throw .missingField(path + field) }
        guard let s = value as? String else { throw .wrongType(path + field) }
        return s
    }

    static func key(_ object: [String: Any], _ field: String, path: String, member: MemberID,
                    kind: String) throws(ClusterDefinitionError) -> [UInt8] {
        let text = try string(object, field, path: path)
        guard text.hasPrefix("0x"), let bytes = try? Hex.decode(text) else {
            throw .invalidPublicKey(member: member.rawValue, kind: kind)
        }
        return bytes
    }

    /// True unless the number is a JSON boolean (Foundation bridges `true` to an NSNumber too).
    static func isNotBoolean(_ n: NSNumber) -> Bool {
        String(cString: n.objCType) != "c" || (n.intValue != 0 && n.intValue != 1)
    }
}
