import DKG
import Membership
import Primitives
import Sharing
import ThresholdECDSA

/// One node's protocol side, sans I/O: its replica of the session state and the drivers fed
/// from it — the ceremony driver (GJKR over the log), the signing participant (partials for
/// committed requests) and the signing coordinator (used while the node is primary).
///
/// The host (log replica, transport, vault, clock) calls ``apply(_:)`` for every committed op in
/// order and performs the returned actions: append the commands, send the partials to the
/// primary, seal the finished shares. Everything here is deterministic given the ops and the
/// partials received.
public struct NodeRuntime: Sendable {
    /// This node.
    public let me: MemberID
    /// The replicated state as of the last applied op.
    public private(set) var state = SessionStateMachine()
    private var driver: CeremonyDriver
    private var participant: SigningParticipant
    private var coordinator = SigningCoordinator()
    private var ecdsaDriver: ECDSADriver

    /// What applying one op asks the host to do.
    public struct Actions: Sendable {
        /// The op's reply (for the client that submitted it, if this node did).
        public var reply: SessionReply
        /// The op's events.
        public var events: [SessionEvent]
        /// Signed ceremony commands to append to the log.
        public var append: [SessionCommand] = []
        /// Partials to compute and send to the coordinator (the primary); the node runs them off
        /// its event loop.
        public var partialJobs: [PartialJob] = []
        /// Computes the partials here and now (tests and in-process clusters): a function, not a
        /// property, because each call signs again.
        public func computePartials() -> [PartialMessage] { partialJobs.compactMap { $0.run() } }
        /// Ceremonies that finished at this member: seal the share, then it signs.
        public var completed: [CeremonyDriver.Completed] = []
        /// Seeds of ceremonies this member started: seal them before appending `append`.
        public var ceremonySeeds: [(keyID: KeyID, seed: SecretBytes)] = []
        /// Ceremonies that ended here: remove their seeds (after sealing `completed`).
        public var ceremoniesEnded: [KeyID] = []
        /// ECDSA sessions this member gave up on (for the log: a blamed party, no primes…).
        public var ecdsaFailures: [String] = []
        /// secp256k1 ceremonies that finished at this member: seal the share (it is already in
        /// use here; the vault's copy is what a restart reads).
        public var completedECDSA: [CeremonyDriver.CompletedECDSA] = []
        /// Failed signings this member checked, with the signer named (``ECDSADriver/Output/blamed``).
        public var ecdsaBlamed: [(requestID: UInt64, index: Int?, member: MemberID?, reason: String)] = []
        /// CGGMP21 steps to run off the event loop; pass each result to ``completeECDSA(_:)``.
        public var ecdsaJobs: [ECDSAJob] = []
    }

    /// The runtime of member `me` with its ceremony signing key and X25519 key pair.
    public init(me: MemberID, signingKey: Ed25519.SigningKey, encryptionKey: X25519.KeyPair, primes: SafePrimePool = SafePrimePool()) {
        self.me = me
        driver = CeremonyDriver(me: me, signingKey: signingKey, encryptionKey: encryptionKey)
        ecdsaDriver = ECDSADriver(me: me, signingKey: signingKey, primes: primes)
        participant = SigningParticipant(me: me)
    }

    /// Applies one committed op and runs the drivers on its events.
    ///
    /// `replaying`: the op was already applied before this process started (the host replays its
    /// write-ahead log after a restart). The ceremony driver then resumes only ceremonies whose
    /// seed was sealed before the restart (``resumeCeremony(_:seed:)``); others it sits out,
    /// since dealing anew could derive a share that is not the one the others expect. Shares of
    /// keys registered earlier come from the vault; signing and coordination follow the replay
    /// as usual.
    public mutating func apply(_ op: [UInt8], replaying: Bool = false) -> Actions {
        let (reply, events) = state.applyCommitted(op)
        var actions = Actions(reply: reply, events: events)
        let ceremony = driver.handle(events, state: state, replaying: replaying)
        actions.append = ceremony.commands
        actions.ceremonySeeds = ceremony.seeds
        actions.ceremoniesEnded = ceremony.ended
        for done in ceremony.completed {
            participant.install(done.result.share, for: done.keyID)
            actions.completed.append(done)
        }
        for done in ceremony.completedECDSA { ecdsaDriver.install(done.result, for: done.keyID) }
        actions.completedECDSA = ceremony.completedECDSA
        if !replaying {
            // ECDSA sessions are not resumed from a replay: presigning state and presignatures
            // were never persisted (the share and finished aux info come from the vault).
            let ecdsa = ecdsaDriver.handle(events, state: state)
            actions.append += ecdsa.commands
            actions.ecdsaFailures = ecdsa.failures.map(\.reason)
            actions.ecdsaJobs = ecdsa.jobs
            actions.ecdsaBlamed = ecdsa.blamed
        }
        coordinator.handle(events, state: state)
        actions.partialJobs = participant.handleDeferred(events, state: state)
        return actions
    }

    /// The primary's threshold-ECDSA duties (``ECDSADuties``) on the current state.
    public func ecdsaDuties(poolSize: Int) -> [SessionCommand] { ECDSADuties.commands(state, poolSize: poolSize) }

    /// Discards for presignatures this member is a party of but does not hold (after a restart
    /// or a restore); only when caught up and not replaying.
    public mutating func ecdsaOrphanDiscards() -> [SessionCommand] { ecdsaDriver.orphanDiscards(state: state) }

    /// Whether a command this member failed to append is still worth another attempt: an ECDSA
    /// round entry while its session waits in that round, a σ_i while its request still uses
    /// that presignature, a discard while the presignature is listed; any other command (ceremony
    /// traffic has its own deadlines, refused once they pass) always.
    public func stillWanted(_ command: SessionCommand) -> Bool {
        guard case let .ecdsa(ecdsa) = command else { return true }
        switch ecdsa {
        case let .round(_, sessionID, _, round, _, _):
            return state.ecdsa.sessions[sessionID]?.round == round
        case let .partial(_, requestID, sessionID, _, _, _, _):
            return state.ecdsa.signings[requestID]?.sessionID == sessionID
        case let .discard(_, sessionID, _, _):
            return state.ecdsa.sessions[sessionID] != nil || state.ecdsa.signings.values.contains { $0.sessionID == sessionID }
        case .presignStart, .presignConsume:
            return true
        }
    }

    /// Aux-info acknowledgements a restart cut off (``ECDSADriver/pendingAuxAcks(state:)``).
    public mutating func ecdsaPendingAuxAcks() -> [SessionCommand] { ecdsaDriver.pendingAuxAcks(state: state) }

    /// Aux-info round-1 entries of sessions that waited for safe primes and can start now.
    public mutating func ecdsaWaitingAuxInfo() -> ECDSADriver.Output { ecdsaDriver.startWaitingAuxInfo(state: state) }

    /// The result of an ``Actions/ecdsaJobs`` job, on the current state: the entries to append
    /// (after sealing any finished aux info), and further jobs.
    public mutating func completeECDSA(_ result: ECDSAJob.Result) -> ECDSADriver.Output { ecdsaDriver.complete(result, state: state) }

    /// Makes the ceremony of `keyID` resumable from a seed sealed before a restart.
    public mutating func resumeCeremony(_ keyID: KeyID, seed: SecretBytes) { driver.resume(keyID, seed: seed) }

    /// Whether this member is running the ceremony of `keyID`.
    public func isRunningCeremony(_ keyID: KeyID) -> Bool { driver.runningCeremonies.contains(keyID) }

    /// Forgets the seeds the replay did not use (the replay is over).
    public mutating func forgetResumableCeremonies() { driver.forgetResumable() }

    /// Makes a secp256k1 share restored from the vault usable (at start; checked there).
    public mutating func installECDSA(_ share: KeyShare<Secp256k1Group>, key: ECDSAKeyPublic, for keyID: KeyID) {
        ecdsaDriver.install(share, key: key, for: keyID)
    }

    /// Makes aux info restored from the vault usable (at start).
    public mutating func installAuxInfo(_ info: AuxInfo, for keyID: KeyID) { ecdsaDriver.install(info, for: keyID) }

    /// Makes a share restored from the vault usable (at start).
    public mutating func install(_ share: KeyShare<BLS12381G1Group>, for keyID: KeyID) {
        participant.install(share, for: keyID)
    }

    /// Coordinator side: a partial from `sender` (authenticated by the transport). A
    /// `.combine` outcome is a job to run and pass to ``completeCombine(_:)``.
    public mutating func receive(_ partial: PartialMessage, from sender: MemberID) throws(SigningCoordinator.Refusal) -> SigningCoordinator.Outcome {
        try coordinator.receive(partial, from: sender)
    }

    /// Coordinator side: the result of a combine job.
    public mutating func completeCombine(_ result: CombineJob.Result) -> SigningCoordinator.Outcome {
        coordinator.complete(result)
    }

    /// Coordinator side, with any combine job run in place (tests and in-process clusters).
    public mutating func receiveInline(_ partial: PartialMessage, from sender: MemberID) throws(SigningCoordinator.Refusal) -> SigningCoordinator.Outcome {
        try coordinator.receiveInline(partial, from: sender)
    }

    /// Replaces the state with a snapshot (state transfer). Ceremonies whose start is behind the
    /// snapshot are not resumed (the replay that would rebuild them is gone); signing resumes
    /// once the shares are installed again.
    ///
    /// Threshold-ECDSA sessions in flight here are dropped and their presignatures burnt: the
    /// ops skipped may have consumed one (its σ_i would never be released, and the request would
    /// wait for ever) or moved a presigning on without this member. Once caught up, this member
    /// discards through the log every presignature the state still lists it in
    /// (``ecdsaOrphanDiscards()``), which sends a consumed one's request back to the pool.
    public mutating func restore(_ snapshot: [UInt8]) {
        state.restore(snapshot)
        ecdsaDriver.dropSessionsInFlight()
    }
}
