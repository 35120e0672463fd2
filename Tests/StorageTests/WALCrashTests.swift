import Testing
@testable import Storage

/// Random appends, syncs, truncations and segment removals, interrupted by simulated
/// crashes that keep an arbitrary prefix of the unsynced bytes of the last segment (and
/// sometimes garbage after it). After every crash, the log must reopen holding every
/// synced entry and exactly a prefix of what was appended.
struct WALCrashTests {
    struct SplitMix64: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8] as [UInt64])
    func randomOperationsAndCrashesNeverLoseSyncedEntries(seed: UInt64) throws {
        var rng = SplitMix64(state: seed)
        let options = WriteAheadLog.Options(segmentSize: 2048, maxPayloadSize: 4096, writeBufferSize: 512)
        try withTemporaryDirectory { dir in
            var (wal, _) = try WriteAheadLog.open(directory: dir, options: options)
            var model: [UInt64: LogEntry] = [:]
            var crashes = 0, torn = 0
            for _ in 0..<150 {
                switch Int.random(in: 0..<10, using: &rng) {
                case 0..<5:
                    var parent = wal.head
                    var batch: [LogEntry] = []
                    for i in 0..<Int.random(in: 1...8, using: &rng) {
                        let op = wal.lastOp + UInt64(i) + 1
                        let size = Int.random(in: 0...300, using: &rng)
                        let e = LogEntry(op: op, view: 1, parent: parent,
                                         payload: (0..<size).map { _ in UInt8.random(in: 0...255, using: &rng) })
                        batch.append(e)
                        parent = e.checksum
                    }
                    try wal.append(batch)
                    for e in batch { model[e.op] = e }
                case 5..<7:
                    try wal.sync()
                case 7:
                    if wal.lastOp >= wal.firstOp {
                        let to = UInt64.random(in: (wal.firstOp - 1)...wal.lastOp, using: &rng)
                        try wal.truncate(after: to)
                        for op in (to + 1)...max(to + 1, model.keys.max() ?? 0) { model[op] = nil }
                    }
                case 8:
                    if wal.lastOp > wal.firstOp {
                        try wal.removeSegments(before: UInt64.random(in: wal.firstOp...wal.lastOp, using: &rng))
                    }
                default:
                    // Crash: keep a random prefix of the unsynced bytes, maybe add garbage.
                    crashes += 1
                    let durable = wal.durableOp
                    let lastSegment = wal.segmentNumbers.last!
                    let durableEnd: Int = {
                        guard durable >= wal.firstOp else { return SegmentHeader.size }
                        let s = wal.slots[Int(durable - wal.firstOp)]
                        return s.segment == lastSegment ? s.offset + EntryFrame.headerSize + s.payloadLength : SegmentHeader.size
                    }()
                    try wal.flush()  // the page cache may have any part of it
                    wal.close()
                    let path = segmentPath(dir, lastSegment)
                    var bytes = try readBytes(path)
                    let keep = Int.random(in: durableEnd...bytes.count, using: &rng)
                    bytes.removeLast(bytes.count - keep)
                    if Bool.random(using: &rng) {
                        bytes += (0..<Int.random(in: 1...100, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
                    }
                    try writeBytes(path, bytes)
                    let (reopened, report) = try WriteAheadLog.open(directory: dir, options: options)
                    if report.tornTail != nil { torn += 1 }
                    wal = reopened
                    #expect(wal.lastOp >= durable, "a synced entry was lost (seed \(seed))")
                    for op in (wal.lastOp + 1)...max(wal.lastOp + 1, model.keys.max() ?? 0) { model[op] = nil }
                }
                // The log is always exactly the model over [firstOp, lastOp].
                let held = try wal.entries(from: wal.firstOp)
                #expect(held.map(\.op) == Array(wal.firstOp..<(wal.lastOp + 1)))
                #expect(held == held.map { model[$0.op]! })
            }
            #expect(crashes > 0)
            #expect(torn > 0)
            wal.close()
        }
    }
}
