import DKG
import Membership
import Primitives
import Secp256k1
import Sharing
import ThresholdECDSA

/// This node's side of threshold ECDSA, sans I/O, fed from committed log events like the
/// ``CeremonyDriver``: it runs CGGMP21 aux-info for each ECDSA key it holds a share of, every
/// presigning it is a signer of, and releases σ_i only for a presignature whose consumption the
/// log committed (docs/protocols/cggmp21.md, "In the node").
///
/// Round messages go through the log (``ECDSACommand/round(keyID:sessionID:member:round:payload:signature:)``,
/// signed with the member's Ed25519 key). The key share and the finished aux info are handed to
/// the host to seal in its vault (``Output/auxCompleted``) and come back after a restart
/// (``install(_:key:for:)``, ``install(_:for:)``); presigning state and presignatures live only
/// in memory: a restart loses them, which is what "a restore never brings unused presignatures
/// back" requires.
public struct ECDSADriver: Sendable {
    /// This node.
    public let me: MemberID
    private let signingKey: Ed25519.SigningKey
    private let primes: SafePrimePool
    private var shares: [KeyID: (share: KeyShare<Secp256k1Group>, key: ECDSAKeyPublic)] = [:]
    private var aux: [KeyID: AuxInfo] = [:]
    private var auxParties: [[UInt8]: AuxInfoParty] = [:]
    private var presigners: [[UInt8]: Presigner] = [:]
    /// Messages of the open round addressed to this member (or broadcast), by session and sender.
    private var inbox: [[UInt8]: [Int: [UInt8]]] = [:]
    private var presignatures: [[UInt8]: Presignature] = [:]
    /// Presignatures this member released σ_i for (it must not discard those).
    private var released: Set<[UInt8]> = []
    /// The public part of the presignatures released most recently (at most
    /// ``identificationWindow``), to name a wrong σ_j if the combination fails.
    private var releasedPublic: [[UInt8]: (keyID: KeyID, pub: PresignaturePublic)] = [:]
    private var releasedOrder: [[UInt8]] = []
    static let identificationWindow = 256
    /// Discards already appended (the state machine refuses repeats; this only saves entries).
    private var discarded: Set<[UInt8]> = []
    /// Aux-info acknowledgements re-sent after a restart (``pendingAuxAcks(state:)``).
    private var reacknowledged: Set<[UInt8]> = []
    /// Aux-info sessions waiting for two safe primes (being generated in the background).
    private var waitingForPrimes: Set<[UInt8]> = []
    /// Sessions whose party is out in a job (``ECDSAJob``), with the job's token: a result whose
    /// token is no longer here (the session was abandoned, or dropped at a state transfer) is
    /// thrown away.
    private var jobsInFlight: [[UInt8]: (token: UInt64, auxInfo: Bool)] = [:]
    private var nextJobToken: UInt64 = 0

    /// What one step produced.
    public struct Output: Sendable {
        /// Signed round entries to append, in order.
        public var commands: [SessionCommand] = []
        /// σ_i for consumed presignatures, for the coordinator.
        public var partials: [ECDSAPartialMessage] = []
        /// Sessions this member gave up on, with why (a blamed party, missing primes…): it
        /// does not acknowledge them, so they never complete.
        public var failures: [(sessionID: [UInt8], reason: String)] = []
        /// Aux info this member finished: seal it before appending `commands` (the
        /// acknowledgement), so that the key survives a restart.
        public var auxCompleted: [(keyID: KeyID, aux: AuxInfo)] = []
        /// Presignings this member completed (session numbers, for the operator's log).
        public var presignaturesReady: [UInt64] = []
        /// Signings that failed here, with the signer whose σ_i is wrong (committee index and
        /// member; nil when the check could not name one).
        public var blamed: [(requestID: UInt64, index: Int?, member: MemberID?, reason: String)] = []
        /// CGGMP21 steps to run (proofs and Paillier operations: tens of ms to seconds of CPU);
        /// each result goes back through ``complete(_:state:)``, on the driver's thread.
        public var jobs: [ECDSAJob] = []

        /// Appends `other` after this output.
        public mutating func merge(_ other: Output) {
            commands += other.commands
            partials += other.partials
            failures += other.failures
            auxCompleted += other.auxCompleted
            presignaturesReady += other.presignaturesReady
            blamed += other.blamed
            jobs += other.jobs
        }
    }

    /// The driver of member `me`, with its Ed25519 key and its safe-prime pool.
    public init(me: MemberID, signingKey: Ed25519.SigningKey, primes: SafePrimePool) {
        self.me = me
        self.signingKey = signingKey
        self.primes = primes
    }

    /// Makes a secp256k1 DKG share usable (after the ceremony).
    public mutating func install(_ result: DKGResult<Secp256k1Group>, for keyID: KeyID) {
        shares[keyID] = (result.share, ECDSAKeyPublic(result.publicOutput))
    }

    /// Makes a share restored from the vault usable (checked there against the registered key).
    public mutating func install(_ share: KeyShare<Secp256k1Group>, key: ECDSAKeyPublic, for keyID: KeyID) {
        shares[keyID] = (share, key)
    }

    /// Makes aux info restored from the vault usable.
    public mutating func install(_ info: AuxInfo, for keyID: KeyID) { aux[keyID] = info }

    /// Whether this member holds aux info for `keyID`.
    public func hasAuxInfo(_ keyID: KeyID) -> Bool { aux[keyID] != nil }

    /// Complete presignatures held here (session ids), for the pool's bookkeeping.
    public var heldPresignatures: [[UInt8]] { presignatures.keys.sorted { $0.lexicographicallyPrecedes($1) } }

    /// The public part of a presignature held here (what the combiner needs).
    public func presignaturePublic(_ sessionID: [UInt8]) -> PresignaturePublic? { presignatures[sessionID]?.publicPart }

    /// Handles the events of one applied op; `state` is the state machine after that op.
    public mutating func handle(_ events: [SessionEvent], state: SessionStateMachine) -> Output {
        var out = Output()
        for case let .ecdsa(event) in events {
            switch event {
            case let .sessionStarted(id): start(id, state: state, &out)
            case let .roundMessage(id, from, _, payload): receive(id, from: from, payload: payload, state: state)
            case let .roundClosed(id, round): advance(id, closed: round, state: state, &out)
            case let .sessionComplete(id): inbox[id] = nil
            case let .sessionAbandoned(id):
                presigners[id] = nil
                auxParties[id] = nil
                waitingForPrimes.remove(id)
                inbox[id] = nil
                jobsInFlight[id] = nil
                presignatures.removeValue(forKey: id)?.burn()
            case let .presignConsumed(id, requestID): release(id, requestID: requestID, state: state, &out)
            case let .signingFailed(id, requestID, digest, partials):
                identify(id, requestID: requestID, digest: digest, partials: partials, state: state, &out)
            }
        }
        return out
    }

    /// This member's committee index in `session`, if it takes part.
    func myIndex(_ session: ECDSASession, _ state: SessionStateMachine) -> Int? {
        guard let index = state.keys[session.keyID]?.spec.index(of: me), session.parties.contains(index) else { return nil }
        return index
    }

    mutating func start(_ id: [UInt8], state: SessionStateMachine, _ out: inout Output) {
        guard let session = state.ecdsa.sessions[id], let index = myIndex(session, state) else { return }
        let parties = session.parties
        switch session.kind {
        case .auxInfo:
            guard let key = primes.takeKey() else {
                // Generate on demand and join once the primes are there (startWaitingAuxInfo):
                // the other parties wait for this member's commitment.
                waitingForPrimes.insert(id)
                primes.startGenerating(target: 2 * waitingForPrimes.count)
                return
            }
            schedule(id, auxInfo: true, &out) {
                var party = try AuxInfoParty(sessionID: id, index: index, parties: parties, paillierKey: key)
                let commit = try party.round1()
                return .auxParty(party, round: 1, messages: [0: commit.encoded()])
            }
        case .presign:
            guard let held = shares[session.keyID], let info = aux[session.keyID] else {
                out.failures.append((id, "no share or aux info for the key")); return
            }
            // Only the aux info of the run the log completed (an earlier attempt's, finished here
            // but not everywhere, or restored from the vault, does not match the others').
            guard info.sessionID == state.ecdsa.auxSession(session.keyID)?.sessionID else {
                out.failures.append((id, "aux info of another aux-info run")); return
            }
            schedule(id, auxInfo: false, &out) {
                let setup = try SignerSetup(share: held.share, key: held.key, signers: parties, aux: info)
                var presigner = Presigner(sessionID: id, setup: setup)
                let first = try presigner.round1()
                return .presigner(presigner, round: 1, messages: first.mapValues { $0.encoded() })
            }
        }
    }

    /// Hands `step` out as a job for session `id`; its result comes back through
    /// ``complete(_:state:)``.
    mutating func schedule(_ id: [UInt8], auxInfo: Bool, _ out: inout Output,
                           _ step: @escaping @Sendable () throws -> ECDSAJob.Outcome) {
        nextJobToken += 1
        jobsInFlight[id] = (nextJobToken, auxInfo)
        out.jobs.append(ECDSAJob(sessionID: id, token: nextJobToken) {
            do { return try step() } catch { return .failed("\(error)") }
        })
    }

    /// Takes a job's result (on the driver's thread, in any order with the log's events): the
    /// party goes back in its table and its round's entry is emitted; a result for a session
    /// abandoned meanwhile is dropped (a presignature made by it is burnt).
    public mutating func complete(_ result: ECDSAJob.Result, state: SessionStateMachine) -> Output {
        var out = Output()
        let id = result.sessionID
        /// A result not emitted: a presignature in it can never sign.
        func drop() -> Output {
            if case let .presignature(presignature) = result.outcome { presignature.burn() }
            return out
        }
        guard jobsInFlight[id]?.token == result.token, let session = state.ecdsa.sessions[id] else { return drop() }
        jobsInFlight[id] = nil
        // The entry the job makes is for the session's open round (a session waits for this
        // member's entry, so it cannot have moved on); anything else is dropped, not emitted.
        let expected: UInt8
        switch result.outcome {
        case let .auxParty(_, round, _), let .presigner(_, round, _): expected = round
        case .auxInfo, .presignature: expected = ECDSAState.rounds
        case .failed: expected = session.round
        }
        guard session.round == expected else {
            out.failures.append((id, "a step's result for round \(expected) came back in round \(session.round)"))
            return drop()
        }
        switch result.outcome {
        case let .auxParty(party, round, messages):
            auxParties[id] = party
            emit(session, round: round, messages, &out)
        case let .auxInfo(info):
            aux[session.keyID] = info
            reacknowledged.insert(id)   // acknowledged just below; pendingAuxAcks is for restarts
            out.auxCompleted.append((session.keyID, info))
            emit(session, round: ECDSAState.rounds, [:], &out)
        case let .presigner(presigner, round, messages):
            presigners[id] = presigner
            emit(session, round: round, messages, &out)
        case let .presignature(presignature):
            presignatures[id] = presignature
            out.presignaturesReady.append(session.number)
            emit(session, round: ECDSAState.rounds, [:], &out)
        case let .failed(reason):
            out.failures.append((id, reason))
        }
        return out
    }

    /// ``handle(_:state:)`` with every job run here and now, and the jobs those results make
    /// (tests and simulations; the node runs jobs on worker threads).
    public mutating func handleInline(_ events: [SessionEvent], state: SessionStateMachine) -> Output {
        runInline(handle(events, state: state), state: state)
    }

    /// `out` with its jobs run here and now, and the jobs their results make.
    public mutating func runInline(_ out: Output, state: SessionStateMachine) -> Output {
        var out = out
        var jobs = out.jobs
        out.jobs = []
        while !jobs.isEmpty {
            var more = complete(jobs.removeFirst().run(), state: state)
            jobs += more.jobs
            more.jobs = []
            out.merge(more)
        }
        return out
    }

    mutating func receive(_ id: [UInt8], from: Int, payload: [UInt8], state: SessionStateMachine) {
        // Kept even before this member's own party exists: an aux-info party waiting for safe
        // primes needs the round-1 commitments the others logged meanwhile.
        guard let session = state.ecdsa.sessions[id], let index = myIndex(session, state),
              let p = try? ECDSARoundPayload.decode(payload) else { return }
        if let bytes = p.messages[0] ?? p.messages[index] { inbox[id, default: [:]][from] = bytes }
    }

    mutating func advance(_ id: [UInt8], closed round: UInt8, state: SessionStateMachine, _ out: inout Output) {
        guard state.ecdsa.sessions[id] != nil else { return }
        let received = inbox.removeValue(forKey: id) ?? [:]
        if let party = auxParties[id], (1...3).contains(round) {
            auxParties[id] = nil
            schedule(id, auxInfo: true, &out) { try Self.advanceAux(party, closed: round, received) }
        } else if let presigner = presigners[id], (1...3).contains(round) {
            presigners[id] = nil
            schedule(id, auxInfo: false, &out) { try Self.advancePresign(presigner, closed: round, received) }
        }
    }

    /// Decodes each sender's message as `T`; a message that does not decode blames its sender.
    static func decodeAll<T: ECDSAWireMessage>(_ received: [Int: [UInt8]], as _: T.Type) throws(ECDSAProtocolError) -> [Int: T] {
        var out: [Int: T] = [:]
        for (j, bytes) in received {
            do { out[j] = try T.decode(bytes) } catch { throw .blame(party: j, reason: "message does not decode: \(error)") }
        }
        return out
    }

    /// Aux-info after round `round` closed (a job: Πprm, Πmod and Πfac proving and checking).
    static func advanceAux(_ party: AuxInfoParty, closed round: UInt8, _ received: [Int: [UInt8]]) throws(ECDSAProtocolError) -> ECDSAJob.Outcome {
        var party = party
        switch round {
        case 1:
            let reveal = try party.round2(commitments: try decodeAll(received, as: AuxInfoCommit.self))
            return .auxParty(party, round: 2, messages: [0: reveal.encoded()])
        case 2:
            let proofs = try party.round3(reveals: try decodeAll(received, as: AuxInfoReveal.self))
            return .auxParty(party, round: 3, messages: proofs.mapValues { $0.encoded() })
        default:
            return .auxInfo(try party.finish(proofs: try decodeAll(received, as: AuxInfoProofs.self)))
        }
    }

    /// Presigning after round `round` closed (a job: the MtA, Πenc, Πaff-g and Πlog*).
    static func advancePresign(_ presigner: Presigner, closed round: UInt8, _ received: [Int: [UInt8]]) throws(ECDSAProtocolError) -> ECDSAJob.Outcome {
        var presigner = presigner
        switch round {
        case 1:
            let messages = try presigner.round2(try decodeAll(received, as: PresignRound1.self)).mapValues { $0.encoded() }
            return .presigner(presigner, round: 2, messages: messages)
        case 2:
            let messages = try presigner.round3(try decodeAll(received, as: PresignRound2.self)).mapValues { $0.encoded() }
            return .presigner(presigner, round: 3, messages: messages)
        default:
            let messages = try decodeAll(received, as: PresignRound3.self)
            do { return .presignature(try presigner.finish(messages)) } catch {
                // δ·G ≠ ΣΔ_j needs the identification round (PresignIdentification); in the node
                // the presignature is simply not acknowledged, so it never enters the pool.
                throw .unattributedFailure("presigning failed: \(error)")
            }
        }
    }

    /// The log committed the consumption: σ_i for the request's digest, once (the
    /// ``Presignature`` itself refuses a second use, and it is dropped here at once).
    mutating func release(_ id: [UInt8], requestID: UInt64, state: SessionStateMachine, _ out: inout Output) {
        guard let presignature = presignatures.removeValue(forKey: id), let request = state.pending[requestID] else { return }
        released.insert(id)
        releasedPublic[id] = (request.keyID, presignature.publicPart)
        releasedOrder.append(id)
        if releasedOrder.count > Self.identificationWindow { releasedPublic[releasedOrder.removeFirst()] = nil }
        do {
            let partial = try presignature.partialSign(digest: request.message)
            out.partials.append(ECDSAPartialMessage(requestID: requestID, keyID: request.keyID, sessionID: id, partial: partial))
            out.commands.append(signed(.partial(keyID: request.keyID, requestID: requestID, sessionID: id, member: me, r: partial.r.bytes,
                                                sigma: partial.sigma.bytes, signature: [])))
        } catch { out.failures.append((id, "\(error)")) }
    }

    /// A signing this member took part in failed: check every logged σ_j against the
    /// presignature's public part (``ECDSACombiner``) and name the signer whose σ_j is wrong.
    mutating func identify(_ id: [UInt8], requestID: UInt64, digest: [UInt8], partials: [Int: [UInt8]], state: SessionStateMachine,
                           _ out: inout Output) {
        guard let (keyID, pub) = releasedPublic.removeValue(forKey: id) else { return }
        let committee = state.keys[keyID]?.spec.committee ?? []
        func blame(_ index: Int?, _ reason: String) {
            let member = index.flatMap { $0 >= 1 && $0 <= committee.count ? committee[$0 - 1] : nil }
            out.blamed.append((requestID, index, member, reason))
        }
        var list: [PartialECDSASignature] = []
        for j in partials.keys.sorted() {
            let bytes = partials[j]!
            guard bytes.count == 64, let r = try? Scalar(bytes: Array(bytes.prefix(32))), let sigma = try? Scalar(bytes: Array(bytes.suffix(32)))
            else { blame(j, "σ_j does not decode"); return }
            list.append(PartialECDSASignature(index: j, r: r, sigma: sigma))
        }
        do { _ = try ECDSACombiner.combine(pub, digest: digest, partials: list) } catch {
            if case let .blame(party, reason) = error { blame(party, reason) } else { blame(nil, "\(error)") }
        }
    }

    func emit(_ session: ECDSASession, round: UInt8, _ messages: [Int: [UInt8]], _ out: inout Output) {
        let payload = ECDSARoundPayload(messages: messages).encoded()
        out.commands.append(signed(.round(keyID: session.keyID, sessionID: session.sessionID, member: me, round: round,
                                          payload: payload, signature: [])))
    }

    /// `command` with this member's Ed25519 signature over its signing bytes.
    func signed(_ command: ECDSACommand) -> SessionCommand {
        let signature = signingKey.sign(SessionEntry.signingBytes(.ecdsa(command)))
        switch command {
        case let .round(k, s, m, r, p, _): return .ecdsa(.round(keyID: k, sessionID: s, member: m, round: r, payload: p, signature: signature))
        case let .partial(k, q, s, m, r, sigma, _):
            return .ecdsa(.partial(keyID: k, requestID: q, sessionID: s, member: m, r: r, sigma: sigma, signature: signature))
        case let .discard(k, s, m, _): return .ecdsa(.discard(keyID: k, sessionID: s, member: m, signature: signature))
        case .presignStart, .presignConsume: return .ecdsa(command)
        }
    }

    /// Forgets every presigning in flight and burns every presignature held (the host skipped
    /// ops: a state transfer). Shares, aux info (finished or running: a member's aux-info part
    /// cannot be re-made, and the session needs every member), and the record of σ_i already
    /// released stay.
    public mutating func dropSessionsInFlight() {
        for presignature in presignatures.values { presignature.burn() }
        presignatures = [:]
        presigners = [:]
        jobsInFlight = jobsInFlight.filter { $0.value.auxInfo }
        inbox = inbox.filter { auxParties[$0.key] != nil || jobsInFlight[$0.key] != nil || waitingForPrimes.contains($0.key) }
    }

    /// Joins the aux-info sessions that waited for safe primes, now that the pool has them.
    public mutating func startWaitingAuxInfo(state: SessionStateMachine) -> Output {
        var out = Output()
        for id in waitingForPrimes.sorted(by: { $0.lexicographicallyPrecedes($1) }) where primes.count >= 2 {
            waitingForPrimes.remove(id)
            guard state.ecdsa.sessions[id]?.round == 1 else { continue }
            start(id, state: state, &out)
        }
        return out
    }

    /// The aux-info acknowledgement (round 4) of each key whose aux info this member holds —
    /// finished here, or restored from the vault after a restart that cut the acknowledgement
    /// off between the seal and the log — when the log's aux-info session still waits for it.
    /// Without it the session would never complete and the key never presign. Call when caught
    /// up with the log.
    public mutating func pendingAuxAcks(state: SessionStateMachine) -> [SessionCommand] {
        var out = Output()
        for (keyID, info) in aux.sorted(by: { $0.key < $1.key }) {
            guard let session = state.ecdsa.sessions[info.sessionID], session.kind == .auxInfo, session.keyID == keyID,
                  session.round == ECDSAState.rounds, let index = myIndex(session, state), !session.sent.contains(index),
                  jobsInFlight[info.sessionID] == nil, reacknowledged.insert(info.sessionID).inserted else { continue }
            emit(session, round: ECDSAState.rounds, [:], &out)
        }
        return out.commands
    }

    /// Discards for every presignature of the log that lists this member as a party but whose
    /// part this member does not hold — it restarted or was restored (secrets are never
    /// persisted), or its own checks failed — and for consumed ones it has not signed for. Call
    /// only when caught up with the log and not replaying: otherwise sessions this member is
    /// about to join would look orphaned.
    public mutating func orphanDiscards(state: SessionStateMachine) -> [SessionCommand] {
        var out: [SessionCommand] = []
        var candidates: [(KeyID, [UInt8], [Int])] = state.ecdsa.sessions.values
            .filter { $0.kind == .presign }.map { ($0.keyID, $0.sessionID, $0.parties) }
        for signing in state.ecdsa.signings.values {
            guard let request = state.pending[signing.requestID], let index = state.keys[request.keyID]?.spec.index(of: me),
                  signing.partials[index] == nil else { continue }
            candidates.append((request.keyID, signing.sessionID, signing.signers))
        }
        for (keyID, id, parties) in candidates.sorted(by: { $0.1.lexicographicallyPrecedes($1.1) }) {
            guard let index = state.keys[keyID]?.spec.index(of: me), parties.contains(index),
                  presigners[id] == nil, presignatures[id] == nil, jobsInFlight[id] == nil, !released.contains(id),
                  !discarded.contains(id) else { continue }
            discarded.insert(id)
            out.append(signed(.discard(keyID: keyID, sessionID: id, member: me, signature: [])))
        }
        return out
    }
}
