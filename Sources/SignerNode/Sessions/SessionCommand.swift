import DKG
import Membership

/// A signature scheme a key can be generated for.
public enum Scheme: UInt8, Sendable, Hashable, CaseIterable {
    /// `BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_`: G1 public keys, G2 signatures.
    case bls = 1
    /// ECDSA on secp256k1, threshold by CGGMP21 (GJKR DKG over secp256k1, then aux-info;
    /// docs/protocols/cggmp21.md, "In the node").
    case ecdsaSecp256k1 = 2

    /// The name used in the API and lock files.
    public var name: String {
        switch self {
        case .bls: "bls"
        case .ecdsaSecp256k1: "ecdsa-secp256k1"
        }
    }

    /// The scheme with API name `name`.
    public init?(name: String) {
        guard let s = Scheme.allCases.first(where: { $0.name == name }) else { return nil }
        self = s
    }
}

/// One member of the cluster as the log knows it: its id and the public keys the state machine
/// checks ceremony traffic against.
public struct LoggedMember: Sendable, Hashable {
    /// Member id.
    public let id: MemberID
    /// X25519 key DKG shares are sealed to.
    public let x25519PublicKey: [UInt8]
    /// Ed25519 key that signs this member's ceremony entries.
    public let ed25519PublicKey: [UInt8]

    /// A logged member.
    public init(id: MemberID, x25519PublicKey: [UInt8], ed25519PublicKey: [UInt8]) {
        self.id = id
        self.x25519PublicKey = x25519PublicKey
        self.ed25519PublicKey = ed25519PublicKey
    }

    /// The member as the cluster definition announces it.
    public init(_ member: Membership.Member) {
        self.init(id: member.id, x25519PublicKey: member.x25519PublicKey, ed25519PublicKey: member.ed25519PublicKey)
    }
}

/// The response stored for an idempotent request: replayed byte for byte on a retry.
public struct StoredResponse: Sendable, Hashable {
    /// HTTP status.
    public let status: UInt16
    /// Response body (the coordinator renders it once; every node replays these bytes).
    public let body: [UInt8]
    /// A stored response.
    public init(status: UInt16, body: [UInt8]) { self.status = status; self.body = body }
}

/// A command of the session log (DESIGN.md, "The replicated session log").
///
/// Commands marked *signed* carry an Ed25519 signature by the member they name, over
/// ``SessionEntry/signingBytes(_:)``: the log is GJKR's broadcast channel, and the primary must
/// not be able to speak for a member.
public enum SessionCommand: Sendable, Hashable {
    /// The cluster's members and the parameters every replica must share. Accepted once, as the
    /// first command; membership changes are later work (issue 6 scope).
    case genesis(members: [LoggedMember], idempotencyTTLMillis: UInt64)
    /// Advances the logical clock without other effect (closes phases whose deadline passed).
    case tick
    /// Starts a DKG ceremony for `keyID`. `committee` must be the rendezvous top-`n` of the
    /// members; each phase lasts at most `phaseMillis` of logical time.
    case ceremonyStart(keyID: KeyID, scheme: Scheme, t: Int, n: Int, committee: [MemberID], label: String, phaseMillis: UInt64)
    /// *Signed.* A committee member's DKG broadcast (`DKGMessage` encoding) for the current phase.
    case ceremonyMessage(keyID: KeyID, member: MemberID, message: [UInt8], signature: [UInt8])
    /// *Signed.* The member has broadcast all it will for `phase`; when every member has, the
    /// phase closes before its deadline.
    case phaseDone(keyID: KeyID, member: MemberID, phase: Phase, signature: [UInt8])
    /// *Signed.* The member's view of the ceremony's public output. The key is registered once
    /// `t` committee members have logged byte-identical outputs (at least one honest).
    case keyRegistered(keyID: KeyID, member: MemberID, output: RegisteredKeyOutput, signature: [UInt8])
    /// A signing request. `requestDigest` is SHA-256 of the message (what makes two requests
    /// with one idempotency key "the same"); the decoder refuses any other value.
    case signRequest(keyID: KeyID, message: [UInt8], idempotencyKey: String?, requestDigest: [UInt8])
    /// The coordinator's outcome of request `requestID`: the combined signature when it signed,
    /// and the response every retry replays.
    case signResult(requestID: UInt64, signature: [UInt8]?, response: StoredResponse)
    /// Threshold ECDSA traffic: aux-info and presigning rounds, presignature consumption
    /// (``ECDSACommand``).
    case ecdsa(ECDSACommand)
}

/// The public output of a ceremony as a member logs it.
public struct RegisteredKeyOutput: Sendable, Hashable {
    /// Group public key: compressed G1 (48 bytes) for BLS, compressed SEC1 (33 bytes) for
    /// secp256k1 — the first byte tells which (BLS compressed points have the top bit set).
    public let groupPublicKey: [UInt8]
    /// Share public keys in the group key's encoding, member 1…n in committee order.
    public let sharePublicKeys: [[UInt8]]
    /// Share epoch (0 for a fresh ceremony; resharing increments it).
    public let epoch: UInt64
    /// The DKG transcript hash (32 bytes).
    public let transcriptHash: [UInt8]

    /// A public output.
    public init(groupPublicKey: [UInt8], sharePublicKeys: [[UInt8]], epoch: UInt64, transcriptHash: [UInt8]) {
        self.groupPublicKey = groupPublicKey
        self.sharePublicKeys = sharePublicKeys
        self.epoch = epoch
        self.transcriptHash = transcriptHash
    }
}
