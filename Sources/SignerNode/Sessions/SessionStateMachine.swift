import DKG
import Membership
import Primitives
import Replication

/// The replicated state machine of sessions (DESIGN.md, "The replicated session log"): keys and
/// their committees, ceremonies, sign requests and the idempotency table.
///
/// Every replica applies the same committed ops in the same order, so everything here is a pure
/// function of the op sequence: no wall clock (time is the primary's timestamp in each entry,
/// made monotonic by taking the maximum), no randomness, dictionaries only iterated in sorted
/// order. The log carries whatever the primary appended, so every op is decoded and validated,
/// and any failure is a ``SessionReply/rejected(_:)`` reply that changes nothing but the clock.
public struct SessionStateMachine: StateMachine, Sendable, Hashable {
    /// The cluster's members from the genesis entry; nil before it.
    public internal(set) var members: [LoggedMember]?
    /// Lifetime of idempotency entries, in log milliseconds (from the genesis entry).
    public internal(set) var idempotencyTTLMillis: UInt64 = 0
    /// The log's logical clock: the largest timestamp applied so far.
    public internal(set) var clockMillis: UInt64 = 0
    /// Every ceremony started, by key id.
    public internal(set) var ceremonies: [KeyID: CeremonyRecord] = [:]
    /// Registered keys.
    public internal(set) var keys: [KeyID: KeyRecord] = [:]
    /// Committed sign requests awaiting their result.
    public internal(set) var pending: [UInt64: PendingSignRequest] = [:]
    /// Pending request ids in creation order (derived from `pending`; ids grow with log time).
    var pendingOrder: [UInt64] = []
    /// Ceremonies still running or awaiting registration (derived from `ceremonies`), so that
    /// deadline checks on every op do not walk every ceremony ever run.
    var activeCeremonies: Set<KeyID> = []
    /// The idempotency table.
    public internal(set) var idempotency = IdempotencyTable()
    /// The id the next sign request gets.
    public internal(set) var nextRequestID: UInt64 = 1
    /// Threshold-ECDSA sessions (aux-info, presignatures) and their consumption.
    public internal(set) var ecdsa = ECDSAState()
    /// Set when `restore` was given bytes that are not a snapshot; the state is then empty and
    /// every op is refused, so the host must stop and fetch a good snapshot (see ``restore(_:)``).
    public internal(set) var restoreFailure: SessionDecodingError?

    public init() {}

    // MARK: StateMachine

    public mutating func apply(_ operation: [UInt8]) -> [UInt8] {
        applyCommitted(operation).reply.encoded()
    }

    public func snapshot() -> [UInt8] { SessionSnapshot.encode(self) }

    /// Replaces the state with a snapshot's. A snapshot that does not decode (corruption the
    /// replication layer's checksums did not catch) must not crash the node nor let it go on with
    /// a wrong state: the state becomes empty with ``restoreFailure`` set.
    public mutating func restore(_ snapshot: [UInt8]) {
        do {
            self = try SessionSnapshot.decode(snapshot)
        } catch {
            self = SessionStateMachine()
            restoreFailure = error
        }
    }

    // MARK: Applying

    /// Applies one committed op and returns its reply and the events it caused (for the node's
    /// drivers). ``apply(_:)`` is this without the events.
    public mutating func applyCommitted(_ operation: [UInt8]) -> (reply: SessionReply, events: [SessionEvent]) {
        if let restoreFailure { return (.rejected(.malformed(restoreFailure)), []) }
        let entry: SessionEntry
        do { entry = try SessionEntry.decode(operation) } catch { return (.rejected(.malformed(error)), []) }
        // Time moves on even for a refused command: deadlines must not depend on which ops were valid.
        clockMillis = max(clockMillis, entry.timestampMillis)
        var events: [SessionEvent] = []
        if members != nil {
            idempotency.expire(now: clockMillis, ttl: idempotencyTTLMillis)
            expirePending(&events)
            closeDuePhases(&events)
            expireECDSASignings(&events)
            expireAuxInfo(&events)
        }
        let reply: SessionReply
        switch execute(entry.command, &events) {
        case let .success(r): reply = r
        case let .failure(rejection): reply = .rejected(rejection); events = events.filter(\.isTimeDriven)
        }
        return (reply, events)
    }

    mutating func execute(_ command: SessionCommand, _ events: inout [SessionEvent]) -> Result<SessionReply, SessionRejection> {
        if case let .genesis(list, ttl) = command { return genesis(list, ttl: ttl) }
        guard members != nil else { return .failure(.genesisOrder) }
        switch command {
        case .genesis: return .failure(.genesisOrder)
        case .tick: return .success(.accepted)
        case let .ceremonyStart(keyID, scheme, t, n, committee, label, phaseMillis):
            return startCeremony(keyID: keyID, scheme: scheme, t: t, n: n, committee: committee, label: label,
                                 phaseMillis: phaseMillis, &events)
        case .ceremonyMessage, .phaseDone, .keyRegistered:
            return ceremonyTraffic(command, &events)
        case let .signRequest(keyID, message, idempotencyKey, digest):
            return signRequest(keyID: keyID, message: message, idempotencyKey: idempotencyKey, digest: digest, &events)
        case let .signResult(requestID, _, response):
            // An ECDSA request is answered only by every replica's own combination of the σ_i
            // (SessionStateMachine+ECDSA), never by a result some member submits.
            if let request = pending[requestID], keys[request.keyID]?.spec.scheme == .ecdsaSecp256k1 {
                return .failure(.unknownRequest)
            }
            return signResult(requestID: requestID, response: response, &events)
        case let .ecdsa(c):
            return applyECDSA(c, &events)
        }
    }

    mutating func genesis(_ list: [LoggedMember], ttl: UInt64) -> Result<SessionReply, SessionRejection> {
        guard members == nil else { return .failure(.genesisOrder) }
        guard Set(list.map(\.id)).count == list.count, Set(list.map(\.x25519PublicKey)).count == list.count,
              Set(list.map(\.ed25519PublicKey)).count == list.count
        else { return .failure(.invalidGenesis) }
        members = list
        idempotencyTTLMillis = ttl
        return .success(.accepted)
    }

    /// The logged member with `id`.
    func member(_ id: MemberID) -> LoggedMember? { members?.first { $0.id == id } }

    /// Equal states are those with equal snapshots (the derived indexes `pendingOrder` and
    /// `activeCeremonies` may hold already-retired ids and do not count).
    public static func == (a: SessionStateMachine, b: SessionStateMachine) -> Bool {
        a.restoreFailure == b.restoreFailure && a.snapshot() == b.snapshot()
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(snapshot())
        hasher.combine(restoreFailure)
    }
}

extension SessionEvent {
    /// Events caused by time passing (phase deadlines) rather than by the op's command: kept even
    /// when the command is refused.
    var isTimeDriven: Bool {
        switch self {
        // An ECDSA session is abandoned by a deadline (expireECDSASignings, expireAuxInfo) or by
        // a command that succeeded (a discard, a presigning start dropping stalled ones), and
        // started by a deadline (the next aux-info attempt) or a command that succeeded: never by
        // a refused one.
        case .phaseClosed, .ceremonyFailed, .signExpired, .ecdsa(.sessionAbandoned), .ecdsa(.sessionStarted): true
        default: false
        }
    }
}
