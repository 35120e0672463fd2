import BLS12381
import DKG
import Membership
import Sharing
import ThresholdBLS

/// A committee member's side of signing, sans I/O: for every sign request its own log commits
/// on a key it holds a share of, it computes its partial (constant-time scalar multiplication,
/// `BLSThreshold.partialSign`) for the coordinator. Nothing else makes it sign: an explicit
/// request (a coordinator re-asking after a failover) passes the ``SigningGuard``.
public struct SigningParticipant: Sendable {
    /// This node.
    public let me: MemberID
    private var guardian = SigningGuard()
    private var shares: [KeyID: KeyShare<BLS12381G1Group>] = [:]

    /// A participant for member `me`, with no share yet.
    public init(me: MemberID) { self.me = me }

    /// Makes a share usable (after the ceremony, or unsealed from the vault at start).
    public mutating func install(_ share: KeyShare<BLS12381G1Group>, for keyID: KeyID) { shares[keyID] = share }

    /// Key ids this member can sign with.
    public var keys: [KeyID] { shares.keys.sorted() }

    /// Handles the events of one applied op; returns the partials to send to the coordinator.
    public mutating func handle(_ events: [SessionEvent], state: SessionStateMachine) -> [PartialMessage] {
        handleDeferred(events, state: state).compactMap { $0.run() }
    }

    /// Handles the events of one applied op; returns the partials to compute (authorized by the
    /// guard now, in log order), as jobs the node runs off its event loop.
    public mutating func handleDeferred(_ events: [SessionEvent], state: SessionStateMachine) -> [PartialJob] {
        guardian.observe(events)
        var out: [PartialJob] = []
        for case let .signRequested(request) in events {
            if let job = try? job(requestID: request.requestID, keyID: request.keyID, message: request.message, state: state) {
                out.append(job)
            }
        }
        return out
    }

    /// The partial for a committed request, after the guard's check.
    public mutating func partial(requestID: UInt64, keyID: KeyID, message: [UInt8],
                                 state: SessionStateMachine) throws(SigningRefusal) -> PartialMessage {
        guard let partial = try job(requestID: requestID, keyID: keyID, message: message, state: state).run() else {
            throw .noShare(keyID: keyID.rawValue)
        }
        return partial
    }

    /// The guard's check, then the job that computes the partial.
    mutating func job(requestID: UInt64, keyID: KeyID, message: [UInt8],
                      state: SessionStateMachine) throws(SigningRefusal) -> PartialJob {
        try guardian.authorize(requestID: requestID, keyID: keyID, message: message)
        guard let share = shares[keyID], let key = state.keys[keyID], key.spec.index(of: me) == share.index else {
            throw .noShare(keyID: keyID.rawValue)
        }
        return PartialJob(requestID: requestID, keyID: keyID, share: share, message: message)
    }
}

/// One authorized partial signature still to compute (hash-to-G2 and a constant-time scalar
/// multiplication by the share): the node runs it off its event loop. It holds the member's
/// share, so it lives only in this process's memory, like the participant's own copy.
public struct PartialJob: Sendable {
    /// The committed request.
    public let requestID: UInt64
    let keyID: KeyID
    let share: KeyShare<BLS12381G1Group>
    let message: [UInt8]

    /// The partial message, or nil if the share is unusable (it was checked when installed).
    public func run() -> PartialMessage? {
        guard let p = try? BLSThreshold.partialSign(share: share.share, message: message) else { return nil }
        return PartialMessage(requestID: requestID, keyID: keyID, index: p.index, partial: p.point.compressedBytes)
    }
}
