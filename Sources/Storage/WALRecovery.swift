#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Recovery on open: the rules are in docs/storage.md, "Recovery rules". In short:
//
// * Segment files are `<20-digit number>.wal`; `*.tmp` files are interrupted segment
//   creations and are removed. Segments below the newest base segment are stale (an
//   interrupted `reset`) and are removed. From there, numbers must be consecutive.
// * Every header must verify (headers are written atomically, so a bad one is corruption).
// * Each segment's first op and parent must continue the previous segment.
// * Frames are read in order; each valid frame must have the next op and the previous
//   entry's checksum as parent (else `brokenHashChain`).
// * The first invalid frame in a sealed (non-last) segment is corruption.
// * The first invalid frame in the last segment is a torn tail — truncated and reported —
//   if and only if no valid frame with a later op starts anywhere after it in that
//   segment. Otherwise it is corruption in the middle, refused with the affected ops.
extension WriteAheadLog {
    static func recover(directory: String, options: Options) throws -> (WriteAheadLog, RecoveryReport) {
        precondition(options.segmentSize > SegmentHeader.size, "segment size must exceed the header size")
        var report = RecoveryReport()
        try Directory.create(directory)
        let lock = try lockDirectory(directory)
        var keepLock = false
        defer { if !keepLock { lock.close() } }
        let names = try Directory.list(directory)

        for name in names where name.hasSuffix(".wal.tmp") {
            try Directory.unlink(Directory.join(directory, name))
            report.removedTemporaryFiles.append(name)
        }
        var numbers = names.compactMap(parseSegmentName).sorted()
        if !report.removedTemporaryFiles.isEmpty { try Directory.sync(directory) }

        if numbers.isEmpty {
            let seg = try createSegment(directory: directory, number: 1, firstOp: 1, parent: .zero, base: true)
            report.createdNewLog = true
            report.segments = [1]
            report.firstOp = 1
            report.lastOp = 0
            keepLock = true
            return (WriteAheadLog(directory: directory, options: options, lock: lock, segments: [seg], slots: [],
                                  endOffset: SegmentHeader.size), report)
        }

        // Open and decode headers from the newest down to the newest base segment. Only the
        // headers are read here; each segment's body is read (and released) in the scan.
        var opened: [(number: UInt64, file: FileDescriptor, header: SegmentHeader?, headerError: SegmentHeader.DecodeError?)] = []
        var closeAll = true
        defer { if closeAll { for o in opened { o.file.close() } } }
        var baseIndex = 0
        for (i, number) in numbers.enumerated().reversed() {
            let path = Directory.join(directory, segmentName(number))
            let file = try FileDescriptor.open(path, O_RDWR)
            let head: [UInt8]
            do { head = try file.read(count: SegmentHeader.size, at: 0) } catch { file.close(); throw error }
            switch SegmentHeader.decode(head) {
            case .success(let h):
                opened.append((number, file, h, nil))
                if h.isBase { baseIndex = i }
            case .failure(let e):
                opened.append((number, file, nil, e))
            }
            if case .some(let h) = opened.last?.header, h.isBase { break }
        }
        opened.reverse()
        if baseIndex > 0 {
            for number in numbers[..<baseIndex] {
                try Directory.unlink(Directory.join(directory, segmentName(number)))
                report.removedStaleSegments.append(number)
            }
            try Directory.sync(directory)
            numbers.removeFirst(baseIndex)
        }

        var segments: [Segment] = []
        var slots: [Slot] = []
        var expectOp: UInt64 = 0
        var expectParent = Checksum.zero
        var endOffset = SegmentHeader.size

        for (i, o) in opened.enumerated() {
            let isLast = i == opened.count - 1
            // The op that the next segment (if any, and if its header is readable) starts at.
            let nextFirstOp: UInt64? = isLast ? nil : opened[i + 1].header?.firstOp

            if i > 0 && o.number != opened[i - 1].number + 1 {
                let missing = opened[i - 1].number + 1
                let upper = o.header.map { $0.firstOp &- 1 }
                throw WALError.missingSegment(
                    segment: missing,
                    affectedOps: upper.flatMap { $0 >= expectOp ? expectOp...$0 : nil })
            }
            guard let header = o.header else {
                switch o.headerError! {
                case .unsupportedVersion(let v):
                    throw WALError.unsupportedVersion(segment: o.number, version: v)
                case .invalid(let reason):
                    let lower = i == 0 ? nil : Optional(expectOp)
                    let range: ClosedRange<UInt64>? = {
                        guard let lo = lower, let next = nextFirstOp, next > lo else { return nil }
                        return lo...(next - 1)
                    }()
                    throw WALError.corruptSegmentHeader(segment: o.number, reason: reason, affectedOps: range)
                }
            }
            guard header.segment == o.number else {
                throw WALError.corruptSegmentHeader(segment: o.number,
                                                    reason: "header names segment \(header.segment)",
                                                    affectedOps: nil)
            }
            if i == 0 {
                expectOp = header.firstOp
                expectParent = header.parent
            } else if header.firstOp != expectOp || header.parent != expectParent {
                throw WALError.brokenHashChain(segment: o.number, offset: 0, expectedOp: expectOp, foundOp: header.firstOp)
            }

            let bytes = try o.file.readAll()
            var offset = SegmentHeader.size
            scan: while offset < bytes.count {
                switch EntryFrame.decode(bytes, at: offset, maxPayload: options.maxPayloadSize) {
                case .valid(let h, let length):
                    guard h.op == expectOp, h.parent == expectParent else {
                        throw WALError.brokenHashChain(segment: o.number, offset: offset, expectedOp: expectOp, foundOp: h.op)
                    }
                    slots.append(Slot(segment: o.number, offset: offset, payloadLength: h.payloadLength,
                                      view: h.view, checksum: h.checksum))
                    expectOp += 1
                    expectParent = h.checksum
                    offset += length
                case .invalid(let reason):
                    if options.keepRepairableCorruption,
                       let hole = repairableHole(bytes, at: offset, op: expectOp,
                                                 nextSegment: isLast ? nil : opened[i + 1].header, options: options) {
                        slots.append(Slot(segment: o.number, offset: offset, payloadLength: hole.end - offset - EntryFrame.headerSize,
                                          view: 0, checksum: hole.checksum, isCorrupt: true))
                        report.corruptOps.append(expectOp)
                        expectOp += 1
                        expectParent = hole.checksum
                        offset = hole.end
                        continue scan
                    }
                    if !isLast {
                        let upper = max(expectOp, (nextFirstOp ?? expectOp + 1) &- 1)
                        throw WALError.corruptEntry(segment: o.number, offset: offset, reason: reason,
                                                    affectedOps: expectOp...upper)
                    }
                    if let laterOp = laterValidOp(bytes, after: offset, minOp: expectOp, options: options) {
                        throw WALError.corruptEntry(segment: o.number, offset: offset, reason: reason,
                                                    affectedOps: expectOp...max(expectOp, laterOp - 1))
                    }
                    // Torn tail: cut it off durably.
                    try o.file.truncate(to: offset)
                    try o.file.syncData()
                    report.tornTail = .init(segment: o.number, offset: offset, discardedBytes: bytes.count - offset,
                                            op: expectOp, reason: reason)
                    break scan
                }
            }
            if isLast { endOffset = offset }
            segments.append(Segment(number: o.number, firstOp: header.firstOp, parent: header.parent,
                                    path: Directory.join(directory, segmentName(o.number)), file: o.file))
        }

        // What we read may have come from the page cache of a process that exited without
        // syncing: make it durable before anyone relies on it.
        if report.tornTail == nil { try segments[segments.count - 1].file.syncData() }
        closeAll = false
        keepLock = true
        let wal = WriteAheadLog(directory: directory, options: options, lock: lock, segments: segments, slots: slots,
                                endOffset: endOffset)
        report.segments = segments.map(\.number)
        report.firstOp = wal.firstOp
        report.lastOp = wal.lastOp
        return (wal, report)
    }

    /// Where a corrupt frame at `offset` (expected to be op `op`) ends and which checksum it
    /// must have, if exactly that one op is missing: the next valid frame in the segment is op
    /// `op + 1` (or, if none follows, the next segment starts at `op + 1`), and that successor
    /// names the checksum as its parent. Nil when more is lost or nothing vouches for it.
    static func repairableHole(_ bytes: [UInt8], at offset: Int, op: UInt64,
                               nextSegment: SegmentHeader?, options: Options) -> (end: Int, checksum: Checksum)? {
        var o = offset + EntryFrame.headerSize
        while o + EntryFrame.headerSize <= bytes.count {
            if EntryFrame.hasMagic(bytes, at: o),
               case .valid(let h, _) = EntryFrame.decode(bytes, at: o, maxPayload: options.maxPayloadSize),
               h.op > op {
                return h.op == op + 1 ? (o, h.parent) : nil
            }
            o += 1
        }
        if let next = nextSegment, next.firstOp == op + 1 { return (bytes.count, next.parent) }
        return nil
    }

    /// The op of the first valid frame that starts after `offset` with an op of at least
    /// `minOp`, or nil. Candidates are pre-filtered on the frame magic.
    static func laterValidOp(_ bytes: [UInt8], after offset: Int, minOp: UInt64, options: Options) -> UInt64? {
        var o = offset + 1
        while o + EntryFrame.headerSize <= bytes.count {
            if EntryFrame.hasMagic(bytes, at: o),
               case .valid(let h, _) = EntryFrame.decode(bytes, at: o, maxPayload: options.maxPayloadSize),
               h.op >= minOp {
                return h.op
            }
            o += 1
        }
        return nil
    }

    /// The protocol-aware repair hook: durably discards every entry from `op` on in a log
    /// that refused to open (or any log), keeping the valid prefix below `op`. Call it only
    /// when the replica has decided those ops are not needed from this disk — a quorum says
    /// they were never committed, or they will be fetched again from peers. Entries below
    /// `op` must form a valid chain, else this throws the same error `open` would.
    public static func discard(directory: String, from op: UInt64, options: Options = Options()) throws {
        let lock = try lockDirectory(directory)
        defer { lock.close() }
        let names = try Directory.list(directory)
        var numbers = names.compactMap(parseSegmentName).sorted()
        // Start from the newest base segment, as `open` does (older ones are stale).
        for (i, number) in numbers.enumerated().reversed() {
            let file = try FileDescriptor.open(Directory.join(directory, segmentName(number)), O_RDONLY)
            let head = try file.read(count: SegmentHeader.size, at: 0)
            file.close()
            if case .success(let h) = SegmentHeader.decode(head), h.isBase {
                numbers.removeFirst(i)
                break
            }
        }
        var expectOp: UInt64? = nil
        var expectParent = Checksum.zero
        for (i, number) in numbers.enumerated() {
            let path = Directory.join(directory, segmentName(number))
            let file = try FileDescriptor.open(path, O_RDWR)
            defer { file.close() }
            let bytes = try file.readAll()
            let header: SegmentHeader
            switch SegmentHeader.decode(bytes) {
            case .success(let h): header = h
            case .failure(.unsupportedVersion(let v)): throw WALError.unsupportedVersion(segment: number, version: v)
            case .failure(.invalid(let reason)):
                throw WALError.corruptSegmentHeader(segment: number, reason: reason, affectedOps: nil)
            }
            if expectOp == nil {
                expectOp = header.firstOp
                expectParent = header.parent
            } else if header.firstOp != expectOp || header.parent != expectParent {
                throw WALError.brokenHashChain(segment: number, offset: 0, expectedOp: expectOp!, foundOp: header.firstOp)
            }
            // The cut lies in this segment if op is below the next segment's first op.
            var offset = SegmentHeader.size
            var cutAt: Int? = op <= header.firstOp ? offset : nil
            while cutAt == nil && offset < bytes.count {
                guard case .valid(let h, let length) = EntryFrame.decode(bytes, at: offset, maxPayload: options.maxPayloadSize),
                      h.op == expectOp, h.parent == expectParent else { break }
                expectOp! += 1
                expectParent = h.checksum
                offset += length
                if h.op + 1 == op { cutAt = offset }
            }
            if let cut = cutAt {
                for later in numbers[(i + 1)...].reversed() {
                    try Directory.unlink(Directory.join(directory, segmentName(later)))
                }
                try Directory.sync(directory)
                try file.truncate(to: cut)
                try file.syncData()
                return
            }
            if offset < bytes.count { break }  // damage before reaching op
        }
        throw WALError.opNotFound(op)
    }
}
