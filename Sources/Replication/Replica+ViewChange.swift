/// The view change protocol (VRR §4.2).
extension Replica {
    /// §4.2 step 1: move to `newView`, make it durable, and ask the others to move too.
    mutating func startViewChange(to newView: UInt64, _ out: inout [Output]) {
        precondition(newView > view, "views only increase")
        precondition(status != .recovering, "a recovering replica takes no part in view changes")
        view = newView
        status = .viewChange
        resetRoles()
        if !configuration.testOnlySkipViewPersistence {
            out.append(.persistViewState(view: view, lastNormalView: lastNormalView))
            persistedView = view
        }
        broadcast(.startViewChange(view: view), &out)
    }

    /// §4.2 step 2: on StartViewChange for a later view, join it; once f others agree, send our
    /// log to the new primary.
    mutating func onStartViewChange(view v: UInt64, from: Int, _ out: inout [Output]) {
        if v < view { return }
        if v == view && status == .normal {
            // The sender missed our StartView: the primary sends it again.
            if isPrimary { send(startViewMessage(), to: from, &out) }
            return
        }
        if v > view { startViewChange(to: v, &out) }
        startViewChangeFrom.insert(from)
        maybeSendDoViewChange(&out)
    }

    mutating func maybeSendDoViewChange(_ out: inout [Output]) {
        // Vouch only for a whole log, and only for a view after the last normal one (a member
        // that joined an epoch waits in its first view with last normal view 0, see joinEpoch).
        guard status == .viewChange, !sentDoViewChange, faultyOps.isEmpty, lastNormalView < view,
              startViewChangeFrom.count >= quorum - 1 else { return }
        sentDoViewChange = true
        if isPrimary {
            doViewChangeFrom[index] = ViewChangeVote(journal: journal, lastNormalView: lastNormalView,
                                                     commitNumber: commitNumber)
            maybeCompleteViewChange(&out)
        } else {
            send(doViewChangeMessage(), to: primaryIndex, &out)
        }
    }

    func doViewChangeMessage() -> Message {
        .doViewChange(view: view, journal: journal, lastNormalView: lastNormalView, commitNumber: commitNumber)
    }

    func startViewMessage() -> Message {
        .startView(view: view, journal: journal, commitNumber: knownCommit)
    }

    /// §4.2 step 3: the new primary collects f + 1 DoViewChange messages (its own included).
    mutating func onDoViewChange(view v: UInt64, vote: ViewChangeVote, from: Int, _ out: inout [Output]) {
        if v < view { return }
        if v == view && status == .normal {
            if isPrimary { send(startViewMessage(), to: from, &out) }
            return
        }
        if v > view { startViewChange(to: v, &out) }
        guard isPrimary else { return }
        startViewChangeFrom.insert(from) // A DoViewChange implies its sender started the view change.
        if doViewChangeFrom[from] == nil { doViewChangeFrom[from] = vote }
        maybeSendDoViewChange(&out)
        maybeCompleteViewChange(&out)
    }

    /// §4.2 step 3–4: with a quorum of logs, choose the one with the highest last normal view,
    /// then the highest op number; adopt it, make it durable, enter the view and announce it.
    mutating func maybeCompleteViewChange(_ out: inout [Output]) {
        guard status == .viewChange, isPrimary, doViewChangeFrom[index] != nil,
              doViewChangeFrom.count >= quorum else { return }
        let votes = doViewChangeFrom.sorted { $0.key < $1.key }.map(\.value)
        var best = votes[0]
        for vote in votes.dropFirst() {
            if (vote.lastNormalView, vote.journal.op) > (best.lastNormalView, best.journal.op) { best = vote }
        }
        let maxCommit = votes.map(\.commitNumber).max()!
        precondition(best.lastNormalView < view, "a view change chooses a log from an earlier view")
        guard adopt(best.journal) else { preconditionFailure("a DoViewChange log always carries its checkpoint") }
        precondition(maxCommit <= journal.op, "the chosen log holds every committed op")
        enterNormal(&out)
        knownCommit = max(knownCommit, maxCommit)
        broadcast(startViewMessage(), &out)
        applyCommitted(&out)
    }

    /// Makes the adopted journal and then the view durable (in that order, so that a crash in
    /// between never claims a normal view for a log that is not that view's), then status normal.
    ///
    /// When the view is new to the disk (a StartView or NewState from a later view), the view is
    /// first written *without* changing the last normal view. Otherwise a crash between the
    /// journal and the view writes would bring the replica back as a normal backup of its old
    /// view holding a later view's log, and it would acknowledge the old primary's Prepares for
    /// entries it does not hold (found by the simulator, seed 6000012 with 5 replicas). A
    /// recovering replica skips that first write: its disk's recovering mark does the same job.
    ///
    /// A replica entering its first view of a new epoch (VRR §7) writes the epoch first: that
    /// write sets the recovering mark, so until the journal and the view follow it a crash
    /// brings the replica back through recovery rather than as a voter with an unchecked log.
    mutating func enterNormal(_ out: inout [Output]) {
        var epochIsNew = false
        if persistedEpoch < epoch {
            out.append(.persistEpoch(epoch: epoch, members: members, startOp: epochStartOp))
            persistedEpoch = epoch
            persistedView = 0
            epochIsNew = true
        }
        if persistedView < view && status != .recovering && !epochIsNew {
            out.append(.persistViewState(view: view, lastNormalView: lastNormalView))
            persistedView = view
        }
        out.append(.persistJournal(journal))
        markAllDurable()
        status = .normal
        lastNormalView = view
        out.append(.persistViewState(view: view, lastNormalView: lastNormalView))
        persistedView = view
        startViewChangeFrom = []
        doViewChangeFrom = [:]
        sentDoViewChange = false
        ackedOp = [:]
        preparesInFlight = journal.op > commitNumber ? [journal.op] : [] // The inherited suffix.
        lastAckSent = 0
        outOfOrder = [:]
        ticksMissingEntries = 0
        ticksSincePrimary = 0
        ticksSinceCommitSent = 0
        ticksSincePrepareResend = 0
        if awaitingEpochState {
            awaitingEpochState = false
            announceEpochStarted(&out)
        }
    }

    /// §4.2 step 5: a backup adopts the new primary's log and enters the view; the acks for the
    /// uncommitted suffix go out from `handle` (cumulative PrepareOk).
    mutating func onStartView(view v: UInt64, journal other: Journal, commitNumber commit: UInt64, from: Int,
                              _ out: inout [Output]) {
        if v < view || (v == view && status == .normal) || other.op < commitNumber { return } // Stale.
        guard from == primary(of: v), adopt(other) else { return }
        view = v
        enterNormal(&out)
        knownCommit = max(knownCommit, commit)
        applyCommitted(&out)
    }
}
