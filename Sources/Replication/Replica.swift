/// One Viewstamped Replication replica (Liskov & Cowling, "Viewstamped Replication Revisited",
/// MIT-CSAIL-TR-2012-021) as a deterministic, sans-I/O state machine.
///
/// The host feeds it `Input`s (messages, client requests, clock ticks, completed writes) and
/// executes the returned `Output`s in order (messages to send, replies, durable writes). The
/// replica never reads a clock, a disk or a socket, and draws randomness (timeout jitter) from
/// a seeded generator, so a simulator can replay any run from its seed.
///
/// Beyond the paper, following TigerBeetle's VSR: the view is durable before the replica acts
/// in it; the log is checksummed and hash-chained; backups acknowledge only durable entries;
/// the client table holds committed requests only; every internal invariant is a `precondition`.
///
/// Reconfiguration (§7) runs through the log: a `Reconfiguration` request commits as the last op
/// of its epoch and the next epoch starts with the new configuration (`Replica+Epoch.swift`).
/// A corrupt entry in the middle of the journal is repaired from peers before the replica votes
/// again (`Replica+Repair.swift`, Protocol-Aware Recovery, FAST'18). docs/protocols/vsr.md
/// describes both state machines.
///
/// Not in this version: the §6 optimisations (witnesses, read leases).
public struct Replica<SM: StateMachine> {
    /// One DoViewChange as received by the new primary.
    struct ViewChangeVote {
        var journal: Journal
        var lastNormalView: UInt64
        var commitNumber: UInt64
    }

    /// One RecoveryResponse.
    struct RecoveryVote {
        var view: UInt64
        var journal: Journal?
        var commitNumber: UInt64
    }

    /// Static parameters.
    public let configuration: Configuration
    /// This replica's index in the configuration (`i` in the paper).
    public let index: Int

    /// §4: normal, view change or recovering.
    public internal(set) var status: Status
    /// §4: the current view number.
    public internal(set) var view: UInt64
    /// §4.2: the latest view in which the status was normal.
    public internal(set) var lastNormalView: UInt64
    /// The checkpoint and the log after it; `journal.op` is the paper's op-number.
    public internal(set) var journal: Journal
    /// The highest op applied to the state machine (the paper's commit-number as executed).
    public internal(set) var commitNumber: UInt64
    /// The highest op known to be committed (may exceed `journal.op` while catching up).
    public internal(set) var knownCommit: UInt64
    /// The highest op known to be durable on this replica's disk.
    public internal(set) var durableOp: UInt64
    /// The replicated service.
    public internal(set) var stateMachine: SM
    /// The client table as of `commitNumber`.
    public internal(set) var clientTable: ClientTable
    /// §7: the configuration epoch; views count from 0 again in each epoch.
    public internal(set) var epoch: UInt64
    /// §7: the current epoch's configuration (replica ids); the primary of view `v` is
    /// `members[v % members.count]`.
    public internal(set) var members: [Int]
    /// §7: the op of the reconfiguration that started this epoch (0 in epoch 0).
    public internal(set) var epochStartOp: UInt64
    /// §7: true once this replica, no longer in the configuration, has been told to stop.
    public internal(set) var isShutDown = false
    /// Ops whose entry was found corrupt on restart and is not yet repaired from a peer. While
    /// any remain the replica vouches for nothing: it sends no PrepareOk and no DoViewChange and
    /// answers neither Recovery nor GetState (Protocol-Aware Recovery, FAST'18).
    public internal(set) var faultyOps: Set<UInt64> = []

    /// The view last written by `persistViewState` (what a restart would come back in).
    var persistedView: UInt64
    var nextWriteId: UInt64 = 1
    var pendingWrites: [(writeId: UInt64, op: UInt64)] = []
    var lastAckSent: UInt64 = 0

    // Primary (§4.1).
    var ackedOp: [Int: UInt64] = [:]
    var requestQueue: [Request] = []
    var preparesInFlight: [UInt64] = [] // Last op of each uncommitted Prepare of this view.
    var ticksSinceCommitSent = 0
    var ticksSincePrepareResend = 0

    // Backup.
    var ticksSincePrimary = 0
    var outOfOrder: [UInt64: Entry] = [:]
    var ticksMissingEntries = 0

    // View change (§4.2).
    var startViewChangeFrom: Set<Int> = []
    var doViewChangeFrom: [Int: ViewChangeVote] = [:]
    var sentDoViewChange = false
    var ticksInViewChange = 0

    // Recovery (§4.3).
    var recoveryNonce: UInt64 = 0
    var recoveryResponses: [Int: RecoveryVote] = [:]
    var ticksRecovering = 0

    // State transfer (§5.2).
    var ticksSinceGetState = Int.max / 2

    // Protocol-aware repair.
    var ticksSinceRepairRequest = 0

    // Reconfiguration (§7).
    var previousMembers: [Int]
    var persistedEpoch: UInt64
    /// A member of a new epoch that does not yet hold the log up to `epochStartOp`: it takes no
    /// part in the protocol until state transfer brings it (then it announces EpochStarted).
    var awaitingEpochState = false
    var epochStartedFrom: Set<Int> = []
    var ticksSinceEpochAnnounce = 0
    var stateSourceRotation = 0

    var rng: SplitMix64
    var normalTimeoutTicks: Int
    var viewChangeTimeoutTicks: Int

    /// A replica of a freshly formatted cluster: view 0, normal, empty log.
    public init(configuration: Configuration, index: Int, seed: UInt64) {
        self.init(configuration: configuration, index: index, seed: seed, status: .normal,
                  durable: .initial(emptySnapshot: SM().snapshot()))
    }

    init(configuration: Configuration, index: Int, seed: UInt64, status: Status, durable: DurableState) {
        precondition(index >= 0 && index < configuration.replicaCount, "replica index out of range")
        guard let state = durable.journal.checkpoint.state else {
            preconditionFailure("a replica's own journal always holds its checkpoint's state")
        }
        precondition(durable.journal.isLinked, "journal is not hash-chained")
        self.configuration = configuration
        self.epoch = durable.epoch
        self.members = durable.members ?? configuration.initialMembers
        self.previousMembers = durable.members ?? configuration.initialMembers
        self.epochStartOp = durable.epochStartOp
        self.persistedEpoch = durable.epoch
        self.index = index
        self.status = status
        self.view = durable.view
        self.lastNormalView = durable.lastNormalView
        self.persistedView = durable.view
        self.journal = durable.journal
        var machine = SM()
        machine.restore(state.snapshot)
        self.stateMachine = machine
        self.clientTable = state.clientTable
        self.commitNumber = durable.journal.checkpoint.op
        self.knownCommit = durable.journal.checkpoint.op
        self.durableOp = durable.journal.op
        var rng = SplitMix64(seed: seed ^ (0xA5A5_0000 &+ UInt64(index)))
        self.normalTimeoutTicks = configuration.normalTimeout + rng.below(configuration.timeoutJitter + 1)
        self.viewChangeTimeoutTicks = configuration.viewChangeTimeout + rng.below(configuration.timeoutJitter + 1)
        self.rng = rng
    }

    /// A replica restarting with its disk intact. Returns the outputs of starting up.
    ///
    /// A replica that was primary of its view never resumes that view: writes it had not made
    /// durable are gone, and it might reassign their op numbers. It starts a view change instead.
    ///
    /// The journal is checked first: every entry intact and hash-chained onto the checkpoint.
    /// A damaged journal is refused with a typed error rather than truncated (see `StartError`).
    public static func restarting(configuration: Configuration, index: Int, seed: UInt64,
                                  from durable: DurableState) throws(StartError) -> (Replica, [Output]) {
        var (journal, faulty) = try repairable(durable)
        guard durable.members.map({ Reconfiguration(members: $0).isValid(slots: configuration.replicaCount) }) ?? true
        else { throw .invalidViewState }
        var out: [Output] = []
        if configuration.testOnlyTruncateCorruptEntries, let first = faulty.min() {
            journal.truncate(after: first - 1) // Deliberately unsafe, to test the simulator's checker.
            faulty = []
            out.append(.persistJournal(journal))
        }
        var checked = durable
        checked.journal = journal
        var replica = Replica(configuration: configuration, index: index, seed: seed, status: .normal, durable: checked)
        replica.faultyOps = faulty
        if !replica.isMember {
            replica.status = .normal // Not (or no longer) in the configuration: it only serves state.
        } else if replica.view == replica.lastNormalView && !replica.isPrimary {
            replica.status = .normal
        } else if replica.view == replica.lastNormalView {
            replica.startViewChange(to: replica.view + 1, &out)
        } else {
            replica.status = .viewChange
            replica.broadcast(.startViewChange(view: replica.view), &out)
        }
        replica.requestRepairs(&out)
        replica.checkInvariants()
        return (replica, out)
    }

    /// Checks durable state before a restart trusts it.
    ///
    /// A corrupt entry in the middle of the journal is accepted (and later repaired from peers)
    /// when the next entry is intact: that entry's parent is the checksum the corrupt one must
    /// have. A corrupt last entry, or a run of corrupt entries, is refused: see `StartError`.
    public static func validate(_ durable: DurableState) throws(StartError) {
        _ = try repairable(durable)
    }

    /// The durable journal with every corrupt middle entry replaced by a placeholder, and the
    /// ops of those placeholders.
    static func repairable(_ durable: DurableState) throws(StartError) -> (Journal, Set<UInt64>) {
        guard !durable.isRecovering else { throw .recoveryIncomplete }
        guard durable.lastNormalView <= durable.view else { throw .invalidViewState }
        guard durable.journal.checkpoint.state != nil else { throw .missingCheckpointState }
        let entries = durable.journal.entries
        var faulty: Set<UInt64> = []
        var slots: [Entry?] = []
        slots.reserveCapacity(entries.count)
        for (i, entry) in entries.enumerated() {
            // An entry is trusted only if it verifies; a corrupt one keeps its place only if its
            // successor verifies and names it (by checksum) as parent.
            if entry.isIntact {
                slots.append(entry)
            } else {
                slots.append(nil)
                faulty.insert(entry.op)
                if i + 1 < entries.count, !entries[i + 1].isIntact {
                    throw .corruptJournal(op: entry.op) // Two in a row: no trustworthy checksum.
                }
            }
        }
        let journal = try Journal(checkpoint: durable.journal.checkpoint, slots: slots)
        return (journal, faulty)
    }

    /// A replica whose disk was lost: it starts in `recovering` with the host's fresh `nonce`
    /// and sends Recovery to everyone (§4.3). It votes in nothing until it has recovered.
    ///
    /// The host first formats the disk with `DurableState.formattedForRecovery`, so that a crash
    /// before recovery completes brings the replica back here rather than into view 0.
    public static func recovering(configuration: Configuration, index: Int, seed: UInt64,
                                  nonce: UInt64) -> (Replica, [Output]) {
        var replica = Replica(configuration: configuration, index: index, seed: seed, status: .recovering,
                              durable: .initial(emptySnapshot: SM().snapshot()))
        replica.recoveryNonce = nonce
        var out: [Output] = []
        // It does not know the current epoch: ask every replica id; members of a later epoch
        // answer with StartEpoch (§7) and it asks again in that epoch.
        for r in 0..<configuration.replicaCount where r != index { replica.send(.recovery(nonce: nonce), to: r, &out) }
        return (replica, out)
    }

    /// A replica that is not (yet, or any longer) a member: it waits for a reconfiguration that
    /// names it (VRR §7: the new replicas of a configuration start empty and fetch the state).
    public static func joining(configuration: Configuration, index: Int, seed: UInt64) -> Replica {
        precondition(!configuration.initialMembers.contains(index), "a member of epoch 0 starts with init")
        return Replica(configuration: configuration, index: index, seed: seed)
    }

    /// Whether this replica is the primary of its current view (whatever its status).
    public var isPrimary: Bool { primary(of: view) == index }

    /// The primary of the current view.
    public var primaryIndex: Int { primary(of: view) }

    /// Whether this replica belongs to the current epoch's configuration.
    public var isMember: Bool { members.contains(index) }

    /// `f` of the current configuration.
    var faultsTolerated: Int { (members.count - 1) / 2 }

    /// A majority of the current configuration, `⌊n/2⌋+1` (counting oneself): `f + 1` for the
    /// `2f+1` members of VRR, 3 of 4 for an even signer cluster, so any two quorums intersect.
    var quorum: Int { members.count / 2 + 1 }

    /// §7: the primary of `view` in the current epoch.
    func primary(of view: UInt64) -> Int { members[Int(view % UInt64(members.count))] }

    /// Handles one input and returns what the host must do, in order.
    public mutating func handle(_ input: Input) -> [Output] {
        var out: [Output] = []
        guard !isShutDown else { return out }
        switch input {
        case .tick:
            onTick(&out)
        case .request(let request):
            onRequest(request, &out)
        case .appendCompleted(let writeId):
            onAppendCompleted(writeId: writeId)
        case .message(let message, let from):
            precondition(from >= 0 && from < configuration.replicaCount && from != index, "bad sender")
            onMessage(message, from: from, &out)
        }
        if status == .normal && isMember && !isShutDown {
            if isPrimary {
                tryCommit(&out)
                flushBatch(&out)
            } else if durableOp > lastAckSent && faultyOps.isEmpty {
                send(.prepareOk(view: view, op: durableOp), to: primaryIndex, &out)
                lastAckSent = durableOp
            }
        }
        checkInvariants()
        return out
    }

    mutating func onMessage(_ envelope: Message, from: Int, _ out: inout [Output]) {
        let (sentIn, message) = envelope.unwrapped
        switch message {
        case let .startEpoch(e, op, previous, newMembers):
            onStartEpoch(epoch: e, op: op, previous: previous, members: newMembers, from: from, &out)
            return
        case let .epochStarted(e):
            onEpochStarted(epoch: e, from: from, &out)
            return
        case let .requestPrepare(op, checksum) where status != .recovering:
            onRequestPrepare(op: op, checksum: checksum, from: from, &out) // Checksum-pinned: any epoch.
            return
        case let .repairPrepare(entry) where status != .recovering:
            onRepairPrepare(entry, &out)
            return
        default:
            break
        }
        if sentIn < epoch {
            send(startEpochMessage(), to: from, &out) // §7: the sender is behind; tell it.
            return
        }
        if sentIn > epoch { return } // We are behind: a StartEpoch will tell us (§7).
        if !isMember && status != .recovering {
            if case let .getEpochState(op) = message { serveState(after: op, to: from, &out) }
            return
        }
        if awaitingEpochState {
            onMessageWhileJoining(message, from: from, &out)
            return
        }
        if status == .recovering {
            if case let .recoveryResponse(v, nonce, journal, commit) = message {
                onRecoveryResponse(view: v, nonce: nonce, journal: journal, commitNumber: commit, from: from, &out)
            }
            return
        }
        switch message {
        case let .prepare(v, entries, commit):
            onPrepare(view: v, entries: entries, commitNumber: commit, from: from, &out)
        case let .prepareOk(v, op):
            onPrepareOk(view: v, op: op, from: from)
        case let .commit(v, commit):
            onCommit(view: v, commitNumber: commit, from: from, &out)
        case let .startViewChange(v):
            onStartViewChange(view: v, from: from, &out)
        case let .doViewChange(v, journal, lastNormal, commit):
            onDoViewChange(view: v, vote: ViewChangeVote(journal: journal, lastNormalView: lastNormal,
                                                         commitNumber: commit), from: from, &out)
        case let .startView(v, journal, commit):
            onStartView(view: v, journal: journal, commitNumber: commit, from: from, &out)
        case let .recovery(nonce):
            onRecovery(nonce: nonce, from: from, &out)
        case .recoveryResponse:
            break // Not recovering: a late or duplicate response.
        case let .getState(v, op):
            onGetState(view: v, op: op, from: from, &out)
        case let .newState(v, journal, commit):
            onNewState(view: v, journal: journal, commitNumber: commit, from: from, &out)
        case let .getEpochState(op):
            serveState(after: op, to: from, &out)
        case .requestPrepare, .repairPrepare, .inEpoch, .startEpoch, .epochStarted:
            break // Handled above.
        }
    }

    mutating func onTick(_ out: inout [Output]) {
        ticksSinceGetState += 1
        announceEpoch(&out)
        if !isMember && status != .recovering { return } // Serves state only; no timeouts.
        if awaitingEpochState {
            requestEpochState(&out)
            return
        }
        if !faultyOps.isEmpty {
            ticksSinceRepairRequest += 1
            if ticksSinceRepairRequest >= configuration.resendInterval { requestRepairs(&out) }
        }
        switch status {
        case .normal where isPrimary:
            ticksSinceCommitSent += 1
            if ticksSinceCommitSent >= configuration.commitInterval {
                broadcast(.commit(view: view, commitNumber: knownCommit), &out)
                ticksSinceCommitSent = 0
            }
            ticksSincePrepareResend += 1
            if ticksSincePrepareResend >= configuration.prepareResendInterval {
                resendPrepares(&out)
                ticksSincePrepareResend = 0
            }
        case .normal:
            ticksSincePrimary += 1
            ticksMissingEntries = isMissingEntries ? ticksMissingEntries + 1 : 0
            if ticksMissingEntries >= configuration.resendInterval {
                requestState(view: view, from: primaryIndex, &out)
            }
            if ticksSincePrimary > normalTimeoutTicks {
                startViewChange(to: view + 1, &out) // §4.2: the primary seems to have failed.
            }
        case .viewChange:
            ticksInViewChange += 1
            if ticksInViewChange >= viewChangeTimeoutTicks {
                startViewChange(to: view + 1, &out)
            } else if ticksInViewChange % configuration.resendInterval == 0 {
                broadcast(.startViewChange(view: view), &out)
                if sentDoViewChange && !isPrimary {
                    send(doViewChangeMessage(), to: primaryIndex, &out)
                }
            }
        case .recovering:
            ticksRecovering += 1
            if ticksRecovering % configuration.resendInterval == 0 {
                // Every replica id: this replica may not know the current configuration (§7).
                for r in 0..<configuration.replicaCount where r != index { send(.recovery(nonce: recoveryNonce), to: r, &out) }
            }
        }
    }

    mutating func onAppendCompleted(writeId: UInt64) {
        guard let position = pendingWrites.firstIndex(where: { $0.writeId == writeId }) else { return }
        durableOp = max(durableOp, pendingWrites[position].op)
        pendingWrites.removeFirst(position + 1)
    }

    /// Every earlier write is durable: a synchronous persist effect was just emitted.
    mutating func markAllDurable() {
        durableOp = journal.op
        pendingWrites.removeAll()
    }

    /// Sends `message`, stamped with the current epoch (§7) unless it names its epoch itself.
    mutating func send(_ message: Message, to replica: Int, _ out: inout [Output]) {
        precondition(replica != index, "a replica never sends to itself")
        switch message {
        case .startEpoch, .epochStarted, .inEpoch:
            out.append(.send(message, to: replica))
        default:
            out.append(.send(epoch == 0 ? message : .inEpoch(epoch: epoch, message: message), to: replica))
        }
    }

    /// Sends `message` to every other member of the current configuration.
    mutating func broadcast(_ message: Message, _ out: inout [Output]) {
        for replica in members where replica != index {
            send(message, to: replica, &out)
        }
    }

    /// The invariants that hold between any two inputs.
    public func checkInvariants() {
        precondition(lastNormalView <= view, "last normal view is at most the view")
        precondition(status != .normal || lastNormalView == view, "a normal replica's view is normal")
        precondition(journal.checkpoint.op <= commitNumber, "the checkpoint covers applied ops only")
        precondition(commitNumber <= journal.op, "commit number is at most op number")
        precondition(commitNumber <= knownCommit, "applied ops are committed")
        precondition(durableOp <= journal.op, "durable op is at most op number")
        precondition(journal.checkpoint.state != nil, "own checkpoint holds its state")
        precondition(!awaitingEpochState || status == .viewChange, "a joining member is not normal")
        precondition(persistedEpoch <= epoch, "the durable epoch is at most the epoch")
        precondition(faultyOps.allSatisfy { $0 > commitNumber && $0 <= journal.op }, "faulty ops are unapplied and held")
        if status == .normal && isPrimary {
            precondition(knownCommit <= journal.op, "a primary knows every committed op")
        }
    }
}
