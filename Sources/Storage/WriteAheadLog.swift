#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The durable, checksummed, hash-chained log of a replica, in segment files.
///
/// Usage by the replica driver: `append` the entries of a Prepare (cheap, buffered), then
/// `sync()` once for everything appended since the last sync (group commit) and only then
/// send PrepareOk. `truncate(after:)` durably drops an uncommitted suffix during a view
/// change; `removeSegments(before:)` drops whole segments below a checkpoint; `reset`
/// restarts the log after state transfer.
///
/// Not thread-safe: one owner (the replica's I/O driver) calls it. Every method either
/// completes or throws; after an `IOError` from a write or sync the instance must be
/// dropped and the log reopened (the page cache may no longer match the disk).
public final class WriteAheadLog {
    /// Tunables.
    public struct Options: Sendable {
        /// A segment is sealed and a new one started when the next frame would take it past
        /// this size (a segment always holds at least one entry). Default 64 MiB.
        public var segmentSize: Int
        /// Largest payload accepted (and believed during recovery). Default 16 MiB.
        public var maxPayloadSize: Int
        /// Appended frames are gathered in memory and written with one pwrite when the
        /// buffer reaches this size, or at `sync()`. Default 1 MiB.
        public var writeBufferSize: Int

        /// Protocol-aware repair (docs/protocols/vsr.md): instead of refusing to open, keep a
        /// corrupt entry in the middle of the log as a hole when exactly one op is missing
        /// between two verified neighbours (the next entry's parent then names its checksum).
        /// The holes are listed in `RecoveryReport.corruptOps` and `WriteAheadLog.corruptOps`;
        /// reading one throws `corruptEntry`. Anything else is refused as without the option.
        /// Default false.
        public var keepRepairableCorruption: Bool

        public init(segmentSize: Int = 64 << 20, maxPayloadSize: Int = 16 << 20, writeBufferSize: Int = 1 << 20,
                    keepRepairableCorruption: Bool = false) {
            self.segmentSize = segmentSize
            self.maxPayloadSize = maxPayloadSize
            self.writeBufferSize = writeBufferSize
            self.keepRepairableCorruption = keepRepairableCorruption
        }
    }

    struct Segment {
        let number: UInt64
        let firstOp: UInt64
        let parent: Checksum
        let path: String
        let file: FileDescriptor
    }

    struct Slot {
        let segment: UInt64
        let offset: Int
        let payloadLength: Int
        let view: UInt64
        let checksum: Checksum
        /// A corrupt entry kept for repair: `checksum` is the one its successor names.
        var isCorrupt = false
    }

    /// The WAL directory (`<data>/wal`).
    public let directory: String
    public let options: Options

    var segments: [Segment]
    /// `slots[i]` locates op `firstOp + i`.
    var slots: [Slot]
    /// Frames appended but not yet written; they start at `pendingOffset` of the last segment.
    var pending: [UInt8] = []
    var pendingOffset: Int
    /// The highest op known durable (covered by an fsync).
    public private(set) var durableOp: UInt64

    /// Holds the exclusive flock on `<directory>/lock` for the lifetime of the instance.
    let lock: FileDescriptor
    private(set) var isClosed = false

    init(directory: String, options: Options, lock: FileDescriptor, segments: [Segment], slots: [Slot], endOffset: Int) {
        self.lock = lock
        self.directory = directory
        self.options = options
        self.segments = segments
        self.slots = slots
        self.pendingOffset = endOffset
        self.durableOp = segments[0].firstOp - 1 + UInt64(slots.count)
    }

    deinit { close() }

    /// Closes the segment files and releases the directory lock. It does not sync: what
    /// was appended since the last `sync()` may or may not survive (like a crash). The
    /// instance must not be used afterwards.
    public func close() {
        guard !isClosed else { return }
        isClosed = true
        for s in segments { s.file.close() }
        lock.close()
    }

    /// Takes the directory's lock file, or throws `WALError.locked`.
    static func lockDirectory(_ directory: String) throws -> FileDescriptor {
        let lock = try FileDescriptor.open(Directory.join(directory, "lock"), O_RDWR | O_CREAT)
        do {
            guard try lock.tryLockExclusive() else { throw WALError.locked(directory: directory) }
        } catch {
            lock.close()
            throw error
        }
        return lock
    }

    // MARK: Opening

    /// Opens (creating if absent) the log in `directory`, running recovery: a torn tail of
    /// the last segment is truncated and reported; any other damage throws a `WALError`
    /// naming the segment, offset and affected ops (docs/storage.md, "Recovery rules").
    public static func open(directory: String, options: Options = Options()) throws -> (WriteAheadLog, RecoveryReport) {
        try recover(directory: directory, options: options)
    }

    // MARK: State

    /// The first op the log holds (after `removeSegments`, ops below it are gone).
    public var firstOp: UInt64 { segments[0].firstOp }
    /// The last op appended (`firstOp − 1` when empty).
    public var lastOp: UInt64 { firstOp - 1 + UInt64(slots.count) }
    /// The checksum of `lastOp`'s entry: the `parent` the next appended entry must carry.
    /// For an empty log, the parent recorded in its first segment (zero for a new log).
    public var head: Checksum { slots.last?.checksum ?? segments[0].parent }
    /// Segment numbers, ascending.
    public var segmentNumbers: [UInt64] { segments.map(\.number) }
    /// Ops kept as holes by `Options.keepRepairableCorruption`, ascending: their checksum is
    /// known (`header(op:)`), their content is not.
    public var corruptOps: [UInt64] {
        slots.indices.filter { slots[$0].isCorrupt }.map { firstOp + UInt64($0) }
    }
    /// True when entries were appended since the last `sync()`.
    public var hasUnsyncedEntries: Bool { durableOp < lastOp }

    /// The header of `op` from the in-memory index (no disk read), or nil if not held.
    public func header(op: UInt64) -> EntryHeader? {
        guard op >= firstOp, op <= lastOp else { return nil }
        let i = Int(op - firstOp)
        let s = slots[i]
        let parent = i == 0 ? segments[0].parent : slots[i - 1].checksum
        return EntryHeader(op: op, view: s.view, parent: parent, checksum: s.checksum, payloadLength: s.payloadLength)
    }

    // MARK: Appending

    /// Appends one entry; see `append(_: [LogEntry])`.
    public func append(_ entry: LogEntry) throws {
        try append([entry])
    }

    /// Appends `entries` (buffered; durable only after `sync()`). Each entry must have op
    /// `lastOp + 1` and parent `head`; the batch is checked as a whole before anything is
    /// appended. May write (and, on segment rollover, fsync) when buffers fill.
    public func append(_ entries: [LogEntry]) throws {
        precondition(!isClosed, "WriteAheadLog used after close()")
        var expectOp = lastOp + 1
        var expectParent = head
        for e in entries {
            guard e.op == expectOp else { throw WALError.nonContiguousAppend(expected: expectOp, got: e.op) }
            guard e.parent == expectParent else { throw WALError.parentMismatch(op: e.op) }
            guard e.payload.count <= options.maxPayloadSize else {
                throw WALError.entryTooLarge(op: e.op, size: e.payload.count, limit: options.maxPayloadSize)
            }
            expectOp += 1
            expectParent = e.checksum
        }
        for e in entries {
            let frameLength = EntryFrame.headerSize + e.payload.count
            let end = pendingOffset + pending.count
            if end > SegmentHeader.size && end + frameLength > options.segmentSize {
                try rollover()
            }
            let offset = pendingOffset + pending.count
            EntryFrame.encode(e, into: &pending)
            slots.append(Slot(segment: segments[segments.count - 1].number, offset: offset,
                              payloadLength: e.payload.count, view: e.view, checksum: e.checksum))
            if pending.count >= options.writeBufferSize { try flush() }
        }
    }

    /// Makes every appended entry durable: writes what is buffered and issues one
    /// fdatasync for all of it (group commit). Returns when the entries are on disk.
    public func sync() throws {
        precondition(!isClosed, "WriteAheadLog used after close()")
        guard hasUnsyncedEntries || !pending.isEmpty else { return }
        try flush()
        try segments[segments.count - 1].file.syncData()
        durableOp = lastOp
    }

    /// Writes buffered frames to the last segment (no fsync).
    func flush() throws {
        guard !pending.isEmpty else { return }
        try segments[segments.count - 1].file.write(pending, at: pendingOffset)
        pendingOffset += pending.count
        pending.removeAll(keepingCapacity: true)
    }

    /// Seals the last segment (write + fsync) and starts the next one.
    func rollover() throws {
        try flush()
        try segments[segments.count - 1].file.syncData()
        durableOp = lastOp
        let last = segments[segments.count - 1]
        let next = try Self.createSegment(directory: directory, number: last.number + 1, firstOp: lastOp + 1,
                                          parent: head, base: false)
        segments.append(next)
        pendingOffset = SegmentHeader.size
    }

    // MARK: Reading

    /// The entry with op `op`, read from disk (or the write buffer) and verified; nil when
    /// the log does not hold `op`.
    /// - Throws: `WALError.corruptEntry` if the bytes on disk no longer verify.
    public func entry(op: UInt64) throws -> LogEntry? {
        precondition(!isClosed, "WriteAheadLog used after close()")
        guard op >= firstOp, op <= lastOp else { return nil }
        let i = Int(op - firstOp)
        let slot = slots[i]
        if slot.isCorrupt {
            throw WALError.corruptEntry(segment: slot.segment, offset: slot.offset,
                                        reason: "corrupt when the log was opened; awaiting repair", affectedOps: op...op)
        }
        let frameLength = EntryFrame.headerSize + slot.payloadLength
        let bytes: [UInt8]
        if slot.segment == segments[segments.count - 1].number && slot.offset >= pendingOffset {
            let start = slot.offset - pendingOffset
            bytes = Array(pending[start..<(start + frameLength)])
        } else {
            let seg = segments[Int(slot.segment - segments[0].number)]
            bytes = try seg.file.read(count: frameLength, at: slot.offset)
        }
        switch EntryFrame.decode(bytes, at: 0, maxPayload: options.maxPayloadSize) {
        case .valid(let header, _) where header.op == op && header.checksum == slot.checksum:
            return LogEntry(verified: header, payload: Array(bytes[EntryFrame.headerSize...]))
        case .valid:
            throw WALError.corruptEntry(segment: slot.segment, offset: slot.offset,
                                        reason: "entry changed on disk since it was written", affectedOps: op...op)
        case .invalid(let reason):
            throw WALError.corruptEntry(segment: slot.segment, offset: slot.offset, reason: reason, affectedOps: op...op)
        }
    }

    /// Entries from `op` (inclusive; clamped to `firstOp`) towards the end of the log: at
    /// most `limit` of them, and no more payload bytes than `maxBytes` (but always at
    /// least one entry when there is one), for chunking repair and state transfer.
    public func entries(from op: UInt64, limit: Int = .max, maxBytes: Int = .max) throws -> [LogEntry] {
        var out: [LogEntry] = []
        var bytes = 0
        var o = max(op, firstOp)
        while o <= lastOp && out.count < limit {
            let size = slots[Int(o - firstOp)].payloadLength
            if !out.isEmpty && bytes + size > maxBytes { break }
            guard let e = try entry(op: o) else { break }
            out.append(e)
            bytes += size
            o += 1
        }
        return out
    }

    // MARK: Truncation

    /// Durably removes every entry after `op` (the uncommitted suffix a view change
    /// replaces). When it returns, a crash cannot bring those entries back. The next
    /// append must then have op `op + 1` and parent `header(op:)!.checksum`.
    public func truncate(after op: UInt64) throws {
        precondition(!isClosed, "WriteAheadLog used after close()")
        guard op + 1 >= firstOp else { throw WALError.truncateBelowStart(op: op, firstOp: firstOp) }
        guard op < lastOp else { return }
        let keep = Int(op + 1 - firstOp)
        let cut = slots[keep]
        let last = segments[segments.count - 1]
        if cut.segment == last.number && cut.offset >= pendingOffset {
            // Only buffered, never-written frames go: nothing on disk to undo.
            pending.removeLast(pending.count - (cut.offset - pendingOffset))
            slots.removeLast(slots.count - keep)
            durableOp = min(durableOp, op)
            return
        }
        try flush()
        // Remove later segments highest first (so a crash leaves a contiguous prefix), make
        // the removals durable, then cut the segment holding op + 1 and fsync it.
        while segments[segments.count - 1].number > cut.segment {
            let s = segments.removeLast()
            s.file.close()
            try Directory.unlink(s.path)
        }
        if segments[segments.count - 1].number != last.number { try Directory.sync(directory) }
        let seg = segments[segments.count - 1]
        try seg.file.truncate(to: cut.offset)
        try seg.file.syncData()
        pendingOffset = cut.offset
        slots.removeLast(slots.count - keep)
        durableOp = min(durableOp, op)
    }

    /// Removes whole segments all of whose entries are below `op` (after a checkpoint at
    /// `op − 1` made them unnecessary). The last segment is never removed. Returns the
    /// numbers of the removed segments.
    @discardableResult
    public func removeSegments(before op: UInt64) throws -> [UInt64] {
        precondition(!isClosed, "WriteAheadLog used after close()")
        var removed: [UInt64] = []
        while segments.count > 1 && segments[1].firstOp <= op {
            let s = segments.removeFirst()
            let n = Int(segments[0].firstOp - s.firstOp)
            slots.removeFirst(n)
            s.file.close()
            try Directory.unlink(s.path)
            removed.append(s.number)
        }
        if !removed.isEmpty { try Directory.sync(directory) }
        return removed
    }

    /// Discards the whole log and starts an empty one whose next op is `op + 1` with
    /// parent `parent` (after state transfer installed a snapshot at `op`). Durable and
    /// crash-atomic: the new segment is marked as a base, so if a crash interrupts the
    /// removal of the old segments, recovery removes them.
    public func reset(after op: UInt64, parent: Checksum) throws {
        precondition(!isClosed, "WriteAheadLog used after close()")
        let number = segments[segments.count - 1].number + 1
        let fresh = try Self.createSegment(directory: directory, number: number, firstOp: op + 1, parent: parent, base: true)
        for s in segments {
            s.file.close()
            try Directory.unlink(s.path)
        }
        try Directory.sync(directory)
        segments = [fresh]
        slots = []
        pending = []
        pendingOffset = SegmentHeader.size
        durableOp = op
    }

    // MARK: Segment files

    static func segmentName(_ number: UInt64) -> String {
        let digits = String(number)
        return String(repeating: "0", count: max(0, 20 - digits.count)) + digits + ".wal"
    }

    static func parseSegmentName(_ name: String) -> UInt64? {
        guard name.count == 24, name.hasSuffix(".wal") else { return nil }
        let digits = name.prefix(20)
        guard digits.allSatisfy({ $0 >= "0" && $0 <= "9" }) else { return nil }
        return UInt64(digits)
    }

    /// Creates segment `number` atomically: header to `<name>.tmp`, fsync, rename, fsync
    /// the directory. Returns it opened for reading and writing.
    static func createSegment(directory: String, number: UInt64, firstOp: UInt64, parent: Checksum,
                              base: Bool) throws -> Segment {
        let name = segmentName(number)
        let path = Directory.join(directory, name)
        let tmp = path + ".tmp"
        let header = SegmentHeader(flags: base ? SegmentHeader.flagBase : 0, segment: number,
                                   firstOp: firstOp, parent: parent)
        let file = try FileDescriptor.open(tmp, O_RDWR | O_CREAT | O_TRUNC)
        do {
            try file.write(header.encode(), at: 0)
            try file.sync()
            try Directory.rename(tmp, path)
            try Directory.sync(directory)
        } catch {
            file.close()
            throw error
        }
        return Segment(number: number, firstOp: firstOp, parent: parent, path: path,
                       file: FileDescriptor(fd: file.fd, path: path))
    }
}
