import Foundation
import Membership
import Primitives
import Testing

/// A member with distinct keys and fingerprint derived from `k`.
func sampleMember(_ k: Int, id: String? = nil) throws -> Member {
    let fp = Hex.encode(SHA256.hash(Array("cert-\(k)".utf8)))
    return try Member(
        id: MemberID(id ?? "node-\(k)"),
        logAddress: HostPort(host: "127.0.0.1", port: 7100 + k),
        apiAddress: HostPort(host: "127.0.0.1", port: 7200 + k),
        tlsFingerprint: fp,
        x25519PublicKey: X25519.KeyPair.generate().publicKey,
        ed25519PublicKey: Ed25519.SigningKey.generate().publicKey)
}

/// Rebuilds `m` with one field replaced.
func replacing(_ m: Member, fingerprint: String? = nil, x: [UInt8]? = nil, ed: [UInt8]? = nil,
               log: HostPort? = nil) throws -> Member {
    try Member(id: m.id, logAddress: log ?? m.logAddress, apiAddress: m.apiAddress,
               tlsFingerprint: fingerprint ?? m.tlsFingerprint, x25519PublicKey: x ?? m.x25519PublicKey,
               ed25519PublicKey: ed ?? m.ed25519PublicKey)
}

@Suite struct ClusterDefinitionTests {
    @Test func roundTripIsExactAndStable() throws {
        let def = try ClusterDefinition(name: "local", members: (1...4).map { try sampleMember($0) })
        let bytes = ClusterDefinitionCodec.encode(def)
        let back = try ClusterDefinitionCodec.decode(bytes)
        #expect(back == def)
        #expect(ClusterDefinitionCodec.encode(back) == bytes)
    }

    @Test func duplicatesAreRefusedWithTypedErrors() throws {
        let a = try sampleMember(1), b = try sampleMember(2)
        #expect(throws: ClusterDefinitionError.duplicateMemberID("node-1")) {
            try ClusterDefinition(name: "c", members: [a, try sampleMember(2, id: "node-1")])
        }
        #expect(throws: ClusterDefinitionError.duplicateFingerprint(a.tlsFingerprint)) {
            try ClusterDefinition(name: "c", members: [a, try replacing(b, fingerprint: a.tlsFingerprint)])
        }
        #expect(throws: ClusterDefinitionError.duplicatePublicKey(kind: "x25519", hex: a.x25519PublicKey.hexString)) {
            try ClusterDefinition(name: "c", members: [a, try replacing(b, x: a.x25519PublicKey)])
        }
        #expect(throws: ClusterDefinitionError.duplicatePublicKey(kind: "ed25519", hex: a.ed25519PublicKey.hexString)) {
            try ClusterDefinition(name: "c", members: [a, try replacing(b, ed: a.ed25519PublicKey)])
        }
        #expect(throws: ClusterDefinitionError.duplicateAddress("127.0.0.1:7201")) {
            try ClusterDefinition(name: "c", members: [a, try replacing(b, log: a.apiAddress)])
        }
        #expect(throws: ClusterDefinitionError.noMembers) { try ClusterDefinition(name: "c", members: []) }
    }

    /// Decodes `cluster.json` after `edit` changed its first member (or the top object).
    func decodeEdited(_ edit: (inout [String: Any], inout [String: Any]) -> Void) throws -> ClusterDefinition {
        let def = try ClusterDefinition(name: "local", members: [try sampleMember(1), try sampleMember(2)])
        var top = try JSONSerialization.jsonObject(with: Data(ClusterDefinitionCodec.encode(def))) as! [String: Any]
        var members = top["members"] as! [[String: Any]]
        edit(&top, &members[0])
        top["members"] = members
        return try ClusterDefinitionCodec.decode(Array(try JSONSerialization.data(withJSONObject: top)))
    }

    @Test func strictDecoding() throws {
        #expect(throws: ClusterDefinitionError.unknownField("members[0].tls_fingerprnt")) {
            try decodeEdited { _, m in m["tls_fingerprnt"] = "x" }
        }
        #expect(throws: ClusterDefinitionError.unknownField("comment")) { try decodeEdited { t, _ in t["comment"] = "x" } }
        #expect(throws: ClusterDefinitionError.missingField("members[0].api_address")) {
            try decodeEdited { _, m in m["api_address"] = nil }
        }
        #expect(throws: ClusterDefinitionError.unsupportedVersion(2)) { try decodeEdited { t, _ in t["version"] = 2 } }
        #expect(throws: ClusterDefinitionError.wrongType("version")) { try decodeEdited { t, _ in t["version"] = "1" } }
        #expect(throws: ClusterDefinitionError.wrongType("members[0].id")) { try decodeEdited { _, m in m["id"] = 7 } }
        #expect(throws: ClusterDefinitionError.invalidMemberID("node 1")) { try decodeEdited { _, m in m["id"] = "node 1" } }
        #expect(throws: ClusterDefinitionError.invalidAddress("127.0.0.1:70000")) {
            try decodeEdited { _, m in m["log_address"] = "127.0.0.1:70000" }
        }
        #expect(throws: ClusterDefinitionError.invalidAddress("::1:80")) { try decodeEdited { _, m in m["log_address"] = "::1:80" } }
        #expect(throws: ClusterDefinitionError.invalidFingerprint(member: "node-1")) {
            try decodeEdited { _, m in m["tls_fingerprint"] = String(repeating: "A", count: 64) }
        }
        #expect(throws: ClusterDefinitionError.invalidPublicKey(member: "node-1", kind: "x25519")) {
            try decodeEdited { _, m in m["x25519_public_key"] = "0x0102" }
        }
        #expect(throws: ClusterDefinitionError.malformed("not JSON")) { try ClusterDefinitionCodec.decode(Array("{".utf8)) }
    }

    @Test func hostPortParsing() throws {
        #expect(try HostPort(parsing: "[::1]:7000") == HostPort(host: "::1", port: 7000))
        #expect(try HostPort(parsing: "[::1]:7000").description == "[::1]:7000")
        #expect(try HostPort(parsing: "node-1.example:443").host == "node-1.example")
        for bad in ["host", "host:", "host:+80", "host:0", ":80", "a b:80", "[::1]7000", "host:123456"] {
            #expect(throws: ClusterDefinitionError.self) { try HostPort(parsing: bad) }
        }
    }
}

extension ClusterDefinitionTests {
    /// Random byte edits of a valid document: every result is either a definition that encodes
    /// back to a document that decodes to itself, or a typed error — never a trap.
    @Test func mutatedDocumentsDecodeOrFailTyped() throws {
        let def = try ClusterDefinition(name: "local", members: (1...3).map { try sampleMember($0) })
        let good = ClusterDefinitionCodec.encode(def)
        var rng = SystemRandomNumberGenerator()
        var accepted = 0
        for _ in 0..<3_000 {
            var doc = good
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                let i = Int.random(in: 0..<doc.count, using: &rng)
                switch Int.random(in: 0..<3, using: &rng) {
                case 0: doc[i] = UInt8.random(in: 0x20...0x7E, using: &rng)
                case 1: doc.remove(at: i)
                default: doc.insert(UInt8.random(in: 0x20...0x7E, using: &rng), at: i)
                }
            }
            do {
                let d = try ClusterDefinitionCodec.decode(doc)
                #expect(try ClusterDefinitionCodec.decode(ClusterDefinitionCodec.encode(d)) == d)
                accepted += 1
            } catch {
                // Typed by the signature; reaching here without a trap is the point.
            }
        }
        // Whitespace edits keep a document valid, so some must pass; most edits must not.
        #expect(accepted > 0 && accepted < 3_000)
    }
}
