/// Normal operation (VRR §4.1), with batching and pipelining.
extension Replica {
    /// §4.1 steps 1–2: the primary takes a request, answers a retry from the client table, and
    /// queues a new one for the next batch.
    mutating func onRequest(_ request: Request, _ out: inout [Output]) {
        guard status == .normal, isPrimary else { return } // Backups drop requests; clients retry.
        // §7: nothing is accepted after a reconfiguration op in its epoch, and a reconfiguration
        // must name a valid configuration of this cluster's replica ids.
        guard !reconfigurationPending else { return }
        if request.clientId == Reconfiguration.clientId {
            guard configuration.allowsReconfiguration,
                  Reconfiguration.decode(request.body, slots: configuration.replicaCount) != nil else { return }
        }
        if let row = clientTable[request.clientId] {
            if request.requestNumber < row.requestNumber { return }
            if request.requestNumber == row.requestNumber {
                out.append(.reply(Reply(clientId: request.clientId, requestNumber: request.requestNumber,
                                        view: view, body: row.reply)))
                return
            }
        }
        let same = { (clientId: UInt64, requestNumber: UInt64) in
            clientId == request.clientId && requestNumber == request.requestNumber
        }
        if requestQueue.contains(where: { same($0.clientId, $0.requestNumber) }) { return }
        if journal.entries(after: commitNumber).contains(where: { same($0.clientId, $0.requestNumber) }) { return }
        guard requestQueue.count < configuration.maxQueuedRequests else { return } // Backpressure.
        requestQueue.append(request)
    }

    /// §4.1 step 3: while the pipeline has room, turn queued requests into one Prepare.
    mutating func flushBatch(_ out: inout [Output]) {
        guard status == .normal, isPrimary else { return }
        preparesInFlight.removeAll { $0 <= knownCommit }
        while !requestQueue.isEmpty && preparesInFlight.count < configuration.pipelineDepth {
            let count = min(requestQueue.count, configuration.maxBatch)
            var batch: [Entry] = []
            for request in requestQueue.prefix(count) {
                let entry = Entry(op: journal.op + 1, view: view, clientId: request.clientId,
                                  requestNumber: request.requestNumber, body: request.body,
                                  parent: journal.checksum(at: journal.op)!)
                journal.append(entry)
                batch.append(entry)
            }
            requestQueue.removeFirst(count)
            preparesInFlight.append(journal.op)
            appendDurably(batch, &out)
            broadcast(.prepare(view: view, entries: batch, commitNumber: knownCommit), &out)
            ticksSinceCommitSent = 0
            if configuration.testOnlyCommitWithoutQuorum {
                knownCommit = journal.op // Deliberately unsafe, to test the simulator's checker.
                applyCommitted(&out)
                preparesInFlight.removeAll { $0 <= knownCommit }
            }
        }
    }

    /// Emits an asynchronous append of `entries` (already in the in-memory journal).
    mutating func appendDurably(_ entries: [Entry], _ out: inout [Output]) {
        guard let last = entries.last else { return }
        let writeId = nextWriteId
        nextWriteId += 1
        pendingWrites.append((writeId: writeId, op: last.op))
        out.append(.append(writeId: writeId, entries: entries))
    }

    /// §4.1 step 4: a backup appends the entries that extend its log, in order, and acknowledges
    /// once they are durable (the ack is sent by `handle` when `durableOp` advances).
    mutating func onPrepare(view v: UInt64, entries: [Entry], commitNumber commit: UInt64, from: Int,
                            _ out: inout [Output]) {
        if v < view { return }
        if v > view || status == .viewChange {
            // We missed the view change (or its StartView): fetch the new view's log (§5.2).
            requestState(view: v, from: from, &out)
            return
        }
        guard !isPrimary else { return }
        precondition(from == primaryIndex, "only the primary of a view prepares in it")
        ticksSincePrimary = 0
        var appended: [Entry] = []
        var fresh = false
        for entry in entries where entry.isIntact {
            if entry.op <= journal.op {
                if let mine = journal.entry(at: entry.op) {
                    precondition(mine.checksum == entry.checksum, "two entries for one op in one view")
                    if faultyOps.contains(entry.op) { repair(with: entry, &out) } // A resend repairs too.
                }
                continue
            }
            fresh = true
            // Hold entries that arrive ahead of a gap (reordered Prepares), within a bound.
            if entry.op <= journal.op + UInt64(outOfOrderLimit) { outOfOrder[entry.op] = entry }
        }
        while let next = outOfOrder.removeValue(forKey: journal.op + 1) {
            guard next.parent == journal.checksum(at: journal.op) else { outOfOrder = [:]; break }
            journal.append(next)
            appended.append(next)
        }
        outOfOrder = outOfOrder.filter { $0.key > journal.op }
        if !appended.isEmpty {
            appendDurably(appended, &out)
        } else if !fresh {
            lastAckSent = 0 // A resend: our ack may have been lost, so send it again.
        }
        learnCommit(commit, from: from, &out)
    }

    /// Entries held ahead of a gap: enough for a full pipeline of full batches.
    var outOfOrderLimit: Int { configuration.pipelineDepth * configuration.maxBatch * 2 }

    /// A backup that lacks entries (a gap before held entries, or ops committed beyond its log)
    /// waits `resendInterval` ticks for the missing Prepares or the primary's resend, then asks
    /// for the state (§5.2).
    /// A faulty op that is already committed may be gone from every peer's log (behind their
    /// checkpoints): state transfer brings the checkpoint that covers it.
    var isMissingEntries: Bool {
        !outOfOrder.isEmpty || knownCommit > journal.op || faultyOps.contains { $0 <= knownCommit }
    }

    /// §4.1 step 5: the primary records a backup's cumulative acknowledgement.
    mutating func onPrepareOk(view v: UInt64, op: UInt64, from: Int) {
        guard status == .normal, isPrimary, v == view else { return }
        precondition(op <= journal.op, "a backup acknowledged an op the primary never prepared")
        ackedOp[from] = max(ackedOp[from] ?? 0, op)
    }

    /// §4.1 step 5: commit every op that a quorum (the primary included, and only once durable
    /// on its own disk) has acknowledged in this view.
    mutating func tryCommit(_ out: inout [Output]) {
        let commitBefore = knownCommit
        defer {
            if configuration.commitEagerly, knownCommit > commitBefore, status == .normal, isPrimary {
                broadcast(.commit(view: view, commitNumber: knownCommit), &out)
                ticksSinceCommitSent = 0
            }
        }
        while status == .normal && isPrimary { // A committed reconfiguration ends the loop (§7).
            var acks = [durableOp]
            for replica in members where replica != index {
                acks.append(ackedOp[replica] ?? 0)
            }
            acks.sort(by: >)
            let quorumOp = acks[quorum - 1]
            guard quorumOp > knownCommit else { return }
            knownCommit = quorumOp
            applyCommitted(&out)
        }
    }

    /// §4.1 step 7: a Commit heartbeat from the primary.
    mutating func onCommit(view v: UInt64, commitNumber commit: UInt64, from: Int, _ out: inout [Output]) {
        if v < view { return }
        if v > view || status == .viewChange {
            requestState(view: v, from: from, &out)
            return
        }
        guard !isPrimary else { return }
        precondition(from == primaryIndex, "only the primary of a view sends Commit in it")
        ticksSincePrimary = 0
        learnCommit(commit, from: from, &out)
    }

    /// A backup learns the primary's commit number: apply what it holds, fetch what it lacks.
    mutating func learnCommit(_ commit: UInt64, from: Int, _ out: inout [Output]) {
        knownCommit = max(knownCommit, commit)
        applyCommitted(&out)
    }

    /// The primary resends the entries a backup has not acknowledged (lost Prepares).
    mutating func resendPrepares(_ out: inout [Output]) {
        for replica in members where replica != index {
            let acked = max(ackedOp[replica] ?? 0, journal.checkpoint.op)
            guard acked < journal.op else { continue }
            let entries = Array(journal.entries(after: acked).prefix(configuration.maxResend))
            send(.prepare(view: view, entries: entries, commitNumber: knownCommit), to: replica, &out)
        }
    }
}
