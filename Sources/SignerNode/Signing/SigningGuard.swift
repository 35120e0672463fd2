import Primitives

/// Why a node refused to produce a partial signature.
public enum SigningRefusal: Error, Equatable, Sendable {
    /// The node's own applied log has no pending request with this id: it was never committed,
    /// or it is already answered. A faulty primary cannot obtain a partial for it.
    case notCommitted(requestID: UInt64)
    /// The request exists but names another key or message than the one asked for.
    case requestMismatch(requestID: UInt64)
    /// This node holds no usable share of the key (not on its committee, or not unsealed).
    case noShare(keyID: String)
}

/// The node's own record of what it may sign and what it has signed (issue 6: "each node also
/// keeps its own record of what it has signed and refuses to produce a partial for a request
/// the log did not commit" — the defence against a faulty primary asking for partials of
/// messages it never logged).
///
/// Not replicated: fed from this node's ``SessionStateMachine`` events, so it reflects exactly
/// the ops this node has applied.
public struct SigningGuard: Sendable {
    struct Committed: Sendable {
        let keyID: KeyID
        let messageDigest: [UInt8]
    }

    private var committed: [UInt64: Committed] = [:]
    /// Request ids this node produced a partial for, while the request is pending.
    public private(set) var signed: Set<UInt64> = []

    public init() {}

    /// Takes in the events of applied ops.
    public mutating func observe(_ events: [SessionEvent]) {
        for event in events {
            switch event {
            case let .signRequested(r):
                committed[r.requestID] = Committed(keyID: r.keyID, messageDigest: SHA256.hash(r.message))
            case let .signCompleted(requestID, _), let .signExpired(requestID):
                committed[requestID] = nil
                signed.remove(requestID)
            default:
                break
            }
        }
    }

    /// Checks that request `requestID` was committed for exactly `keyID` and `message`, and
    /// records the partial as given. Asking twice for the same request is allowed (BLS partials
    /// are deterministic: the same answer).
    public mutating func authorize(requestID: UInt64, keyID: KeyID, message: [UInt8]) throws(SigningRefusal) {
        guard let c = committed[requestID] else { throw .notCommitted(requestID: requestID) }
        guard c.keyID == keyID, c.messageDigest == SHA256.hash(message) else { throw .requestMismatch(requestID: requestID) }
        signed.insert(requestID)
    }

    /// Number of committed requests awaiting their result.
    public var pendingCount: Int { committed.count }
}
