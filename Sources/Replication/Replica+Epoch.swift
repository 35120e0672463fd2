/// Reconfiguration (VRR §7): epochs, StartEpoch and EpochStarted.
///
/// A `Reconfiguration` request goes through the log of epoch `e` as one op, `n`, and is the last
/// op of that epoch: once it is in the log the primary accepts nothing more (`onRequest`), and a
/// view change in epoch `e` carries it like any other op. When a replica applies op `n` it moves
/// to epoch `e + 1` (`beginEpoch`): views restart at 0, the primary of view `v` is
/// `members[v % count]`, and quorums are those of the new configuration. A replica of both
/// configurations already holds the whole committed log and is at once a normal member of view 0.
/// New members learn of the epoch by StartEpoch and fetch the log up to `n` by state transfer
/// before they take any part (`awaitingEpochState`); then they send EpochStarted. Replicas of
/// the old configuration that are not in the new one keep serving state transfer until a quorum
/// of the new configuration has sent EpochStarted, then shut down (`Output.shutDown`).
///
/// Messages carry their epoch (`Message.inEpoch`). A message from an earlier epoch is dropped and
/// answered with StartEpoch, so a replica left behind catches up; a message from a later epoch is
/// dropped (the sender's StartEpoch will follow). See docs/protocols/vsr.md for the argument.
extension Replica {
    /// Whether a reconfiguration op (or request) is waiting to commit in this epoch.
    var reconfigurationPending: Bool {
        requestQueue.contains { $0.clientId == Reconfiguration.clientId }
            || journal.entries(after: max(commitNumber, epochStartOp)).contains { $0.clientId == Reconfiguration.clientId }
    }

    /// The StartEpoch describing the current epoch.
    func startEpochMessage() -> Message {
        .startEpoch(epoch: epoch, op: max(epochStartOp, 1), previous: previousMembers, members: members)
    }

    /// §7: the reconfiguration at `op` committed: enter the next epoch.
    mutating func beginEpoch(_ newMembers: [Int], at op: UInt64, _ out: inout [Output]) {
        precondition(journal.op == op, "a reconfiguration is the last op of its epoch")
        previousMembers = members
        members = newMembers
        epoch += 1
        epochStartOp = op
        view = 0
        lastNormalView = 0
        status = .normal
        resetRoles()
        epochStartedFrom = []
        ticksSinceEpochAnnounce = 0
        out.append(.persistEpoch(epoch: epoch, members: members, startOp: op))
        persistedEpoch = epoch
        markAllDurable() // The epoch write covers every earlier append.
        if isMember {
            // The whole log is committed and ours: normal in view 0 at once (clears the mark).
            out.append(.persistViewState(view: 0, lastNormalView: 0))
            lastAckSent = durableOp
            announceEpochStarted(&out)
        }
        persistedView = 0
        for r in members where !previousMembers.contains(r) && r != index { send(startEpochMessage(), to: r, &out) }
    }

    /// Clears what a primary, backup or view change was doing (the epoch or view changed).
    mutating func resetRoles() {
        startViewChangeFrom = []
        doViewChangeFrom = [:]
        sentDoViewChange = false
        ticksInViewChange = 0
        ackedOp = [:]
        requestQueue = []
        preparesInFlight = []
        outOfOrder = [:]
        ticksSincePrimary = 0
        ticksMissingEntries = 0
        ticksSinceCommitSent = 0
        ticksSincePrepareResend = 0
    }

    /// §7: StartEpoch. A later epoch: join it (fetch its log) if we are a member, else stop.
    /// Our own epoch: a member that holds the state confirms with EpochStarted.
    mutating func onStartEpoch(epoch e: UInt64, op: UInt64, previous: [Int], members newMembers: [Int], from: Int,
                               _ out: inout [Output]) {
        guard newMembers.allSatisfy({ $0 < configuration.replicaCount }) else { return }
        if e < epoch {
            // The sender is behind (a leaving replica still waiting for EpochStarted, say).
            if status != .recovering && persistedEpoch == epoch { send(startEpochMessage(), to: from, &out) }
            return
        }
        if status == .recovering && !newMembers.contains(index) {
            // A replica recovering from a wiped disk cannot tell a stale StartEpoch from the
            // current one: it never stops on one, and keeps asking every replica id until an
            // epoch names it (or its operator stops it).
            return
        }
        if e == epoch {
            if isMember && !awaitingEpochState && status != .recovering {
                send(.epochStarted(epoch: epoch), to: from, &out)
            }
            return
        }
        epoch = e
        members = newMembers
        previousMembers = previous
        epochStartOp = op
        epochStartedFrom = []
        view = 0
        lastNormalView = 0
        resetRoles()
        if status == .recovering {
            // Recover in the new epoch: ask its members again (same nonce).
            recoveryResponses = [:]
            broadcast(.recovery(nonce: recoveryNonce), &out)
            return
        }
        guard isMember else {
            // Removed while left behind: the new configuration has its state without us.
            out.append(.persistEpoch(epoch: epoch, members: members, startOp: op))
            persistedEpoch = epoch
            stop(&out)
            return
        }
        // Our log up to `op` may hold uncommitted ops that epoch `e - 1` dropped: fetch the
        // committed log before taking any part (not even durably entering the epoch yet).
        status = .viewChange
        awaitingEpochState = true
        stateSourceRotation = 0
        send(.getEpochState(op: commitNumber), to: from, &out)
        ticksSinceGetState = 0
    }

    /// A joining member only fetches state, from whoever shows it holds the epoch's log.
    mutating func onMessageWhileJoining(_ message: Message, from: Int, _ out: inout [Output]) {
        switch message {
        case .prepare, .commit:
            guard ticksSinceGetState >= configuration.resendInterval / 2 else { return }
            send(.getEpochState(op: commitNumber), to: from, &out)
            ticksSinceGetState = 0
        case let .newState(v, journal, commit):
            joinEpoch(view: v, journal: journal, commitNumber: commit, from: from, &out)
        case let .startView(v, journal, commit):
            onStartView(view: v, journal: journal, commitNumber: commit, from: from, &out)
        default:
            break
        }
    }

    /// A joining member retries, rotating over the old and new configurations.
    mutating func requestEpochState(_ out: inout [Output]) {
        guard ticksSinceGetState >= configuration.resendInterval else { return }
        let sources = Array(Set(members + previousMembers).subtracting([index])).sorted()
        guard !sources.isEmpty else { return }
        ticksSinceGetState = 0
        stateSourceRotation += 1
        send(.getEpochState(op: commitNumber), to: sources[stateSourceRotation % sources.count], &out)
    }

    /// §7: a replica holding the epoch's committed log (through at least the op that started
    /// the epoch), in any status and view, sends a joining member the committed ops after `op`.
    /// Only committed ops: the joiner never acknowledged anything in this epoch, so it may vote
    /// only with a log that cannot contradict any quorum (see `joinEpoch`).
    mutating func serveState(after op: UInt64, to replica: Int, _ out: inout [Output]) {
        guard faultyOps.isEmpty, !awaitingEpochState, status != .recovering, persistedEpoch == epoch,
              commitNumber >= epochStartOp, commitNumber >= op else { return }
        var committed = journal.suffix(after: op)
        committed.truncate(after: commitNumber)
        send(.newState(view: view, journal: committed, commitNumber: commitNumber), to: replica, &out)
    }

    /// §7: a joining member adopts the epoch's committed log and enters the epoch durably as a
    /// participant in a view change of the sender's view, with last normal view 0: it has
    /// acknowledged nothing in this epoch, so its vote holds committed ops only and loses to any
    /// log that a commit quorum vouched for in a later view. It then asks to move to that view;
    /// if the view's primary is running it answers with StartView. The exception is view 0 of
    /// which it is the primary, when the log holds nothing after the epoch's start: no other
    /// replica can lead view 0, so it enters it as primary.
    mutating func joinEpoch(view v: UInt64, journal other: Journal, commitNumber commit: UInt64, from: Int,
                           _ out: inout [Output]) {
        guard (members + previousMembers).contains(from), other.op >= epochStartOp, other.op >= commitNumber,
              commit >= other.op, v >= view else { return }
        guard adopt(other) else { return }
        view = v
        knownCommit = max(knownCommit, commit)
        if v == 0 && isPrimary && journal.op == epochStartOp {
            enterNormal(&out) // Writes the epoch, the journal, then the view; announces EpochStarted.
            applyCommitted(&out)
            return
        }
        out.append(.persistEpoch(epoch: epoch, members: members, startOp: epochStartOp))
        persistedEpoch = epoch
        out.append(.persistJournal(journal))
        markAllDurable()
        out.append(.persistViewState(view: view, lastNormalView: 0)) // Clears the recovering mark.
        persistedView = view
        awaitingEpochState = false
        resetRoles()
        applyCommitted(&out)
        announceEpochStarted(&out)
        broadcast(.startViewChange(view: view), &out)
    }

    /// A member holding the epoch's state tells the replicas that are leaving.
    mutating func announceEpochStarted(_ out: inout [Output]) {
        for r in previousMembers where !members.contains(r) && r != index { send(.epochStarted(epoch: epoch), to: r, &out) }
    }

    /// Resends StartEpoch to the members that have not confirmed, every `resendInterval` (a
    /// member may have missed one epoch or more while down).
    mutating func announceEpoch(_ out: inout [Output]) {
        guard epoch > 0, !awaitingEpochState, status != .recovering else { return }
        ticksSinceEpochAnnounce += 1
        guard ticksSinceEpochAnnounce >= configuration.resendInterval else { return }
        ticksSinceEpochAnnounce = 0
        for r in members where r != index && !epochStartedFrom.contains(r) {
            send(startEpochMessage(), to: r, &out)
        }
    }

    /// §7: EpochStarted from a member of the new configuration. A leaving replica stops once a
    /// quorum of the new configuration holds the state.
    mutating func onEpochStarted(epoch e: UInt64, from: Int, _ out: inout [Output]) {
        guard e == epoch, members.contains(from), status != .recovering else { return }
        epochStartedFrom.insert(from)
        if !isMember && epochStartedFrom.count >= quorum { stop(&out) }
    }

    /// Tells the host to stop this replica; it ignores every input from now on.
    mutating func stop(_ out: inout [Output]) {
        out.append(.shutDown(epoch: epoch))
        isShutDown = true
    }
}
