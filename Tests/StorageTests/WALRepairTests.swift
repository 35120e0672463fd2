import Testing
@testable import Storage

/// `WriteAheadLog.repair(_:)`: a hole kept by `Options.keepRepairableCorruption` is overwritten
/// in place with the entry its neighbours name, durably, and nothing else is touched.
struct WALRepairTests {
    let big = WriteAheadLog.Options(segmentSize: 1 << 20, maxPayloadSize: 4096, writeBufferSize: 300,
                                    keepRepairableCorruption: true)
    let small = WriteAheadLog.Options(segmentSize: 1024, maxPayloadSize: 4096, writeBufferSize: 300,
                                      keepRepairableCorruption: true)

    /// Flips one payload byte of `op`'s frame (the fourth, or the last with `lastByte`); returns
    /// the segment's bytes from before.
    @discardableResult
    func flip(_ dir: String, op: UInt64, options: WriteAheadLog.Options,
              lastByte: Bool = false) throws -> (segment: UInt64, bytes: [UInt8]) {
        let (seg, start, length) = try frameLocations(dir, options: options)[op]!
        let before = try readBytes(segmentPath(dir, seg))
        var bytes = before
        bytes[start + (lastByte ? length - 1 : EntryFrame.headerSize + 3)] ^= 0x40
        try writeBytes(segmentPath(dir, seg), bytes)
        return (seg, before)
    }

    @Test func aRepairedHoleReadsBackAndTheSegmentIsByteForByteTheOriginal() throws {
        try withTemporaryDirectory { dir in
            let written = try buildLog(dir, count: 20, options: big)
            let (seg, original) = try flip(dir, op: 9, options: big)
            let (wal, report) = try WriteAheadLog.open(directory: dir, options: big)
            #expect(report.corruptOps == [9])
            try wal.repair(written[8])
            #expect(wal.corruptOps.isEmpty)
            #expect(try wal.entry(op: 9) == written[8] && wal.header(op: 9) == written[8].header)
            // Appending after a repair continues the same chain.
            let more = nextEntries(wal, count: 3)
            try wal.append(more)
            try wal.sync()
            wal.close()
            #expect(try Array(readBytes(segmentPath(dir, seg)).prefix(original.count)) == original)
            let (again, clean) = try WriteAheadLog.open(directory: dir, options: big)
            #expect(clean.corruptOps.isEmpty && clean.tornTail == nil)
            #expect(try again.entries(from: 1) == written + more)
            again.close()
        }
    }

    @Test func aHoleAtTheEndOfASealedSegmentIsRepairedInThatSegment() throws {
        try withTemporaryDirectory { dir in
            let written = try buildLog(dir, count: 60, options: small)
            let loc = try frameLocations(dir, options: small)
            let seg = loc[30]!.segment
            let last = loc.filter { $0.value.segment == seg }.keys.max()!
            let (_, original) = try flip(dir, op: last, options: small)
            let (wal, report) = try WriteAheadLog.open(directory: dir, options: small)
            #expect(report.corruptOps == [last] && wal.segmentNumbers.last! > seg)
            try wal.repair(written[Int(last) - 1])
            wal.close()
            #expect(try readBytes(segmentPath(dir, seg)) == original)
            let (again, clean) = try WriteAheadLog.open(directory: dir, options: small)
            #expect(try clean.corruptOps.isEmpty && again.entries(from: 1) == written)
            again.close()
        }
    }

    @Test func anEntryThatIsNotTheNamedOneIsRefusedAndNothingIsWritten() throws {
        try withTemporaryDirectory { dir in
            let written = try buildLog(dir, count: 20, options: big)
            let (seg, _) = try flip(dir, op: 9, options: big)
            let damaged = try readBytes(segmentPath(dir, seg))
            let (wal, _) = try WriteAheadLog.open(directory: dir, options: big)
            // Same op and parent, other content: a different checksum.
            let impostor = LogEntry(op: 9, view: written[8].view, parent: written[7].checksum,
                                    payload: payload(op: 9, salt: 0x55))
            #expect(throws: WALError.notRepairable(op: 9, reason: "not the entry its neighbours' checksums name")) {
                try wal.repair(impostor)
            }
            // An op that is not a hole, and an op the log does not hold.
            #expect(throws: WALError.self) { try wal.repair(written[7]) }
            #expect(throws: WALError.self) {
                try wal.repair(LogEntry(op: 40, view: 1, parent: written[19].checksum, payload: [1]))
            }
            #expect(wal.corruptOps == [9])
            wal.close()
            #expect(try readBytes(segmentPath(dir, seg)) == damaged)
        }
    }

    @Test func aCrashDuringTheRepairWriteLeavesTheSameHole() throws {
        try withTemporaryDirectory { dir in
            let written = try buildLog(dir, count: 20, options: big)
            // The damage in the frame's last byte, so that no prefix of the repair write undoes it.
            let (seg, _) = try flip(dir, op: 9, options: big, lastByte: true)
            let (_, start, length) = try frameLocations(dir, options: big)[9]!
            // Every prefix of the repair write reaching the disk, the rest still the corrupt bytes.
            let damaged = try readBytes(segmentPath(dir, seg))
            let good = frame(written[8])
            for cut in stride(from: 0, to: length, by: 7) {
                var bytes = damaged
                bytes.replaceSubrange(start..<(start + cut), with: good[..<cut])
                try writeBytes(segmentPath(dir, seg), bytes)
                let (wal, report) = try WriteAheadLog.open(directory: dir, options: big)
                #expect(report.corruptOps == [9] && wal.lastOp == 20, "cut at \(cut)")
                wal.close()
            }
            let (wal, _) = try WriteAheadLog.open(directory: dir, options: big)
            try wal.repair(written[8])
            wal.close()
            let (again, clean) = try WriteAheadLog.open(directory: dir, options: big)
            #expect(try clean.corruptOps.isEmpty && again.entries(from: 1) == written)
            again.close()
        }
    }
}
