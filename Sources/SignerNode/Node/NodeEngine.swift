import Foundation
import Logging
import Membership
import NIOCore
import NIOPosix
import Primitives
import Paillier
import Replication
import Secp256k1
import Sharing
import ThresholdECDSA

/// The live signer node above the session log: it follows the log replica's committed ops with
/// its own ``NodeRuntime`` and performs what the runtime asks (docs/architecture.md, "The
/// node's data flow"):
///
/// - every committed op (`Output.committed`, in op order, only ops the replica applied) goes to
///   `NodeRuntime.apply`; its ceremony commands are appended to the log through the
///   ``LogSubmitter``, its partials go to the coordinator — the primary — as node frames over the
///   mutual-TLS transport, its finished shares are sealed into the vault;
/// - on the primary, partials received (from peers, and its own) go to the coordinator, whose
///   signature is appended as the request's `signResult`;
/// - HTTP requests wait (bounded) on the node's *own* applied state, so an answer is the one the
///   log stored: idempotent replays, failovers and full restarts give the same bytes.
///
/// The runtime's state is a second copy of the replica's state machine (same ops, same bytes).
/// When the node misses ops — a restart from a checkpoint, a state transfer that replaced the
/// replica's state with a snapshot — it restores the runtime from the replica's own state and
/// re-opens its shares from the vault.
///
/// Threading: everything mutable lives on the log host's event loop (the observer callbacks run
/// there; public entry points hop onto it), so there are no locks. The BLS work — this member's
/// partials (``PartialJob``) and, on the primary, decoding and combining partials and verifying
/// the signature (``CombineJob``) — runs on a pool of worker threads, one per core, and its
/// results hop back onto the loop: the loop also carries the log's Prepares and acknowledgements,
/// which must not wait behind pairings, and the pool uses every core.
public final class NodeEngine: @unchecked Sendable {
    /// Tunables.
    public struct Settings: Sendable {
        /// Lifetime of idempotency keys, ms of log time (written into the genesis entry).
        public var idempotencyTTLMillis: UInt64
        /// How often the primary appends a clock tick while a ceremony runs (phase deadlines are
        /// log time, so the log must move for a phase to close), and how often the node checks
        /// genesis and re-sends its unanswered partials.
        public var housekeepingInterval: Duration = .milliseconds(200)
        /// Deadline of one submission to the log.
        public var submitTimeout: Duration = .seconds(10)
        /// Threshold ECDSA: presignatures kept ready per ECDSA key (the primary refills).
        public var presignaturePoolSize = 8
        /// Threshold ECDSA: where aux-info takes its Paillier primes.
        public var safePrimes = SafePrimePool()
        /// Settings with the given TTL.
        public init(idempotencyTTLMillis: UInt64) { self.idempotencyTTLMillis = idempotencyTTLMillis }
    }

    /// How a sign request ended, as this node applied it.
    public enum SignOutcome: Sendable, Equatable {
        /// The stored response (status and body) of the request's `signResult`.
        case completed(StoredResponse)
        /// Abandoned after a whole TTL without a result.
        case expired
    }

    /// Counters for `/metrics` (read on the loop through ``read(_:)``).
    public struct Stats: Sendable, Equatable {
        /// Ceremonies started / registered / failed, as applied here.
        public var ceremoniesStarted = 0, ceremoniesCompleted = 0, ceremoniesFailed = 0
        /// Bad partials the coordinator named, and requests it could not sign.
        public var partialFailures = 0, signFailures = 0
        /// Shares that failed authentication when opened from the vault.
        public var shareFailures = 0
        /// Failed ECDSA signings in which this member named a signer with a wrong σ_i.
        public var ecdsaSignersBlamed = 0
        /// Sign results applied.
        public var signaturesCompleted = 0
    }

    /// This node.
    public let me: MemberID
    /// Its replica index (position in the cluster definition).
    public let myIndex: Int
    /// The cluster definition.
    public let definition: Membership.ClusterDefinition
    let vault: ShareVault
    let submitter: LogSubmitter
    let settings: Settings
    let logger: Logger
    let genesisMembers: [LoggedMember]
    /// Threads for the BLS work (see the type's comment); started by ``attach(loop:send:)``.
    let workers: NIOThreadPool
    /// Jobs made before ``attach(loop:send:)`` (on the host's loop thread, which is the loop).
    private var jobsBeforeAttach: [(any EventLoop) -> Void] = []

    // Loop-confined.
    private var loop: (any EventLoop)?
    private var sendFrame: (@Sendable (Int, [UInt8]) -> Void)?
    private var runtime: NodeRuntime
    /// The last op the runtime applied (or skipped as a duplicate, as the replica did).
    public private(set) var appliedOp: UInt64 = 0
    /// Where the replica stands, from its last batch of outputs.
    public private(set) var progress: ReplicaProgress?
    /// Counters.
    public private(set) var stats = Stats()
    private var installed: Set<KeyID> = []
    /// The last op in the write-ahead log when the process started: ops up to it are a replay.
    private var replayUntil: UInt64?
    /// Whether the seeds the replay did not use were removed (once, when the replay is over).
    private var staleSeedsDropped = false
    private var outbox: [UInt64: PartialMessage] = [:]
    private var outcomes: [UInt64: SignOutcome] = [:]
    private var outcomeOrder: [UInt64] = []
    private var watchers: [Int: (NodeEngine) -> Bool] = [:]
    private var nextWatcher = 0
    private var housekeeping: RepeatedTask?
    private var housekeepingRounds = 0
    /// Commands this member appends in order (ceremony and ECDSA entries), with the attempts
    /// each has had.
    private var ceremonyQueue: [(command: SessionCommand, attempts: Int)] = []
    private var ceremonyDraining = false
    private var tickInFlight = false
    private var genesisInFlight = false
    private var stopped = false
    private var ecdsaDutiesInFlight = false

    /// Outcomes kept for requests whose HTTP caller has not looked yet (a bound on memory; a
    /// request with an idempotency key is also answered from the replicated table).
    static let maxRememberedOutcomes = 65_536

    /// The engine of member `me`.
    public init(me: MemberID, definition: Membership.ClusterDefinition, signingKey: Ed25519.SigningKey,
                encryptionKey: X25519.KeyPair, vault: ShareVault, submitter: LogSubmitter, settings: Settings, logger: Logger) {
        self.me = me
        self.myIndex = definition.members.firstIndex { $0.id == me } ?? 0
        self.definition = definition
        self.vault = vault
        self.submitter = submitter
        self.settings = settings
        self.logger = logger
        self.runtime = NodeRuntime(me: me, signingKey: signingKey, encryptionKey: encryptionKey, primes: settings.safePrimes)
        self.workers = NIOThreadPool(numberOfThreads: max(1, System.coreCount))
        self.genesisMembers = definition.members.map {
            LoggedMember(id: $0.id, x25519PublicKey: $0.x25519PublicKey, ed25519PublicKey: $0.ed25519PublicKey)
        }
        workers.start()
        // Ceremonies this member was in when it stopped: the WAL's replay resumes them.
        let (seeds, failures) = vault.ceremonySeeds()
        for (keyID, seed) in seeds {
            runtime.resumeCeremony(keyID, seed: seed)
            logger.info("ceremony resumable from its sealed seed", metadata: ["key_id": "\(keyID)"])
        }
        for (name, error) in failures {
            logger.error("ceremony seed refused: that ceremony will not resume here", metadata: ["key_id": "\(name)", "reason": "\(error)"])
        }
    }

    /// The observer to give the log host.
    public var observer: ReplicaObserver<SessionStateMachine> {
        ReplicaObserver(outputs: { [self] outputs, progress, machine in
            handle(outputs, progress, machine)
        }, nodeFrame: { [self] from, payload in
            receiveFrame(from: from, payload)
        })
    }

    /// Connects the engine to its started host: the loop everything runs on and the way to send
    /// node frames; starts housekeeping.
    public func attach(loop: any EventLoop, send: @escaping @Sendable (Int, [UInt8]) -> Void) async throws {
        try await loop.submit {
            self.loop = loop
            let waiting = self.jobsBeforeAttach
            self.jobsBeforeAttach = []
            for job in waiting { job(loop) }
            self.drainAppendQueue()   // entries made while the host replayed its WAL
            self.sendFrame = send
            self.housekeeping = loop.scheduleRepeatedTask(initialDelay: .milliseconds(50),
                                                          delay: .nanoseconds(self.settings.housekeepingInterval.nanoseconds)) { _ in
                self.housekeep()
            }
        }.get()
    }

    /// Stops housekeeping and wakes every waiter (they see nil).
    public func stop() async {
        guard let loop else { return }
        try? await loop.submit {
            self.stopped = true
            self.housekeeping?.cancel()
            let waiting = self.watchers
            self.watchers = [:]
            for (_, watcher) in waiting { _ = watcher(self) }
        }.get()
        try? await workers.shutdownGracefully()
    }

    // MARK: Reading and waiting (any thread)

    /// Runs `body` on the loop with the engine (its applied state, progress, outcomes).
    public func read<T: Sendable>(_ body: @escaping @Sendable (NodeEngine) -> T) async -> T? {
        guard let loop else { return nil }
        return try? await loop.submit { body(self) }.get()
    }

    /// Waits until `probe` returns a value after some op was applied, or `timeout` passes (nil).
    public func wait<T: Sendable>(timeout: Duration, _ probe: @escaping @Sendable (NodeEngine) -> T?) async -> T? {
        guard let loop else { return nil }
        return await withCheckedContinuation { (continuation: CheckedContinuation<T?, Never>) in
            loop.execute {
                if let value = probe(self) { continuation.resume(returning: value); return }
                if self.stopped { continuation.resume(returning: nil); return }
                let id = self.nextWatcher
                self.nextWatcher += 1
                let timer = loop.scheduleTask(in: .nanoseconds(timeout.nanoseconds)) {
                    if self.watchers.removeValue(forKey: id) != nil { continuation.resume(returning: nil) }
                }
                self.watchers[id] = { engine in
                    let value = probe(engine)
                    guard value != nil || engine.stopped else { return false }
                    timer.cancel()
                    continuation.resume(returning: value)
                    return true
                }
            }
        }
    }

    /// Safe primes left for ECDSA aux-info here (any thread: the pool has its own lock).
    public var safePrimesInStock: Int { settings.safePrimes.count }

    /// The replicated state as this node applied it (on the loop).
    public var state: SessionStateMachine { runtime.state }

    /// How request `requestID` ended here, if it has (on the loop).
    public func outcome(of requestID: UInt64) -> SignOutcome? { outcomes[requestID] }

    /// Appends `command` to the log (timestamped with this node's clock; the state machine keeps
    /// the log's clock monotonic) and returns its reply once committed, within `timeout`
    /// (default ``Settings/submitTimeout``).
    public func submit(_ command: SessionCommand, timeout: Duration? = nil) async throws(LogSubmitter.Failure) -> SessionReply {
        let entry = SessionEntry(timestampMillis: Self.nowMillis(), command: command)
        return try await submitter.submit(entry, timeout: timeout ?? settings.submitTimeout)
    }

    static func nowMillis() -> UInt64 { UInt64(max(0, Date().timeIntervalSince1970 * 1000)) }

    // MARK: Following the log (on the loop)

    func handle(_ outputs: [Output], _ progress: ReplicaProgress, _ machine: () -> SessionStateMachine) {
        let previous = self.progress
        self.progress = progress
        if replayUntil == nil { replayUntil = progress.op }
        for output in outputs {
            guard case let .committed(entry, _, applied, _) = output, entry.op > appliedOp else { continue }
            guard entry.op == appliedOp + 1 else {
                resync(machine(), at: progress.commitNumber)
                continue
            }
            appliedOp = entry.op
            if applied { perform(runtime.apply(entry.body, replaying: entry.op <= replayUntil ?? 0)) }
        }
        if appliedOp < progress.commitNumber { resync(machine(), at: progress.commitNumber) }
        if !staleSeedsDropped, let until = replayUntil, appliedOp >= until {
            staleSeedsDropped = true
            dropStaleSeeds()
        }
        performECDSADuties()
        if progress.status == .normal,
           previous == nil || previous!.view != progress.view || previous!.status != .normal {
            // A new primary: it has not seen the partials sent to the old one.
            resendOutbox()
        }
        runWatchers()
    }

    /// The runtime missed ops: take the replica's state (the same ops applied) and re-open the
    /// shares. Ceremonies in flight here are not resumed (their polynomials were never persisted).
    private func resync(_ machine: SessionStateMachine, at op: UInt64) {
        logger.info("node state restored from the log replica", metadata: ["from_op": "\(appliedOp)", "to_op": "\(op)"])
        runtime.restore(machine.snapshot())
        appliedOp = op
        for keyID in runtime.state.keys.keys.sorted() { installShare(keyID) }
        // Seeds are kept: the WAL after the snapshot may still hold a ceremony's start (a restart
        // from a local checkpoint resyncs first). Those left unused go once the replay is over
        // (dropStaleSeeds).
    }

    /// Once the WAL's replay is over, a sealed seed whose ceremony this member is not running
    /// cannot be used any more (its start was behind a snapshot, or the ceremony ended while
    /// the node was down): remove it.
    private func dropStaleSeeds() {
        let names: [KeyID]
        do { names = try vault.ceremonySeedKeyIDs() } catch {
            logger.warning("ceremony seeds not listed", metadata: ["reason": "\(error)"])
            return
        }
        for keyID in names where !runtime.isRunningCeremony(keyID) {
            logger.info("unused ceremony seed removed", metadata: ["key_id": "\(keyID)"])
            removeSeed(keyID)
        }
        runtime.forgetResumableCeremonies()
    }

    private func removeSeed(_ keyID: KeyID) {
        do { try vault.removeCeremonySeed(keyID: keyID) } catch {
            logger.warning("ceremony seed not removed", metadata: ["key_id": "\(keyID)", "reason": "\(error)"])
        }
    }

    private func perform(_ actions: NodeRuntime.Actions) {
        // A started ceremony's seed is sealed before its dealing can reach the log, so that a
        // restart resumes the member instead of leaving it without a share.
        for (keyID, seed) in actions.ceremonySeeds {
            do { try vault.sealCeremonySeed(seed, keyID: keyID) } catch {
                logger.error("ceremony seed not sealed: a restart before the ceremony ends will not resume it",
                             metadata: ["key_id": "\(keyID)", "reason": "\(error)"])
            }
        }
        logECDSAFailures(actions.ecdsaFailures)
        for blame in actions.ecdsaBlamed {
            if let member = blame.member {
                stats.ecdsaSignersBlamed += 1
                logger.error("ECDSA signing failed: a signer's σ_i is wrong",
                             metadata: ["request": "\(blame.requestID)", "blamed": "\(member)", "reason": "\(blame.reason)"])
            } else {
                logger.error("ECDSA signing failed and no signer could be named",
                             metadata: ["request": "\(blame.requestID)", "reason": "\(blame.reason)"])
            }
        }
        var unsealed: Set<KeyID> = []
        for done in actions.completed {
            do {
                try vault.seal(done.result.share, keyID: done.keyID)
                installed.insert(done.keyID)
                logger.info("share sealed into the vault", metadata: ["key_id": "\(done.keyID)"])
            } catch .vault(.shareExists) {
                // Already sealed (a replay after restart): the vault's copy is the one that counts.
                logger.notice("share already sealed", metadata: ["key_id": "\(done.keyID)"])
            } catch {
                unsealed.insert(done.keyID)
                logger.error("share not sealed: its ceremony seed is kept", metadata: ["key_id": "\(done.keyID)", "reason": "\(error)"])
            }
        }
        for done in actions.completedECDSA {
            do {
                try vault.seal(done.result.share, keyID: done.keyID)
                installed.insert(done.keyID)
                logger.info("share sealed into the vault", metadata: ["key_id": "\(done.keyID)", "scheme": "ecdsa-secp256k1"])
            } catch .vault(.shareExists) {
                logger.notice("share already sealed", metadata: ["key_id": "\(done.keyID)"])
            } catch {
                unsealed.insert(done.keyID)
                logger.error("share not sealed: its ceremony seed is kept", metadata: ["key_id": "\(done.keyID)", "reason": "\(error)"])
            }
        }
        // The seed goes only once the share is safe (a failed seal keeps the way to re-derive it).
        for keyID in actions.ceremoniesEnded where !unsealed.contains(keyID) { removeSeed(keyID) }
        appendInOrder(actions.append)
        for job in actions.ecdsaJobs { runECDSA(job) }
        for job in actions.partialJobs {
            offLoop(job.run) { engine, partial in
                // Answered meanwhile (other members' partials sufficed): nothing to send.
                guard let partial, engine.outcomes[partial.requestID] == nil else { return }
                engine.outbox[partial.requestID] = partial
                engine.deliver(partial)
            }
        }
        for event in actions.events {
            switch event {
            case .ceremonyStarted: stats.ceremoniesStarted += 1
            case let .keyRegistered(keyID):
                stats.ceremoniesCompleted += 1
                installShare(keyID)
            case let .ceremonyFailed(keyID, reason):
                stats.ceremoniesFailed += 1
                logger.warning("ceremony failed", metadata: ["key_id": "\(keyID)", "reason": "\(reason)"])
            case let .signCompleted(requestID, response):
                stats.signaturesCompleted += 1
                remember(requestID, .completed(response))
            case let .signExpired(requestID):
                remember(requestID, .expired)
            default: break
            }
        }
    }

    private func remember(_ requestID: UInt64, _ outcome: SignOutcome) {
        outbox[requestID] = nil
        outcomes[requestID] = outcome
        outcomeOrder.append(requestID)
        if outcomeOrder.count > Self.maxRememberedOutcomes {
            let drop = outcomeOrder.count / 2
            for id in outcomeOrder[..<drop] { outcomes[id] = nil }
            outcomeOrder.removeFirst(drop)
        }
    }

    /// Opens this member's share of `keyID` from the vault, checked against the registered share
    /// public key (a tampered or foreign share file fails here, and this node then never signs
    /// with it).
    private func installShare(_ keyID: KeyID) {
        guard !installed.contains(keyID), let key = runtime.state.keys[keyID], let index = key.spec.index(of: me) else { return }
        do {
            switch key.scheme {
            case .bls:
                runtime.install(try vault.unseal(keyID: keyID, epoch: key.output.epoch, key: key), for: keyID)
            case .ecdsaSecp256k1:
                let share = try vault.unseal(Secp256k1Group.self, keyID: keyID, epoch: key.output.epoch, key: key)
                guard let pub = Self.ecdsaKeyPublic(key) else { throw ShareVaultError.malformedRecord }
                runtime.installECDSA(share, key: pub, for: keyID)
                installAuxInfo(keyID, index: index, n: key.n)
            }
            installed.insert(keyID)
        } catch {
            stats.shareFailures += 1
            logger.error("share refused: this node will not sign with it", metadata: ["key_id": "\(keyID)", "reason": "\(error)"])
        }
    }

    /// The registered public data of an ECDSA key (points re-decoded and checked on the curve).
    static func ecdsaKeyPublic(_ key: KeyRecord) -> ECDSAKeyPublic? {
        guard let group = try? Point(sec1: key.output.groupPublicKey) else { return nil }
        var shares: [Point] = []
        for bytes in key.output.sharePublicKeys {
            guard let point = try? Point(sec1: bytes) else { return nil }
            shares.append(point)
        }
        return try? ECDSAKeyPublic(t: key.t, n: key.n, groupPublicKey: group, sharePublicKeys: shares)
    }

    /// Restores the aux info of an ECDSA key from the vault, if aux-info had finished here
    /// before the restart (otherwise it comes when the key's aux-info session completes). It
    /// must be this key's session, with this member's index and a party for every member.
    private func installAuxInfo(_ keyID: KeyID, index: Int, n: Int) {
        guard vault.hasAuxInfo(keyID: keyID) else { return }
        do {
            let info = try vault.unsealAuxInfo(keyID: keyID, minimumBits: PaillierPublicKey.minimumBits)
            guard ECDSAState.auxAttempt(of: info.sessionID, keyID: keyID) != nil, info.index == index, Set(info.parties.keys) == Set(1...n) else {
                throw ShareVaultError.malformedRecord
            }
            runtime.installAuxInfo(info, for: keyID)
            logger.info("ECDSA key restored from the vault", metadata: ["key_id": "\(keyID)"])
        } catch {
            stats.shareFailures += 1
            logger.error("ECDSA aux info refused: this node will not presign with it", metadata: ["key_id": "\(keyID)", "reason": "\(error)"])
        }
    }

    // MARK: Threshold ECDSA steps

    /// Runs a CGGMP21 step on a worker thread, then hands its result to the driver on the loop.
    private func runECDSA(_ job: ECDSAJob) {
        offLoop(job.run) { engine, result in engine.performECDSA(engine.runtime.completeECDSA(result)) }
    }

    /// What a driver step produced outside an op: seal finished aux info, then append its
    /// entries in order, and run the next jobs.
    private func performECDSA(_ out: ECDSADriver.Output) {
        logECDSAFailures(out.failures.map(\.reason))
        sealAuxInfo(out.auxCompleted)
        logPresignaturesReady(out.presignaturesReady)
        appendInOrder(out.commands)
        for job in out.jobs { runECDSA(job) }
    }

    private func logECDSAFailures(_ reasons: [String]) {
        for reason in reasons { logger.warning("ECDSA session abandoned here", metadata: ["reason": "\(reason)"]) }
    }

    private func logPresignaturesReady(_ numbers: [UInt64]) {
        for number in numbers { logger.info("presignature ready", metadata: ["number": "\(number)"]) }
    }

    /// Aux info before its acknowledgement reaches the log: a restart then finds the key whole.
    private func sealAuxInfo(_ finished: [(keyID: KeyID, aux: AuxInfo)]) {
        for (keyID, info) in finished {
            do {
                try vault.sealAuxInfo(info, keyID: keyID)
                logger.info("ECDSA aux info sealed into the vault", metadata: ["key_id": "\(keyID)"])
            } catch {
                logger.error("ECDSA aux info not sealed: a restart loses this node's part of the key",
                             metadata: ["key_id": "\(keyID)", "reason": "\(error)"])
            }
        }
    }

    private func runWatchers() {
        guard !watchers.isEmpty else { return }
        for (id, watcher) in watchers where watcher(self) { watchers[id] = nil }
    }

    // MARK: Partials

    private func deliver(_ partial: PartialMessage) {
        guard let progress, progress.status == .normal else { return } // Re-sent when a view is normal.
        if progress.isPrimary {
            coordinate(partial, from: me)
        } else {
            sendFrame?(progress.primaryIndex, partial.encoded())
        }
    }

    private func resendOutbox() {
        for id in outbox.keys.sorted() { deliver(outbox[id]!) }
    }

    private func receiveFrame(from index: Int, _ payload: [UInt8]) {
        guard definition.members.indices.contains(index) else { return }
        let partial: PartialMessage
        do { partial = try PartialMessage.decode(payload) } catch {
            logger.warning("dropped a malformed node frame", metadata: ["from": "\(definition.members[index].id)", "error": "\(error)"])
            return
        }
        coordinate(partial, from: definition.members[index].id)
    }

    /// The coordinator's side (primary only): robust-combine and append the result.
    private func coordinate(_ partial: PartialMessage, from sender: MemberID) {
        guard progress?.isPrimary == true, progress?.status == .normal else { return }
        do {
            follow(try runtime.receive(partial, from: sender))
        } catch .unknownRequest {
            // Late (already answered) or not committed here: nothing to do.
        } catch {
            stats.partialFailures += 1
            logger.warning("partial refused", metadata: ["from": "\(sender)", "request": "\(partial.requestID)", "reason": "\(error)"])
        }
    }

    /// Acts on a coordinator outcome: a combine job goes to the workers (its result comes back
    /// here), a signature is appended, a failure is counted and logged.
    private func follow(_ outcome: SigningCoordinator.Outcome) {
        switch outcome {
        case .waiting: break
        case let .combine(job):
            offLoop(job.run) { engine, result in engine.follow(engine.runtime.completeCombine(result)) }
        case let .signed(command, _, bad):
            if case let .signResult(requestID, _, _) = command, !bad.isEmpty {
                stats.partialFailures += bad.count
                logger.warning("bad partial signatures left out", metadata: ["request": "\(requestID)", "members": "\(bad)"])
            }
            submitDetached(command, what: "sign result")
        case let .failed(requestID, bad):
            stats.partialFailures += bad.count
            stats.signFailures += 1
            logger.error("request cannot be signed: too few good partials", metadata: ["request": "\(requestID)", "bad": "\(bad)"])
        }
    }

    /// Runs `work` on a worker thread, then `then` on the loop with its result. Before
    /// ``attach(loop:send:)`` (the host already delivers commits while it starts) the job waits
    /// and goes out when the loop is known, so no partial or combine is lost. Once the pool is
    /// shut down (the node is stopping) results are dropped.
    private func offLoop<T: Sendable>(_ work: @escaping @Sendable () -> T, then: @escaping @Sendable (NodeEngine, T) -> Void) {
        guard let loop else {
            jobsBeforeAttach.append { loop in self.dispatch(work, on: loop, then: then) }
            return
        }
        dispatch(work, on: loop, then: then)
    }

    private func dispatch<T: Sendable>(_ work: @escaping @Sendable () -> T, on loop: any EventLoop,
                                       then: @escaping @Sendable (NodeEngine, T) -> Void) {
        workers.runIfActive(eventLoop: loop, work).whenSuccess { value in
            guard !self.stopped else { return }
            then(self, value)
        }
    }

    // MARK: Housekeeping

    private func housekeep() {
        guard !stopped, let progress, progress.status == .normal else { return }
        housekeepingRounds += 1
        if runtime.state.members == nil {
            // A fresh cluster: the first entry names the members. Every node may propose it;
            // the state machine refuses all but the first.
            if !genesisInFlight {
                genesisInFlight = true
                let command = SessionCommand.genesis(members: genesisMembers, idempotencyTTLMillis: settings.idempotencyTTLMillis)
                submitDetached(command, what: "genesis") { $0.genesisInFlight = false }
            }
            return
        }
        if progress.isPrimary, !tickInFlight,
           !runtime.state.activeCeremonies.isEmpty || runtime.state.hasECDSADeadlineDue(now: Self.nowMillis()) {
            tickInFlight = true
            submitDetached(.tick, what: "tick") { $0.tickInFlight = false }
        }
        if housekeepingRounds % 5 == 0 { resendOutbox() }
        drainAppendQueue()
        performECDSADuties()
        // Presignatures this node lost (restart, restore: its drivers sat the replay out) leave
        // the pool, once it has caught up with the log.
        performECDSA(runtime.ecdsaWaitingAuxInfo())
        if appliedOp == progress.commitNumber {
            appendInOrder(runtime.ecdsaPendingAuxAcks())
            let discards = runtime.ecdsaOrphanDiscards()
            if !discards.isEmpty {
                logger.info("discarding presignatures this node no longer holds", metadata: ["count": "\(discards.count)"])
                appendInOrder(discards)
            }
        }
    }

    /// On the primary: the threshold-ECDSA duties (consume a presignature for each waiting
    /// request, refill the pools), one batch at a time (ECDSADuties; refused repeats are harmless).
    private func performECDSADuties() {
        guard !stopped, !ecdsaDutiesInFlight, let progress, progress.isPrimary, progress.status == .normal else { return }
        let duties = runtime.ecdsaDuties(poolSize: settings.presignaturePoolSize)
        guard !duties.isEmpty else { return }
        ecdsaDutiesInFlight = true
        let loop = self.loop
        Task { [self] in
            for command in duties { _ = try? await submit(command) }
            loop?.execute { self.ecdsaDutiesInFlight = false }
        }
    }

    /// Appends this member's ceremony commands one after the other, in the order the driver made
    /// them: a phase's broadcast must be in the log before the member's `phaseDone` for it, or
    /// the state machine refuses the broadcast (the member said it had nothing more to say).
    ///
    /// A command the log did not take (no primary within the submit timeout: a view change, a
    /// partition) stays at the head of the queue and is tried again at the next housekeeping
    /// round, up to ``maxAppendAttempts`` times, while the state still has a use for it
    /// (``NodeRuntime/stillWanted(_:)``): a σ_i lost to a view change would otherwise cost its
    /// request a signing deadline. A retry of a command that did land is refused by the state
    /// machine (`duplicate`); a reply that did not decode means it landed, and is not retried.
    private func appendInOrder(_ commands: [SessionCommand]) {
        ceremonyQueue += commands.map { ($0, 0) }
        drainAppendQueue()
    }

    /// Attempts per queued command before it is dropped (each waits up to the submit timeout).
    static let maxAppendAttempts = 30

    private func drainAppendQueue() {
        // Before attach the result could not come back to the loop: attach() starts the queue.
        guard !stopped, !ceremonyDraining, !ceremonyQueue.isEmpty, let loop else { return }
        ceremonyDraining = true
        let (next, attempts) = ceremonyQueue.removeFirst()
        Task { [self] in
            var failure: LogSubmitter.Failure?
            do throws(LogSubmitter.Failure) {
                if case let .rejected(reason) = try await submit(next) {
                    logger.debug("log refused a command", metadata: ["what": "ordered command", "reason": "\(reason)"])
                }
            } catch { failure = error }
            loop.execute {
                self.ceremonyDraining = false
                guard let failure else { return self.drainAppendQueue() }
                if case .badReply = failure { return self.drainAppendQueue() }
                if attempts + 1 < Self.maxAppendAttempts, self.runtime.stillWanted(next) {
                    self.logger.warning("could not append to the log; will retry",
                                        metadata: ["attempt": "\(attempts + 1)", "error": "\(failure)"])
                    self.ceremonyQueue.insert((next, attempts + 1), at: 0)   // housekeep() resumes the queue
                } else {
                    self.logger.warning("command given up after append failures", metadata: ["attempts": "\(attempts + 1)", "error": "\(failure)"])
                    self.drainAppendQueue()
                }
            }
        }
    }

    /// Appends without a caller waiting; failures are logged (the next housekeeping round or the
    /// protocol's own deadlines take over).
    private func submitDetached(_ command: SessionCommand, what: String,
                                then: (@Sendable (NodeEngine) -> Void)? = nil) {
        let loop = self.loop
        Task { [self] in
            do {
                let reply = try await submit(command)
                if case let .rejected(reason) = reply, what != "genesis" {
                    logger.debug("log refused a command", metadata: ["what": "\(what)", "reason": "\(reason)"])
                }
            } catch {
                logger.warning("could not append to the log", metadata: ["what": "\(what)", "error": "\(error)"])
            }
            if let then, let loop { loop.execute { then(self) } }
        }
    }
}
