/// State transfer (VRR §5.2): a replica that is behind fetches the log it lacks.
extension Replica {
    /// Asks the primary of `view v` for the log after our commit number (committed, so it joins
    /// the sender's chain). Rate-limited to one request per `resendInterval` ticks.
    mutating func requestState(view v: UInt64, from: Int, _ out: inout [Output]) {
        guard ticksSinceGetState >= configuration.resendInterval else { return }
        let target = primary(of: v)
        guard target != index else { return }
        ticksSinceGetState = 0
        send(.getState(view: v, op: commitNumber), to: target, &out)
    }

    /// §5.2: a normal replica of the same view answers with the log after `op`: a suffix anchored
    /// at `op`, or its whole journal (checkpoint state included) when `op` is behind its checkpoint.
    mutating func onGetState(view v: UInt64, op: UInt64, from: Int, _ out: inout [Output]) {
        guard status == .normal, v == view, faultyOps.isEmpty else { return }
        send(.newState(view: view, journal: journal.suffix(after: op), commitNumber: knownCommit), to: from, &out)
    }

    /// §5.2: adopt the received log; if it is from a later view (or ends our view change), enter
    /// that view as a backup.
    mutating func onNewState(view v: UInt64, journal other: Journal, commitNumber commit: UInt64, from: Int,
                             _ out: inout [Output]) {
        if v < view { return }
        guard from == primary(of: v), primary(of: v) != index else { return }
        if v == view && status == .normal && other.op < journal.op { return } // Stale answer.
        if other.op < commitNumber { return } // A stale answer, overtaken by what we applied since.
        guard adopt(other) else { return }
        view = v
        enterNormal(&out)
        knownCommit = max(knownCommit, commit)
        applyCommitted(&out)
    }
}
