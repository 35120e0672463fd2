/// The replica's log (VRR §4): a checkpoint and the hash-chained entries after it.
///
/// Entries are contiguous: `entries[i].op == checkpoint.op + 1 + i`, and each entry's `parent`
/// is the checksum of the one before (the checkpoint's checksum for the first). Every mutation
/// keeps this invariant and checks it with `precondition`.
public struct Journal: Equatable, Sendable {
    /// The checkpoint the entries follow.
    public private(set) var checkpoint: Checkpoint
    /// The entries after the checkpoint, in op order.
    public private(set) var entries: [Entry]

    /// A journal holding only a checkpoint.
    public init(checkpoint: Checkpoint) {
        self.checkpoint = checkpoint
        self.entries = []
    }

    /// A journal from a checkpoint and entries; nil if the entries are not contiguous,
    /// not intact or not hash-chained onto the checkpoint.
    public init?(checkpoint: Checkpoint, entries: [Entry]) {
        self.checkpoint = checkpoint
        self.entries = []
        for entry in entries {
            guard entry.op == op + 1, entry.parent == checksum(at: op), entry.isIntact else { return nil }
            self.entries.append(entry)
        }
    }

    /// A journal read back from a disk on which some entries are corrupt: `slots` holds, in op
    /// order after the checkpoint, each entry that verified, or nil where the write-ahead log
    /// reported a corrupt one (`RecoveryReport.corruptOps` in Storage).
    ///
    /// A corrupt entry followed by an intact one becomes a placeholder carrying the checksum its
    /// successor names as parent, which `Replica.restarting` repairs from peers. A corrupt last
    /// entry, or two corrupt entries in a row, leaves no trustworthy checksum to repair against:
    /// that is refused with `StartError.corruptJournal` (the host then recovers, VRR §4.3).
    public init(checkpoint: Checkpoint, slots: [Entry?]) throws(StartError) {
        self.checkpoint = checkpoint
        self.entries = []
        for (i, slot) in slots.enumerated() {
            let expected = op + 1
            let parent = checksum(at: op)!
            if let entry = slot {
                guard entry.op == expected, entry.parent == parent, entry.isIntact else {
                    throw .corruptJournal(op: expected)
                }
                entries.append(entry)
            } else {
                guard i + 1 < slots.count, let next = slots[i + 1], next.op == expected + 1 else {
                    throw .corruptJournal(op: expected)
                }
                entries.append(.placeholder(op: expected, parent: parent, checksum: next.parent))
            }
        }
    }

    /// The op number of the last entry (VRR's `op-number`).
    public var op: UInt64 { checkpoint.op + UInt64(entries.count) }

    /// The entry at `op`, if the journal holds it (ops after the checkpoint only).
    public func entry(at op: UInt64) -> Entry? {
        guard op > checkpoint.op, op <= self.op else { return nil }
        return entries[Int(op - checkpoint.op - 1)]
    }

    /// The checksum of the entry at `op`, for ops from the checkpoint's op to the last op.
    public func checksum(at op: UInt64) -> Checksum? {
        if op == checkpoint.op { return checkpoint.checksum }
        return entry(at: op)?.checksum
    }

    /// The entries after `op` (all of them if `op` precedes the checkpoint).
    public func entries(after op: UInt64) -> ArraySlice<Entry> {
        let start = op <= checkpoint.op ? 0 : Int(min(op, self.op) - checkpoint.op)
        return entries[start...]
    }

    /// Appends the next entry; it must chain onto the last one.
    public mutating func append(_ entry: Entry) {
        precondition(entry.op == op + 1, "journal: entries are appended in op order")
        precondition(entry.parent == checksum(at: op), "journal: entry does not chain onto the log")
        entries.append(entry)
    }

    /// Puts `entry` in place of the placeholder (or corrupt entry) at its op: same op, same
    /// checksum, same parent, so the chain is unchanged (protocol-aware repair).
    mutating func repair(_ entry: Entry) {
        guard let slot = self.entry(at: entry.op) else { preconditionFailure("journal: repairing an op it does not hold") }
        precondition(slot.checksum == entry.checksum && slot.parent == entry.parent && entry.isIntact,
                     "journal: a repair must be the intact entry with the slot's checksum")
        entries[Int(entry.op - checkpoint.op - 1)] = entry
    }

    /// Whether entries are contiguous and each names the previous one as parent (intact or not).
    var isLinked: Bool {
        var expected = checkpoint.op + 1
        var parent = checkpoint.checksum
        for entry in entries {
            guard entry.op == expected, entry.parent == parent else { return false }
            parent = entry.checksum
            expected += 1
        }
        return true
    }

    /// Drops the entries after `op` (an uncommitted suffix replaced by a view change).
    public mutating func truncate(after op: UInt64) {
        precondition(op >= checkpoint.op, "journal: cannot truncate into the checkpoint")
        if op < self.op { entries.removeLast(Int(self.op - op)) }
    }

    /// Moves the checkpoint forward to `newCheckpoint` (which must be on this journal's chain)
    /// and drops the entries it covers (VRR §5.3: the log prefix before a checkpoint is garbage).
    public mutating func install(_ newCheckpoint: Checkpoint) {
        precondition(newCheckpoint.op >= checkpoint.op && newCheckpoint.op <= op, "journal: checkpoint out of range")
        precondition(checksum(at: newCheckpoint.op) == newCheckpoint.checksum, "journal: checkpoint not on the chain")
        entries.removeFirst(Int(newCheckpoint.op - checkpoint.op))
        checkpoint = newCheckpoint
    }

    /// A journal with the same chain but only the entries after `op`, anchored (no snapshot)
    /// at `op`; the whole journal when `op` precedes the checkpoint.
    public func suffix(after op: UInt64) -> Journal {
        guard op > checkpoint.op, let sum = checksum(at: op) else { return self }
        var copy = Journal(checkpoint: Checkpoint(op: op, checksum: sum, state: nil))
        copy.entries = Array(entries(after: op))
        return copy
    }

    /// Test and simulation only: a copy whose entry at `op` has a flipped byte in its body but
    /// keeps its old checksum, as a latent sector error or misdirected write would leave it.
    public func corrupting(op: UInt64) -> Journal {
        guard let entry = entry(at: op) else { return self }
        var body = entry.body
        if body.isEmpty { body = [0] } else { body[0] ^= 0x01 }
        var copy = self
        copy.entries[Int(op - checkpoint.op - 1)] = Entry(
            op: entry.op, view: entry.view, clientId: entry.clientId, requestNumber: entry.requestNumber,
            body: body, parent: entry.parent, claimedChecksum: entry.checksum)
        return copy
    }

    /// Whether every entry is intact and chained (used on restart and on received logs).
    public var isChained: Bool {
        var expected = checkpoint.op + 1
        var parent = checkpoint.checksum
        for entry in entries {
            guard entry.op == expected, entry.parent == parent, entry.isIntact else { return false }
            parent = entry.checksum
            expected += 1
        }
        return true
    }
}
