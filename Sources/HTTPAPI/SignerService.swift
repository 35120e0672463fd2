import SignerNode

/// What the HTTP API needs from a signer node: the seam between the routes and the node.
/// `thresigd` plugs the real node (session log, drivers, vault) in; tests use an in-memory fake.
///
/// Implementations must be safe to call concurrently (many requests in flight at once).
public protocol SignerService: Sendable {
    /// Starts a ceremony (appends a ceremony start to the log) and returns its first view.
    func createKey(_ request: CreateKeyRequest) async throws(ServiceError) -> CeremonyView
    /// A ceremony's progress.
    func ceremony(_ keyID: KeyID) async throws(ServiceError) -> CeremonyView
    /// Registered keys, by id.
    func keys() async throws(ServiceError) -> [KeyView]
    /// One registered key.
    func key(_ keyID: KeyID) async throws(ServiceError) -> KeyView
    /// Signs `message` with the threshold key `keyID`. Returns the stored response (status and
    /// body bytes) — for a retry with the same idempotency key and request, the stored one.
    func sign(keyID: KeyID, message: [UInt8], idempotencyKey: String?) async throws(ServiceError) -> StoredSignResponse
    /// The cluster as this node sees it.
    func cluster() async throws(ServiceError) -> ClusterView
    /// Whether the node can serve requests now (it has joined the log and caught up); the
    /// reason when not.
    func readiness() async -> Readiness
}

/// A sign response as the log stored it.
public struct StoredSignResponse: Sendable, Equatable {
    /// HTTP status.
    public let status: Int
    /// Response body bytes.
    public let body: [UInt8]
    /// A stored response.
    public init(status: Int, body: [UInt8]) { self.status = status; self.body = body }
}

/// Whether the node is ready.
public enum Readiness: Sendable, Equatable {
    case ready
    case notReady(reason: String, retryAfterSeconds: Int)
}

/// A service failure the API maps to a problem type.
public enum ServiceError: Error, Sendable, Equatable {
    case unknownKey
    case unknownCeremony
    case keyNotReady
    /// The idempotency key was used with another request (422).
    case idempotencyConflict
    /// The request is beyond the cluster's present ability (too few members up, no primary):
    /// 503 with `Retry-After`.
    case unavailable(detail: String, retryAfterSeconds: Int)
    /// Parameters the node refuses (t, n against the members), with why.
    case invalidRequest(String)
    /// An ECDSA key was given something other than a 32-byte digest (400 `invalid-digest`).
    case invalidDigest(String)
    case notImplemented(String)
    case internalError(String)

    var problem: Problem {
        switch self {
        case .unknownKey: Problem(.unknownKey)
        case .unknownCeremony: Problem(.unknownCeremony)
        case .keyNotReady: Problem(.keyNotReady)
        case .idempotencyConflict: Problem(.idempotencyConflict)
        case let .unavailable(detail, retry): Problem(.unavailable, detail, retryAfter: retry)
        case let .invalidRequest(detail): Problem(.invalidRequest, detail)
        case let .invalidDigest(detail): Problem(.invalidDigest, detail)
        case let .notImplemented(detail): Problem(.notImplemented, detail)
        case let .internalError(detail): Problem(.internalError, detail)
        }
    }
}

/// `POST /v1/keys` body.
public struct CreateKeyRequest: Sendable, Equatable, Codable {
    /// Signature scheme (`bls` or `ecdsa-secp256k1`).
    public let scheme: String
    /// Shares needed to sign (`t`).
    public let threshold: Int
    /// Committee size (`n`).
    public let committeeSize: Int
    /// Operator's label for the key.
    public let label: String

    /// A create-key request.
    public init(scheme: String, threshold: Int, committeeSize: Int, label: String) {
        self.scheme = scheme
        self.threshold = threshold
        self.committeeSize = committeeSize
        self.label = label
    }

    enum CodingKeys: String, CodingKey {
        case scheme, threshold, label
        case committeeSize = "committee_size"
    }
}

/// A ceremony's state (`GET /v1/ceremonies/{id}`).
public struct CeremonyView: Sendable, Equatable, Codable {
    /// The key id.
    public let keyID: String
    /// Signature scheme (`bls` or `ecdsa-secp256k1`).
    public let scheme: String
    /// Shares needed to sign.
    public let t: Int
    /// Committee size.
    public let n: Int
    /// Member ids, in share-index order.
    public let committee: [String]
    /// Operator's label for the key.
    public let label: String
    /// `running`, `awaiting-registration`, `complete` or `failed`.
    public let status: String
    /// The open phase while running (`dealing`, `complaints`, …), else absent.
    public let phase: String?
    /// Members that have broadcast a dealing.
    public let dealt: [String]
    /// Members that have complained about someone.
    public let complained: [String]
    /// Members whose registration is logged.
    public let finished: [String]

    /// A ceremony view.
    public init(keyID: String, scheme: String, t: Int, n: Int, committee: [String], label: String, status: String,
                phase: String?, dealt: [String], complained: [String], finished: [String]) {
        self.keyID = keyID; self.scheme = scheme; self.t = t; self.n = n; self.committee = committee
        self.label = label; self.status = status; self.phase = phase
        self.dealt = dealt; self.complained = complained; self.finished = finished
    }

    enum CodingKeys: String, CodingKey {
        case scheme, t, n, committee, label, status, phase, dealt, complained, finished
        case keyID = "key_id"
    }
}

/// A registered key (`GET /v1/keys/{id}`, and the lock file's fields).
public struct KeyView: Sendable, Equatable, Codable {
    /// The key id.
    public let keyID: String
    /// Signature scheme (`bls`).
    public let scheme: String
    /// Shares needed to sign.
    public let t: Int
    /// Committee size.
    public let n: Int
    /// Member ids in share-index order.
    public let committee: [String]
    /// Operator's label for the key.
    public let label: String
    /// 0x-hex compressed G1 point (BLS) or compressed SEC1 point (ECDSA).
    public let groupPublicKey: String
    /// 0x-hex share public keys in the same encoding, index 1…n.
    public let sharePublicKeys: [String]
    /// Share epoch (0 after the ceremony).
    public let epoch: UInt64
    /// 0x-hex DKG transcript hash.
    public let transcriptHash: String

    /// A key view.
    public init(keyID: String, scheme: String, t: Int, n: Int, committee: [String], label: String, groupPublicKey: String,
                sharePublicKeys: [String], epoch: UInt64, transcriptHash: String) {
        self.keyID = keyID; self.scheme = scheme; self.t = t; self.n = n; self.committee = committee; self.label = label
        self.groupPublicKey = groupPublicKey; self.sharePublicKeys = sharePublicKeys; self.epoch = epoch
        self.transcriptHash = transcriptHash
    }

    enum CodingKeys: String, CodingKey {
        case scheme, t, n, committee, label, epoch
        case keyID = "key_id"
        case groupPublicKey = "group_public_key"
        case sharePublicKeys = "share_public_keys"
        case transcriptHash = "transcript_hash"
    }
}

/// `GET /v1/cluster`.
public struct ClusterView: Sendable, Equatable, Codable {
    /// One member as `GET /v1/cluster` shows it.
    public struct MemberView: Sendable, Equatable, Codable {
        /// Member id.
        public let id: String
        /// HTTP API address.
        public let apiAddress: String
        /// Session-log transport address.
        public let logAddress: String
        /// Ops this member is behind the primary's commit index, when known.
        public let lag: UInt64?
        /// A member view.
        public init(id: String, apiAddress: String, logAddress: String, lag: UInt64?) {
            self.id = id; self.apiAddress = apiAddress; self.logAddress = logAddress; self.lag = lag
        }
        enum CodingKeys: String, CodingKey {
            case id, lag
            case apiAddress = "api_address"
            case logAddress = "log_address"
        }
    }

    /// Cluster name.
    public let name: String
    /// Members in definition order.
    public let members: [MemberView]
    /// The log's current view number.
    public let view: UInt64
    /// The primary as the node number k (1-based position in the member list).
    public let primary: Int
    /// The log's commit index as this node knows it.
    public let commitIndex: UInt64
    /// The highest op in this node's journal (prepared, perhaps not yet committed): with
    /// `commitIndex`, how much this node holds that it has not yet applied.
    public let op: UInt64?
    /// This node's replica status: `normal`, `view-change` or `recovering` (VRR §4.1–4.3).
    public let status: String?

    /// A cluster view.
    public init(name: String, members: [MemberView], view: UInt64, primary: Int, commitIndex: UInt64,
                op: UInt64? = nil, status: String? = nil) {
        self.name = name; self.members = members; self.view = view; self.primary = primary; self.commitIndex = commitIndex
        self.op = op; self.status = status
    }

    enum CodingKeys: String, CodingKey {
        case name, members, view, primary, op, status
        case commitIndex = "commit_index"
    }
}
