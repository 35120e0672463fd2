import Testing
@testable import Storage

struct WALRoundTripTests {
    let small = WriteAheadLog.Options(segmentSize: 1024, maxPayloadSize: 4096, writeBufferSize: 300)

    @Test func newLogIsEmptyAndCreatesOneBaseSegment() throws {
        try withTemporaryDirectory { dir in
            let (wal, report) = try WriteAheadLog.open(directory: dir + "/wal", options: small)
            #expect(report.createdNewLog)
            #expect(report.segments == [1])
            #expect(wal.firstOp == 1 && wal.lastOp == 0 && wal.head == .zero)
            #expect(try wal.entry(op: 1) == nil)
            #expect(try wal.entries(from: 1).isEmpty)
        }
    }

    @Test func appendSyncReopenAcrossManySegments() throws {
        try withTemporaryDirectory { dir in
            let written = try buildLog(dir, count: 300, options: small, batch: 7)
            let (wal, report) = try WriteAheadLog.open(directory: dir, options: small)
            #expect(report.tornTail == nil)
            #expect(!report.createdNewLog)
            #expect(report.segments.count > 10)
            #expect(report.segments == Array(1...UInt64(report.segments.count)))
            #expect(wal.firstOp == 1 && wal.lastOp == 300)
            #expect(try wal.entries(from: 1) == written)
            #expect(wal.head == written.last!.checksum)
            for e in written.prefix(20) {
                #expect(wal.header(op: e.op) == e.header)
            }
            // The chain continues after reopening.
            let more = nextEntries(wal, count: 50, view: 2)
            try wal.append(more)
            try wal.sync()
            wal.close()
            let (again, _) = try WriteAheadLog.open(directory: dir, options: small)
            #expect(try again.entries(from: 1) == written + more)
            #expect(try again.entries(from: 290, limit: 3).map(\.op) == [290, 291, 292])
            // maxBytes bounds the payload total, but always yields at least one entry.
            let sizes = written.suffix(11).map(\.payload.count)
            let chunk = try again.entries(from: 290, maxBytes: sizes[0] + sizes[1] + sizes[2])
            #expect(chunk.map(\.op) == [290, 291, 292])
            #expect(try again.entries(from: 290, maxBytes: 1).map(\.op) == [290])
            #expect(try again.entries(from: 0, limit: 1).map(\.op) == [1])
        }
    }

    @Test func entriesAreReadableBeforeAndAfterTheBufferIsWritten() throws {
        try withTemporaryDirectory { dir in
            let (wal, _) = try WriteAheadLog.open(directory: dir, options: WriteAheadLog.Options(writeBufferSize: 1 << 20))
            let es = nextEntries(wal, count: 10)
            try wal.append(es)
            #expect(wal.hasUnsyncedEntries)
            #expect(try wal.entries(from: 1) == es)  // from the buffer
            try wal.sync()
            #expect(!wal.hasUnsyncedEntries && wal.durableOp == 10)
            #expect(try wal.entries(from: 1) == es)  // from disk
        }
    }

    @Test func appendRejectsGapsWrongParentsAndOversizeEntries() throws {
        try withTemporaryDirectory { dir in
            let (wal, _) = try WriteAheadLog.open(directory: dir, options: small)
            try wal.append(nextEntries(wal, count: 3))
            let skip = LogEntry(op: 5, view: 1, parent: wal.head, payload: [1])
            #expect(throws: WALError.nonContiguousAppend(expected: 4, got: 5)) { try wal.append([skip]) }
            let orphan = LogEntry(op: 4, view: 1, parent: .zero, payload: [1])
            #expect(throws: WALError.parentMismatch(op: 4)) { try wal.append([orphan]) }
            let big = LogEntry(op: 4, view: 1, parent: wal.head, payload: [UInt8](repeating: 0, count: 5000))
            #expect(throws: WALError.entryTooLarge(op: 4, size: 5000, limit: 4096)) { try wal.append([big]) }
            // A batch is checked whole: a bad entry at the end appends nothing.
            var batch = nextEntries(wal, count: 2)
            batch.append(LogEntry(op: 6, view: 1, parent: .zero, payload: []))
            #expect(throws: WALError.parentMismatch(op: 6)) { try wal.append(batch) }
            #expect(wal.lastOp == 3)
        }
    }

    @Test func receivedEntriesAreVerified() throws {
        let e = LogEntry(op: 9, view: 3, parent: .zero, payload: [1, 2, 3])
        let same = try LogEntry(op: 9, view: 3, parent: .zero, payload: [1, 2, 3], checksum: e.checksum)
        #expect(same == e)
        #expect(throws: WALError.checksumMismatch(op: 9)) {
            try LogEntry(op: 9, view: 4, parent: .zero, payload: [1, 2, 3], checksum: e.checksum)
        }
        // Every covered field changes the checksum.
        #expect(LogEntry(op: 10, view: 3, parent: .zero, payload: [1, 2, 3]).checksum != e.checksum)
        #expect(LogEntry(op: 9, view: 3, parent: e.checksum, payload: [1, 2, 3]).checksum != e.checksum)
        #expect(LogEntry(op: 9, view: 3, parent: .zero, payload: [1, 2, 4]).checksum != e.checksum)
    }

    @Test func checksumsAndPathsRoundTrip() {
        let c = LogEntry(op: 1, view: 0, parent: .zero, payload: [7]).checksum
        #expect(Checksum(c.bytes) == c)
        #expect(Checksum([1, 2, 3]) == nil)
        #expect(c.description.count == 32)
        let d = DataDirectory(root: "/srv/thresig/")
        #expect(d.wal == "/srv/thresig/wal" && d.snapshots == "/srv/thresig/snapshots" && d.node == "/srv/thresig/node")
        #expect(WriteAheadLog.parseSegmentName(WriteAheadLog.segmentName(42)) == 42)
        #expect(WriteAheadLog.parseSegmentName("42.wal") == nil)
        #expect(SnapshotStore.parseFileName(SnapshotStore.fileName(7)) == 7)
    }

    @Test func anEntryLargerThanASegmentGetsASegmentOfItsOwn() throws {
        try withTemporaryDirectory { dir in
            let (wal, _) = try WriteAheadLog.open(directory: dir, options: small)
            try wal.append(nextEntries(wal, count: 1, size: 2000))
            try wal.append(nextEntries(wal, count: 1, size: 10))
            try wal.append(nextEntries(wal, count: 1, size: 3000))
            try wal.sync()
            #expect(wal.segmentNumbers == [1, 2, 3])
            wal.close()
            let (again, _) = try WriteAheadLog.open(directory: dir, options: small)
            #expect(try again.entries(from: 1).map(\.payload.count) == [2000, 10, 3000])
        }
    }

    @Test func leftoverTemporarySegmentIsRemovedAndReported() throws {
        try withTemporaryDirectory { dir in
            try buildLog(dir, count: 10, options: small)
            try writeBytes(segmentPath(dir, 9) + ".tmp", [1, 2, 3])
            let (wal, report) = try WriteAheadLog.open(directory: dir, options: small)
            #expect(report.removedTemporaryFiles == [WriteAheadLog.segmentName(9) + ".tmp"])
            #expect(report.description.contains("removed temporary files"))
            #expect(wal.lastOp == 10)
        }
    }

    @Test func corruptionOnDiskIsDetectedWhenReading() throws {
        try withTemporaryDirectory { dir in
            try buildLog(dir, count: 60, options: small)
            let loc = try frameLocations(dir, options: small)
            let (wal, _) = try WriteAheadLog.open(directory: dir, options: small)
            let (seg, off, _) = loc[3]!
            var bytes = try readBytes(segmentPath(dir, seg))
            bytes[off + 60] ^= 0x10
            try writeBytes(segmentPath(dir, seg), bytes)
            #expect(throws: WALError.self) { try wal.entry(op: 3) }
            do { _ = try wal.entry(op: 3) } catch let e as WALError { #expect(e.affectedOps == 3...3) }
            #expect(try wal.entry(op: 4)?.op == 4)
        }
    }
}

struct WALLockTests {
    @Test func aSecondOpenOfTheSameDirectoryIsRefusedUntilClosed() throws {
        try withTemporaryDirectory { dir in
            let (wal, _) = try WriteAheadLog.open(directory: dir)
            #expect(throws: WALError.locked(directory: dir)) { _ = try WriteAheadLog.open(directory: dir) }
            #expect(throws: WALError.locked(directory: dir)) { try WriteAheadLog.discard(directory: dir, from: 1) }
            try wal.append(nextEntries(wal, count: 3))
            try wal.sync()
            wal.close()
            wal.close()
            let (again, _) = try WriteAheadLog.open(directory: dir)
            #expect(again.lastOp == 3)
        }
    }
}
