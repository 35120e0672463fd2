import Primitives

/// One signer node as the cluster definition announces it: how to reach it and which keys
/// prove it is who it says (DESIGN.md, "Membership and committees").
public struct Member: Hashable, Sendable {
    /// The node's id: its certificate's common name and its name in the log.
    public let id: MemberID
    /// Where the node accepts session-log (VSR) connections over mutual TLS.
    public let logAddress: HostPort
    /// Where the node serves the HTTP API.
    public let apiAddress: HostPort
    /// Lowercase hex SHA-256 of the node's TLS certificate DER: what peers pin.
    public let tlsFingerprint: String
    /// X25519 public key: DKG shares addressed to this node are sealed to it.
    public let x25519PublicKey: [UInt8]
    /// Ed25519 public key: the node's long-term signing identity.
    public let ed25519PublicKey: [UInt8]
    /// Where the node's session-log replica takes client requests (`LogClient` frames, plain
    /// TCP, so a loopback or private address): other nodes of the cluster submit through it.
    /// Absent in definitions written before `thresigd` existed.
    public let clientAddress: HostPort?

    /// Validates the fingerprint's form and the key lengths. Equality of keys across members is
    /// checked by ``ClusterDefinition``.
    public init(id: MemberID, logAddress: HostPort, apiAddress: HostPort, tlsFingerprint: String,
                x25519PublicKey: [UInt8], ed25519PublicKey: [UInt8], clientAddress: HostPort? = nil) throws(ClusterDefinitionError) {
        let fp = Array(tlsFingerprint.utf8)
        guard fp.count == 2 * SHA256.digestLength,
              fp.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) })
        else { throw .invalidFingerprint(member: id.rawValue) }
        guard x25519PublicKey.count == X25519.keyLength else {
            throw .invalidPublicKey(member: id.rawValue, kind: "x25519")
        }
        guard ed25519PublicKey.count == Ed25519.publicKeyLength else {
            throw .invalidPublicKey(member: id.rawValue, kind: "ed25519")
        }
        self.id = id
        self.logAddress = logAddress
        self.apiAddress = apiAddress
        self.tlsFingerprint = tlsFingerprint
        self.x25519PublicKey = x25519PublicKey
        self.ed25519PublicKey = ed25519PublicKey
        self.clientAddress = clientAddress
    }
}
