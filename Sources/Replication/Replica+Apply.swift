/// Executing committed ops, checkpoints (VRR §5.3) and adopting another replica's log.
extension Replica {
    /// Applies every committed op the journal holds, in order (§4.1 step 5 and 7), through the
    /// client table, and takes a checkpoint every `checkpointInterval` ops.
    mutating func applyCommitted(_ out: inout [Output]) {
        // A faulty op stops execution until it is repaired (its body is unknown).
        let target = min(knownCommit, journal.op, (faultyOps.min() ?? .max) - 1)
        while commitNumber < target {
            let op = commitNumber + 1
            guard let entry = journal.entry(at: op) else { preconditionFailure("committed op missing from journal") }
            let reply: [UInt8]
            let applied: Bool
            var change: Reconfiguration?
            if let row = clientTable[entry.clientId], row.requestNumber >= entry.requestNumber {
                // Already executed (a duplicate that survived a view change): never apply twice.
                applied = false
                reply = row.requestNumber == entry.requestNumber ? row.reply : []
            } else if entry.clientId == Reconfiguration.clientId {
                // §7: not an operation of the service; it ends its epoch. The reply (the body) and
                // the client table row are the same on every replica, including one that joined
                // later and applies it as part of an earlier epoch (then the epoch is in force).
                if op > epochStartOp { change = Reconfiguration.decode(entry.body, slots: configuration.replicaCount) }
                reply = entry.body
                clientTable.record(clientId: entry.clientId, requestNumber: entry.requestNumber, reply: reply)
                applied = true
            } else {
                reply = stateMachine.apply(entry.body)
                clientTable.record(clientId: entry.clientId, requestNumber: entry.requestNumber, reply: reply)
                applied = true
            }
            commitNumber = op
            // Ops of an earlier epoch that a joining member applies were committed by others.
            let asPrimary = status == .normal && isPrimary && op > epochStartOp
            out.append(.committed(entry: entry, reply: reply, applied: applied, asPrimaryOf: asPrimary ? view : nil))
            if asPrimary && (applied || !reply.isEmpty) {
                out.append(.reply(Reply(clientId: entry.clientId, requestNumber: entry.requestNumber,
                                        view: view, body: reply)))
            }
            if op % configuration.checkpointInterval == 0 { takeCheckpoint(&out) }
            if let change { beginEpoch(change.members, at: op, &out) }
        }
    }

    /// §5.3: snapshot the state machine and client table at `commitNumber`, make it durable
    /// and drop the log before it.
    mutating func takeCheckpoint(_ out: inout [Output]) {
        guard let sum = journal.checksum(at: commitNumber) else { preconditionFailure("checkpoint op not in journal") }
        let checkpoint = Checkpoint(op: commitNumber, checksum: sum,
                                    state: .init(snapshot: stateMachine.snapshot(), clientTable: clientTable))
        journal.install(checkpoint)
        out.append(.persistCheckpoint(checkpoint))
        markAllDurable()
    }

    /// Replaces our log with `other` where they differ, keeping every op we have applied.
    ///
    /// `other` comes from a replica the protocol says is authoritative (the chosen DoViewChange
    /// log, a StartView, a NewState, the primary's RecoveryResponse), so it holds every committed
    /// op: a primary never truncates committed ops, and adopting a log that would is a bug
    /// (precondition). Returns false if `other` cannot be joined to our log (it is anchored at an
    /// op we do not hold and carries no snapshot); the caller asks again.
    mutating func adopt(_ other: Journal) -> Bool {
        guard other.isChained else { return false }
        precondition(other.op >= commitNumber, "adopting a log that lacks committed ops")
        let anchor = other.checkpoint
        if commitNumber < anchor.op {
            guard let state = anchor.state else { return false }
            // Our applied prefix is committed, hence contained in the snapshot: restore it.
            stateMachine.restore(state.snapshot)
            clientTable = state.clientTable
            commitNumber = anchor.op
            knownCommit = max(knownCommit, anchor.op)
            journal = other
            faultyOps = []
            return true
        }
        let pivot = max(anchor.op, journal.checkpoint.op)
        guard pivot <= journal.op, let mine = journal.checksum(at: pivot), let theirs = other.checksum(at: pivot) else {
            return false
        }
        precondition(mine == theirs, "committed prefix diverges between replicas")
        if commitNumber > pivot {
            precondition(journal.checksum(at: commitNumber) == other.checksum(at: commitNumber),
                         "adopting a log that would change a committed op")
        }
        journal.truncate(after: pivot)
        for entry in other.entries(after: pivot) { journal.append(entry) }
        // Every faulty op lies after the commit number, hence after the pivot: all replaced.
        precondition(faultyOps.allSatisfy { $0 > pivot }, "a faulty op survived adopting a log")
        faultyOps = []
        return true
    }
}
