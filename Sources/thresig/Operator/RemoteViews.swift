import Foundation

// The JSON shapes of docs/openapi.yaml that the CLI reads. They are declared here rather than
// imported from HTTPAPI so that the CLI depends on the documented wire format only (and the
// `thresig` target does not link the server).

/// `components.schemas.Ceremony`.
struct RemoteCeremony: Sendable, Equatable, Codable {
    let keyID: String
    let scheme: String
    let t: Int
    let n: Int
    let committee: [String]
    let label: String
    /// `running`, `awaiting-registration`, `complete` or `failed`.
    let status: String
    let phase: String?
    let dealt: [String]
    let complained: [String]
    let finished: [String]

    enum CodingKeys: String, CodingKey {
        case scheme, t, n, committee, label, status, phase, dealt, complained, finished
        case keyID = "key_id"
    }

    /// The ceremony ended, one way or the other.
    var isOver: Bool { status == "complete" || status == "failed" }
}

/// `components.schemas.Key`.
struct RemoteKey: Sendable, Equatable, Codable {
    let keyID: String
    let scheme: String
    let t: Int
    let n: Int
    let committee: [String]
    let label: String
    let groupPublicKey: String
    let sharePublicKeys: [String]
    let epoch: UInt64
    let transcriptHash: String

    enum CodingKeys: String, CodingKey {
        case scheme, t, n, committee, label, epoch
        case keyID = "key_id"
        case groupPublicKey = "group_public_key"
        case sharePublicKeys = "share_public_keys"
        case transcriptHash = "transcript_hash"
    }
}

/// `components.schemas.KeyList`.
struct RemoteKeyList: Sendable, Equatable, Codable {
    let keys: [RemoteKey]
}

/// `components.schemas.SignResponse`.
struct RemoteSignature: Sendable, Equatable, Codable {
    let keyID: String
    let requestID: UInt64
    let signature: String

    enum CodingKeys: String, CodingKey {
        case signature
        case keyID = "key_id"
        case requestID = "request_id"
    }
}

/// `components.schemas.Cluster`.
struct RemoteCluster: Sendable, Equatable, Codable {
    struct Member: Sendable, Equatable, Codable {
        let id: String
        let apiAddress: String
        let logAddress: String
        let lag: UInt64?

        enum CodingKeys: String, CodingKey {
            case id, lag
            case apiAddress = "api_address"
            case logAddress = "log_address"
        }
    }

    let name: String
    let members: [Member]
    let view: UInt64
    /// Node number k (1-based) of the primary.
    let primary: Int
    let commitIndex: UInt64
    /// Highest op in the answering node's journal (absent from nodes older than this CLI).
    var op: UInt64? = nil
    /// The answering node's replica status: `normal`, `view-change`, `recovering`.
    var status: String? = nil

    enum CodingKeys: String, CodingKey {
        case name, members, view, primary, op, status
        case commitIndex = "commit_index"
    }
}

/// Request bodies the CLI sends.
enum RemoteRequest {
    /// `components.schemas.CreateKeyRequest`.
    struct CreateKey: Encodable {
        let scheme: String
        let threshold: Int
        let committeeSize: Int
        let label: String

        enum CodingKeys: String, CodingKey {
            case scheme, threshold, label
            case committeeSize = "committee_size"
        }
    }

    /// `components.schemas.SignRequest`.
    struct Sign: Encodable {
        /// `0x` + hex.
        let message: String
    }

    /// JSON with sorted keys (stable bytes: an idempotent retry sends the identical body).
    static func encode<T: Encodable>(_ value: T) throws(OperatorError) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do { return try encoder.encode(value) } catch { throw .failed("could not encode the request: \(error)") }
    }
}
