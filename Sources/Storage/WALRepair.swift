// Filling a hole in place: the write side of `Options.keepRepairableCorruption`
// (docs/storage.md, "Recovery rules"; docs/protocols/vsr.md, protocol-aware repair).
extension WriteAheadLog {
    /// Overwrites the hole at `entry.op` (an op in `corruptOps`) with `entry`, durably: the
    /// frame is written over the corrupt bytes, in place, and its segment is fdatasynced
    /// before this returns. The op then reads back like any other entry, and the next `open`
    /// finds an intact log.
    ///
    /// `entry` must be the one the hash chain already names: the checksum the successor
    /// recorded as its parent, the parent the predecessor ends with, and — which the checksum
    /// implies, since it covers the length — exactly the hole's size. So the write touches
    /// only the hole's own bytes.
    ///
    /// Why in place rather than `truncate(after: op − 1)` and re-appending: the entries after
    /// the hole are synced and may have been acknowledged; cutting them off, even for the
    /// moment before the re-append is synced, would let a crash lose them. A crash during
    /// this write instead leaves the hole's bytes part old, part new, which still fail the
    /// checksum: the next `open` (with the option) keeps the same hole, so repair is
    /// idempotent and the neighbours are never at risk (Alagappan et al., FAST'18, §4: a
    /// repaired entry must not endanger the intact ones).
    ///
    /// - Throws: `WALError.notRepairable` if `entry.op` is not a hole or `entry` is not the
    ///   entry the chain names (nothing is written); an `IOError` from the write or fsync
    ///   (then the instance must be dropped, as after any failed write).
    public func repair(_ entry: LogEntry) throws {
        precondition(!isClosed, "WriteAheadLog used after close()")
        guard entry.op >= firstOp, entry.op <= lastOp, slots[Int(entry.op - firstOp)].isCorrupt else {
            throw WALError.notRepairable(op: entry.op, reason: "the log holds no hole at this op")
        }
        let i = Int(entry.op - firstOp)
        let slot = slots[i]
        let parent = i == 0 ? segments[0].parent : slots[i - 1].checksum
        guard entry.checksum == slot.checksum, entry.parent == parent else {
            throw WALError.notRepairable(op: entry.op, reason: "not the entry its neighbours' checksums name")
        }
        guard entry.payload.count == slot.payloadLength else {
            throw WALError.notRepairable(
                op: entry.op, reason: "\(entry.payload.count) payload bytes for a hole of \(slot.payloadLength)")
        }
        // Holes come only from recovery, so the bytes are on disk, never in the write buffer.
        let segment = segments[Int(slot.segment - segments[0].number)]
        var frame: [UInt8] = []
        frame.reserveCapacity(EntryFrame.headerSize + entry.payload.count)
        EntryFrame.encode(entry, into: &frame)
        try segment.file.write(frame, at: slot.offset)
        try segment.file.syncData()
        slots[i] = Slot(segment: slot.segment, offset: slot.offset, payloadLength: slot.payloadLength,
                        view: entry.view, checksum: slot.checksum)
    }
}
