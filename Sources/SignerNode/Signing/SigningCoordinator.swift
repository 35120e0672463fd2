import BLS12381
import Membership
import Sharing
import ThresholdBLS

/// The coordinator's side of signing (the primary), sans I/O (DESIGN.md, "Threshold BLS"):
/// it tracks the requests the log committed, collects partials from committee members, and
/// once `t` partials combine to a signature that verifies under the group key, returns the
/// `signResult` command to append — with the response body rendered once, so that every retry
/// with the same idempotency key replays the same bytes.
///
/// Robust combine: the first `t` partials are combined and checked once; only if that fails is
/// each partial checked against its member's share public key, and the bad ones named. With
/// fewer than `t` good partials the request waits for more; when every member has answered and
/// there are still too few, it fails.
public struct SigningCoordinator: Sendable {
    struct Pending: Sendable {
        let request: PendingSignRequest
        let spec: KeySpec
        let groupKey: G1Affine
        let shareKeys: [G1Affine]
        var partials: [Int: PartialSignature] = [:]
        var bad: Set<Int> = []
    }

    /// What receiving a partial led to.
    public enum Outcome: Sendable, Equatable {
        /// Not enough good partials yet.
        case waiting
        /// The signature: append this `signResult`.
        case signed(SessionCommand, signature: [UInt8], badMembers: [Int])
        /// Every member answered and fewer than `t` partials are good (or the registered keys
        /// are inconsistent): the request cannot be signed; `badMembers` names the culprits.
        case failed(requestID: UInt64, badMembers: [Int])
    }

    /// Why a partial was refused outright.
    public enum Refusal: Error, Sendable, Equatable {
        /// No pending request with this id (never committed here, or already answered).
        case unknownRequest(UInt64)
        /// The message names another key than the request.
        case keyMismatch
        /// The sender is not the committee member at that index.
        case wrongSender
        /// This index already sent a partial.
        case duplicate
        /// The point does not decode into G2.
        case invalidPoint
    }

    private var pending: [UInt64: Pending] = [:]

    public init() {}

    /// Requests awaiting partials.
    public var pendingRequests: [UInt64] { pending.keys.sorted() }

    /// Handles the events of one applied op.
    public mutating func handle(_ events: [SessionEvent], state: SessionStateMachine) {
        for event in events {
            switch event {
            case let .signRequested(request):
                guard let key = state.keys[request.keyID],
                      let groupKey = try? BLS12381G1Group.decode(key.output.groupPublicKey, allowIdentity: false)
                else { continue }
                var shareKeys: [G1Affine] = []
                for bytes in key.output.sharePublicKeys {
                    guard let k = try? BLS12381G1Group.decode(bytes, allowIdentity: false) else { break }
                    shareKeys.append(k)
                }
                guard shareKeys.count == key.n else { continue }
                pending[request.requestID] = Pending(request: request, spec: key.spec, groupKey: groupKey, shareKeys: shareKeys)
            case let .signCompleted(requestID, _), let .signExpired(requestID):
                pending[requestID] = nil
            default:
                break
            }
        }
    }

    /// Takes a partial that the transport authenticated as coming from `sender`.
    public mutating func receive(_ message: PartialMessage, from sender: MemberID) throws(Refusal) -> Outcome {
        guard var p = pending[message.requestID] else { throw .unknownRequest(message.requestID) }
        guard message.keyID == p.request.keyID else { throw .keyMismatch }
        guard p.spec.index(of: sender) == message.index else { throw .wrongSender }
        guard p.partials[message.index] == nil, !p.bad.contains(message.index) else { throw .duplicate }
        let partial: PartialSignature
        do { partial = try PartialSignature(index: message.index, compressed: message.partial) } catch { throw .invalidPoint }
        p.partials[message.index] = partial
        let outcome = combine(&p)
        switch outcome {
        case .waiting: pending[message.requestID] = p
        case .signed, .failed: pending[message.requestID] = nil
        }
        return outcome
    }

    func combine(_ p: inout Pending) -> Outcome {
        guard p.partials.count >= p.spec.t else { return .waiting }
        let ordered = p.partials.keys.sorted().map { p.partials[$0]! }
        do {
            let r = try BLSThreshold.robustCombine(partials: ordered, threshold: p.spec.t, groupPublicKey: p.groupKey,
                                                   sharePublicKeys: p.shareKeys, message: p.request.message)
            let signature = r.signature.compressed
            let body = SignResponseBody.render(keyID: p.request.keyID, requestID: p.request.requestID, signature: signature)
            let command = SessionCommand.signResult(requestID: p.request.requestID, signature: signature,
                                                    response: StoredResponse(status: 200, body: body))
            return .signed(command, signature: signature, badMembers: p.bad.union(r.badMembers).sorted())
        } catch let .notEnoughValidPartials(_, _, bad) {
            // Drop the bad partials so that later good ones are combined with the good ones only.
            for i in bad { p.partials[i] = nil; p.bad.insert(i) }
            return p.partials.count + p.bad.count >= p.spec.n ? .failed(requestID: p.request.requestID, badMembers: p.bad.sorted()) : .waiting
        } catch {
            return .failed(requestID: p.request.requestID, badMembers: p.bad.sorted())
        }
    }
}
