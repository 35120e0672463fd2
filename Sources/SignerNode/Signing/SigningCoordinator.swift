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
/// there are still too few, it fails. That work is a ``CombineJob`` the node runs off its event
/// loop; ``receiveInline(_:from:)`` runs it in place.
public struct SigningCoordinator: Sendable {
    /// A registered key's points, decoded (and subgroup-checked) once, not per request.
    struct DecodedKey: Sendable {
        let epoch: UInt64
        let groupKeyBytes: [UInt8]
        let groupKey: G1Affine
        let shareKeys: [G1Affine]
    }

    struct Pending: Sendable {
        let request: PendingSignRequest
        let spec: KeySpec
        let key: DecodedKey
        /// Partials not (yet) found bad, as received (index → compressed point).
        var partials: [Int: [UInt8]] = [:]
        var bad: Set<Int> = []
        /// A ``CombineJob`` for this request is running; partials arriving meanwhile wait.
        var combining = false
    }

    /// What receiving a partial (or finishing a combine job) led to.
    public enum Outcome: Sendable, Equatable {
        /// Not enough good partials yet (or a combine job is already running).
        case waiting
        /// Enough partials: run this job (off the loop) and pass its result to ``complete(_:)``.
        case combine(CombineJob)
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
        /// The bytes are not a compressed, non-identity G2 encoding (the flag bits; the point
        /// itself is decoded and checked in the combine job, which names a bad one).
        case invalidPoint
    }

    private var pending: [UInt64: Pending] = [:]
    private var keys: [KeyID: DecodedKey] = [:]

    public init() {}

    /// Requests awaiting partials.
    public var pendingRequests: [UInt64] { pending.keys.sorted() }

    /// Handles the events of one applied op.
    public mutating func handle(_ events: [SessionEvent], state: SessionStateMachine) {
        for event in events {
            switch event {
            case let .signRequested(request):
                guard let record = state.keys[request.keyID], let key = decodedKey(request.keyID, record) else { continue }
                pending[request.requestID] = Pending(request: request, spec: record.spec, key: key)
            case let .signCompleted(requestID, _), let .signExpired(requestID):
                pending[requestID] = nil
            default:
                break
            }
        }
    }

    /// The key's decoded points, from the cache while the registered output is unchanged.
    private mutating func decodedKey(_ keyID: KeyID, _ record: KeyRecord) -> DecodedKey? {
        if let cached = keys[keyID], cached.epoch == record.output.epoch, cached.groupKeyBytes == record.output.groupPublicKey {
            return cached
        }
        guard let groupKey = try? BLS12381G1Group.decode(record.output.groupPublicKey, allowIdentity: false) else { return nil }
        var shareKeys: [G1Affine] = []
        for bytes in record.output.sharePublicKeys {
            guard let k = try? BLS12381G1Group.decode(bytes, allowIdentity: false) else { return nil }
            shareKeys.append(k)
        }
        guard shareKeys.count == record.n else { return nil }
        let key = DecodedKey(epoch: record.output.epoch, groupKeyBytes: record.output.groupPublicKey,
                             groupKey: groupKey, shareKeys: shareKeys)
        keys[keyID] = key
        return key
    }

    /// Takes a partial that the transport authenticated as coming from `sender`. Cheap: it
    /// checks the envelope and stores the bytes; once `t` are in, it returns a ``CombineJob``.
    public mutating func receive(_ message: PartialMessage, from sender: MemberID) throws(Refusal) -> Outcome {
        guard var p = pending[message.requestID] else { throw .unknownRequest(message.requestID) }
        guard message.keyID == p.request.keyID else { throw .keyMismatch }
        guard p.spec.index(of: sender) == message.index else { throw .wrongSender }
        guard p.partials[message.index] == nil, !p.bad.contains(message.index) else { throw .duplicate }
        // ZCash encoding flags: compressed (0x80) and not the point at infinity (0x40).
        guard message.partial.count == 96, message.partial[0] & 0xC0 == 0x80 else { throw .invalidPoint }
        p.partials[message.index] = message.partial
        let outcome = nextStep(&p)
        return store(p, outcome)
    }

    /// Takes the result of a ``CombineJob`` this coordinator handed out.
    public mutating func complete(_ result: CombineJob.Result) -> Outcome {
        guard var p = pending[result.requestID], p.combining else { return .waiting } // Answered meanwhile.
        p.combining = false
        if let signature = result.signature {
            pending[result.requestID] = nil
            let body = SignResponseBody.render(keyID: p.request.keyID, requestID: p.request.requestID, signature: signature)
            let command = SessionCommand.signResult(requestID: p.request.requestID, signature: signature,
                                                    response: StoredResponse(status: 200, body: body))
            return .signed(command, signature: signature, badMembers: p.bad.union(result.bad).sorted())
        }
        // Drop the bad partials so that later good ones are combined with the good ones only.
        for i in result.bad { p.partials[i] = nil; p.bad.insert(i) }
        if result.keysInconsistent {
            pending[result.requestID] = nil
            return .failed(requestID: p.request.requestID, badMembers: p.bad.sorted())
        }
        let outcome = nextStep(&p)
        return store(p, outcome)
    }

    /// Keeps `p` unless `outcome` decided its request.
    private mutating func store(_ p: Pending, _ outcome: Outcome) -> Outcome {
        switch outcome {
        case .waiting, .combine: pending[p.request.requestID] = p
        case .signed, .failed: pending[p.request.requestID] = nil
        }
        return outcome
    }

    /// Receives and, when a job is due, runs it right here until the request is decided or
    /// waits: for tests and in-process clusters, where there is no loop to keep free.
    public mutating func receiveInline(_ message: PartialMessage, from sender: MemberID) throws(Refusal) -> Outcome {
        var outcome = try receive(message, from: sender)
        while case let .combine(job) = outcome { outcome = complete(job.run()) }
        return outcome
    }

    /// A job when `t` partials are in and none runs; failure when every member has answered and
    /// too few are good.
    private mutating func nextStep(_ p: inout Pending) -> Outcome {
        if p.combining { return .waiting }
        if p.partials.count >= p.spec.t {
            p.combining = true
            let partials = p.partials.keys.sorted().map { (index: $0, bytes: p.partials[$0]!) }
            return .combine(CombineJob(requestID: p.request.requestID, keyID: p.request.keyID, t: p.spec.t,
                                       groupKey: p.key.groupKey, shareKeys: p.key.shareKeys,
                                       message: p.request.message, partials: partials))
        }
        if p.partials.count + p.bad.count >= p.spec.n {
            return .failed(requestID: p.request.requestID, badMembers: p.bad.sorted())
        }
        return .waiting
    }
}
