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
        guardian.observe(events)
        var out: [PartialMessage] = []
        for case let .signRequested(request) in events {
            if let m = try? partial(requestID: request.requestID, keyID: request.keyID, message: request.message, state: state) {
                out.append(m)
            }
        }
        return out
    }

    /// The partial for a committed request, after the guard's check.
    public mutating func partial(requestID: UInt64, keyID: KeyID, message: [UInt8],
                                 state: SessionStateMachine) throws(SigningRefusal) -> PartialMessage {
        try guardian.authorize(requestID: requestID, keyID: keyID, message: message)
        guard let share = shares[keyID], let key = state.keys[keyID], key.spec.index(of: me) == share.index else {
            throw .noShare(keyID: keyID.rawValue)
        }
        do {
            let p = try BLSThreshold.partialSign(share: share.share, message: message)
            return PartialMessage(requestID: requestID, keyID: keyID, index: p.index, partial: p.point.compressedBytes)
        } catch {
            throw .noShare(keyID: keyID.rawValue)
        }
    }
}
