import DKG

/// Why the state machine refused an op. Every refusal leaves the state unchanged except for the
/// logical clock (which the entry's timestamp may still advance, so that time moves on even
/// when a faulty primary appends garbage).
public enum SessionRejection: Error, Sendable, Hashable {
    /// The op did not decode.
    case malformed(SessionDecodingError)
    /// A command other than genesis before genesis, or a second genesis.
    case genesisOrder
    /// The genesis' members repeat an id or a key.
    case invalidGenesis
    /// A ceremony or key with this id already exists.
    case keyExists
    /// No ceremony / key with this id.
    case unknownKey
    /// `t`, `n` or the committee do not fit the members (rendezvous top-n, DKG bounds).
    case invalidCommittee
    /// The member is not on the ceremony's committee.
    case notOnCommittee
    /// The Ed25519 signature of a signed command does not verify.
    case badSignature
    /// The DKG message does not decode for this ceremony, names another sender, or is not of
    /// the current phase.
    case invalidCeremonyMessage
    /// The member already sent this phase's message / done / registration.
    case duplicate
    /// The ceremony is not running (complete or failed) or not in the named phase.
    case wrongPhase
    /// No pending request with this id.
    case unknownRequest
    /// The key is not registered (its ceremony has not completed).
    case keyNotReady
    /// The registration's sizes do not fit the ceremony (share keys ≠ n).
    case invalidRegistration
    /// The ECDSA round message does not decode for its session and round, or names recipients
    /// that are not the session's other parties.
    case invalidECDSAMessage
    /// No aux-info or presigning session with this id (or it is not of this key).
    case unknownSession
    /// The presignature was consumed already, or is not complete: a presignature signs once,
    /// ever (two signatures with one k reveal the key).
    case presignatureUnavailable
    /// The key cannot presign yet (not ECDSA, or its aux-info has not completed).
    case auxInfoNotReady

    var code: UInt8 {
        switch self {
        case .malformed: 1
        case .genesisOrder: 2
        case .invalidGenesis: 3
        case .keyExists: 4
        case .unknownKey: 5
        case .invalidCommittee: 6
        case .notOnCommittee: 7
        case .badSignature: 8
        case .invalidCeremonyMessage: 9
        case .duplicate: 10
        case .wrongPhase: 11
        case .unknownRequest: 12
        case .keyNotReady: 13
        case .invalidRegistration: 14
        case .invalidECDSAMessage: 15
        case .unknownSession: 16
        case .presignatureUnavailable: 17
        case .auxInfoNotReady: 18
        }
    }
}

/// The reply of one op, as the replica returns it to the client that submitted it.
///
/// Encoding: `version:u8 = 1 ‖ tag:u8 ‖ body` (see ``encoded()``).
public enum SessionReply: Sendable, Hashable {
    /// Accepted, nothing more to say (genesis, tick, ceremony traffic).
    case accepted
    /// The ceremony for the key started.
    case ceremonyStarted(KeyID)
    /// The key's registration quorum was reached by this op.
    case keyRegistered(KeyID)
    /// A new sign request was committed with this id; its result will follow in the log.
    case signPending(requestID: UInt64)
    /// An idempotent retry of a request already answered: replay this response.
    case signReplay(StoredResponse)
    /// The idempotency key was used with a different request (HTTP 422).
    case idempotencyConflict
    /// The sign result closed the request.
    case signCompleted(requestID: UInt64)
    /// The op was refused.
    case rejected(SessionRejection)

    /// The reply's bytes.
    public func encoded() -> [UInt8] {
        var w = SessionWriter()
        w.u8(1)
        switch self {
        case .accepted: w.u8(1)
        case let .ceremonyStarted(k): w.u8(2); w.string(k.rawValue)
        case let .keyRegistered(k): w.u8(3); w.string(k.rawValue)
        case let .signPending(id): w.u8(4); w.u64(id)
        case let .signReplay(r): w.u8(5); w.u16(r.status); w.blob(r.body)
        case .idempotencyConflict: w.u8(6)
        case let .signCompleted(id): w.u8(7); w.u64(id)
        case let .rejected(reason):
            w.u8(8); w.u8(reason.code)
            if case let .malformed(e) = reason { w.string(String(describing: e)) }
        }
        return w.bytes
    }

    /// Decodes a reply (the client side of the log). A malformed rejection's detail is carried as
    /// text and comes back as `.malformed(.invalidField(detail))`.
    public static func decode(_ bytes: [UInt8]) throws(SessionDecodingError) -> SessionReply {
        var r = SessionReader(bytes)
        let v = try r.u8("version")
        guard v == 1 else { throw .unknownVersion(v) }
        let reply: SessionReply
        switch try r.u8("tag") {
        case 1: reply = .accepted
        case 2: guard let k = KeyID(try r.string("key id")) else { throw .invalidField("key id") }; reply = .ceremonyStarted(k)
        case 3: guard let k = KeyID(try r.string("key id")) else { throw .invalidField("key id") }; reply = .keyRegistered(k)
        case 4: reply = .signPending(requestID: try r.u64("request id"))
        case 5:
            let status = try r.u16("status")
            reply = .signReplay(StoredResponse(status: status, body: try r.blob("body", limit: SessionEntry.maximumPayload)))
        case 6: reply = .idempotencyConflict
        case 7: reply = .signCompleted(requestID: try r.u64("request id"))
        case 8:
            let code = try r.u8("rejection")
            if code == 1 {
                reply = .rejected(.malformed(.invalidField(try r.string("detail"))))
            } else {
                guard let reason = SessionRejection.all.first(where: { $0.code == code }) else { throw .invalidField("rejection") }
                reply = .rejected(reason)
            }
        case let tag: throw .unknownCommand(tag)
        }
        try r.finish()
        return reply
    }
}

extension SessionRejection {
    /// Every rejection without a payload, for decoding by code.
    static let all: [SessionRejection] = [
        .genesisOrder, .invalidGenesis, .keyExists, .unknownKey, .invalidCommittee, .notOnCommittee, .badSignature,
        .invalidCeremonyMessage, .duplicate, .wrongPhase, .unknownRequest, .keyNotReady, .invalidRegistration,
        .invalidECDSAMessage, .unknownSession, .presignatureUnavailable, .auxInfoNotReady,
    ]
}

/// What applying an op did, for the node's drivers (ceremony participant, signing guard,
/// waiting HTTP requests). Not part of the replicated state: derived from it, the same on every
/// replica.
public enum SessionEvent: Sendable, Hashable {
    case ceremonyStarted(KeyID)
    case ceremonyBroadcast(KeyID, from: Int, bytes: [UInt8])
    /// The ceremony's `phase` closed at this op (deadline or everyone done).
    case phaseClosed(KeyID, Phase)
    case keyRegistered(KeyID)
    case ceremonyFailed(KeyID, CeremonyFailureReason)
    /// The log committed a new sign request.
    case signRequested(PendingSignRequest)
    /// The request was answered.
    case signCompleted(requestID: UInt64, response: StoredResponse)
    /// The request went unanswered for a whole TTL and was abandoned.
    case signExpired(requestID: UInt64)
    /// Threshold-ECDSA progress (``ECDSAEvent``).
    case ecdsa(ECDSAEvent)
}
