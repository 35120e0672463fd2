import Primitives

/// Authenticates what a node submits to the log's client port.
///
/// Nodes forward commands (sign requests, results, ceremony traffic) to the primary through
/// the replicas' client ports, which speak plain TCP (docs/replication.md). Without this, anyone
/// who could reach a client port could append a sign request — and read the signature from its
/// reply — or a forged sign result. So every request a node sends is sealed with its Ed25519
/// identity key, and the replica host admits only requests that a cluster member sealed; it
/// proposes the unsealed body, so the log's ops are unchanged.
///
/// Sealed body: `body ‖ member:u16 ‖ signature:64`, where `member` is the sender's index in the
/// cluster definition and the signature covers
/// `"thresig/log-client-request/v1" ‖ clientId:u64 ‖ requestNumber:u64 ‖ body` — binding the
/// client id and request number, so a captured request cannot be replayed as another client's
/// or another request (a replay of the same one is answered from the log's client table, VRR
/// §4.1). Retries re-send the same bytes (Ed25519 is deterministic). What this does not give:
/// confidentiality (a request's message and its signature cross the network in the clear) —
/// keep the client ports on a private network, as docs/security.md says.
public enum ClientRequestSeal {
    static let domain = Array("thresig/log-client-request/v1".utf8)
    /// Bytes a seal appends.
    public static let trailerLength = 2 + Ed25519.signatureLength

    static func signedBytes(clientId: UInt64, requestNumber: UInt64, body: [UInt8]) -> [UInt8] {
        var w = SessionWriter()
        w.fixed(domain); w.u64(clientId); w.u64(requestNumber); w.fixed(body)
        return w.bytes
    }

    /// `body` sealed by member `memberIndex` (its position in the cluster definition).
    public static func seal(_ body: [UInt8], clientId: UInt64, requestNumber: UInt64,
                            memberIndex: Int, key: Ed25519.SigningKey) -> [UInt8] {
        precondition((0...Int(UInt16.max)).contains(memberIndex), "member index out of range")
        let signature = key.sign(signedBytes(clientId: clientId, requestNumber: requestNumber, body: body))
        var w = SessionWriter()
        w.fixed(body); w.u16(UInt16(memberIndex)); w.fixed(signature)
        return w.bytes
    }

    /// The body, if `sealed` carries a valid seal of the member it names; nil otherwise
    /// (too short, unknown member, bad signature, or sealed for another client id or request).
    public static func open(_ sealed: [UInt8], clientId: UInt64, requestNumber: UInt64,
                            memberKeys: [[UInt8]]) -> [UInt8]? {
        guard sealed.count >= trailerLength else { return nil }
        let bodyEnd = sealed.count - trailerLength
        let member = Int(sealed[bodyEnd]) << 8 | Int(sealed[bodyEnd + 1])
        guard memberKeys.indices.contains(member) else { return nil }
        let body = Array(sealed[..<bodyEnd])
        let signature = Array(sealed[(bodyEnd + 2)...])
        guard Ed25519.verify(signature: signature,
                             message: signedBytes(clientId: clientId, requestNumber: requestNumber, body: body),
                             publicKey: memberKeys[member]) else { return nil }
        return body
    }
}
