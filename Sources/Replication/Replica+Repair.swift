/// Protocol-aware repair of corrupt log entries (Alagappan et al., "Protocol-Aware Recovery for
/// Consensus-Based Storage", FAST'18; TigerBeetle's VSR repairs prepares the same way).
///
/// A replica restarting with a corrupt entry in the middle of its journal knows the checksum the
/// entry must have: the next entry names it as parent. It neither drops the entry (it may have
/// acknowledged it, and the entry may be committed) nor refuses to start: it holds a placeholder,
/// vouches for nothing (no PrepareOk, no DoViewChange, no answer to Recovery or GetState) and asks
/// its peers for the entry by (op, checksum). Any peer holding an intact entry with that checksum
/// answers, whatever its view or status: the checksum pins the entry, and the hash chain pins the
/// whole prefix before it, so the answer cannot be wrong. Once every placeholder is filled the
/// log is exactly the one the replica had made durable before the crash, so every promise it made
/// still holds, and it resumes voting. A newer log from an authoritative source (StartView,
/// NewState) also ends the repair: `adopt` replaces the uncommitted suffix that held the
/// placeholders.
extension Replica {
    /// Whether the replica is waiting for a peer to repair a corrupt entry.
    public var isRepairing: Bool { !faultyOps.isEmpty }

    /// Asks every peer for the faulty entries (a bounded number per round).
    mutating func requestRepairs(_ out: inout [Output]) {
        ticksSinceRepairRequest = 0
        for op in faultyOps.sorted().prefix(Replica.repairBatch) {
            guard let slot = journal.entry(at: op) else { continue }
            broadcast(.requestPrepare(op: op, checksum: slot.checksum), &out)
        }
    }

    /// Faulty entries requested per round.
    static var repairBatch: Int { 8 }

    /// A peer asks for the entry at `op` with `checksum`: send it if we hold it intact.
    mutating func onRequestPrepare(op: UInt64, checksum: Checksum, from: Int, _ out: inout [Output]) {
        guard !faultyOps.contains(op), let entry = journal.entry(at: op), entry.checksum == checksum else { return }
        send(.repairPrepare(entry: entry), to: from, &out)
    }

    /// A peer's answer: fill the placeholder if the entry is the one the chain expects.
    mutating func onRepairPrepare(_ entry: Entry, _ out: inout [Output]) {
        guard faultyOps.contains(entry.op), let slot = journal.entry(at: entry.op), slot.checksum == entry.checksum,
              slot.parent == entry.parent, entry.isIntact else { return }
        repair(with: entry, &out)
    }

    /// Fills one placeholder; when none remain, makes the whole log durable and resumes voting.
    mutating func repair(with entry: Entry, _ out: inout [Output]) {
        journal.repair(entry)
        faultyOps.remove(entry.op)
        guard faultyOps.isEmpty else { return }
        // The disk still holds the corrupt bytes: rewrite the log (synchronous, covers every
        // earlier append) before any vote that relies on it.
        out.append(.persistJournal(journal))
        markAllDurable()
        lastAckSent = 0
        applyCommitted(&out)
        if status == .viewChange {
            maybeSendDoViewChange(&out)
            maybeCompleteViewChange(&out)
        }
    }
}
