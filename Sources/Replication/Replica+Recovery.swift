/// The recovery protocol (VRR §4.3) for a replica that lost its disk.
extension Replica {
    /// §4.3 step 2: only a replica in normal status answers; only the primary sends its log.
    mutating func onRecovery(nonce: UInt64, from: Int, _ out: inout [Output]) {
        guard status == .normal, faultyOps.isEmpty, isMember, !awaitingEpochState else { return }
        send(.recoveryResponse(view: view, nonce: nonce, journal: isPrimary ? journal : nil,
                               commitNumber: knownCommit), to: from, &out)
    }

    /// §4.3 step 3: with f + 1 responses carrying our nonce, including the primary of the
    /// latest view among them, adopt the primary's log and become a normal backup.
    mutating func onRecoveryResponse(view v: UInt64, nonce: UInt64, journal: Journal?, commitNumber: UInt64,
                                     from: Int, _ out: inout [Output]) {
        guard status == .recovering, nonce == recoveryNonce else { return } // Old or foreign nonce.
        if let previous = recoveryResponses[from], previous.view > v { return }
        recoveryResponses[from] = RecoveryVote(view: v, journal: journal, commitNumber: commitNumber)
        guard recoveryResponses.count >= quorum else { return }
        let latest = recoveryResponses.values.map(\.view).max()!
        let primary = primary(of: latest)
        guard primary != index, let response = recoveryResponses[primary], response.view == latest,
              let log = response.journal else { return }
        guard adopt(log) else { return }
        view = latest
        enterNormal(&out)
        knownCommit = max(knownCommit, response.commitNumber)
        applyCommitted(&out)
        recoveryResponses = [:]
    }
}
