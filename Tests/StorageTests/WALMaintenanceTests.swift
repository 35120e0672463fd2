import Testing
@testable import Storage

/// truncate(after:), removeSegments(before:), reset(after:parent:).
struct WALMaintenanceTests {
    let small = WriteAheadLog.Options(segmentSize: 1024, maxPayloadSize: 4096, writeBufferSize: 300)

    @Test func truncateIntoAnEarlierSegmentThenAppendDurably() throws {
        try withTemporaryDirectory { dir in
            let written = try buildLog(dir, count: 80, options: small)
            let segmentOf20 = try frameLocations(dir, options: small)[20]!.segment
            let (wal, _) = try WriteAheadLog.open(directory: dir, options: small)
            try wal.truncate(after: 20)
            #expect(wal.lastOp == 20 && wal.head == written[19].checksum)
            #expect(wal.segmentNumbers.last == segmentOf20)
            #expect(try wal.entry(op: 21) == nil)
            let replacement = nextEntries(wal, count: 30, view: 7, salt: 0xAA)
            try wal.append(replacement)
            try wal.sync()
            wal.close()
            let (again, report) = try WriteAheadLog.open(directory: dir, options: small)
            #expect(report.tornTail == nil)
            #expect(try again.entries(from: 1) == Array(written[..<20]) + replacement)
        }
    }

    @Test func truncationIsDurableWithoutAnotherSync() throws {
        try withTemporaryDirectory { dir in
            let written = try buildLog(dir, count: 40, options: small)
            do {
                let (wal, _) = try WriteAheadLog.open(directory: dir, options: small)
                try wal.truncate(after: 33)
            }
            let (wal, _) = try WriteAheadLog.open(directory: dir, options: small)
            #expect(wal.lastOp == 33 && wal.head == written[32].checksum)
        }
    }

    @Test func truncatingOnlyBufferedEntries() throws {
        try withTemporaryDirectory { dir in
            let (wal, _) = try WriteAheadLog.open(directory: dir, options: WriteAheadLog.Options(writeBufferSize: 1 << 20))
            let first = nextEntries(wal, count: 5)
            try wal.append(first)
            try wal.sync()
            try wal.append(nextEntries(wal, count: 5))
            try wal.truncate(after: 7)
            #expect(wal.lastOp == 7 && wal.durableOp == 5)
            let more = nextEntries(wal, count: 2, view: 3)
            try wal.append(more)
            try wal.sync()
            wal.close()
            let (again, _) = try WriteAheadLog.open(directory: dir)
            #expect(again.lastOp == 9)
            #expect(try again.entries(from: 8) == more)
        }
    }

    @Test func truncateEverythingAndBelowTheStart() throws {
        try withTemporaryDirectory { dir in
            try buildLog(dir, count: 30, options: small)
            let (wal, _) = try WriteAheadLog.open(directory: dir, options: small)
            try wal.truncate(after: 0)
            #expect(wal.lastOp == 0 && wal.head == .zero && wal.segmentNumbers == [1])
            try wal.append(nextEntries(wal, count: 3))
            try wal.sync()
            try wal.removeSegments(before: 3)
            wal.close()
            #expect(try WriteAheadLog.open(directory: dir, options: small).0.lastOp == 3)
        }
        try withTemporaryDirectory { dir in
            try buildLog(dir, count: 80, options: small)
            let (wal, _) = try WriteAheadLog.open(directory: dir, options: small)
            try wal.removeSegments(before: 50)
            let first = wal.firstOp
            #expect(throws: WALError.truncateBelowStart(op: first - 2, firstOp: first)) {
                try wal.truncate(after: first - 2)
            }
            try wal.truncate(after: first - 1)
            #expect(wal.lastOp == first - 1)
            wal.close()
            let (again, _) = try WriteAheadLog.open(directory: dir, options: small)
            #expect(again.firstOp == first && again.lastOp == first - 1)
        }
    }

    @Test func removeSegmentsBeforeACheckpoint() throws {
        try withTemporaryDirectory { dir in
            let written = try buildLog(dir, count: 120, options: small)
            let (wal, _) = try WriteAheadLog.open(directory: dir, options: small)
            let before = wal.segmentNumbers
            let removed = try wal.removeSegments(before: 60)
            #expect(!removed.isEmpty && removed == Array(before.prefix(removed.count)))
            #expect(wal.firstOp <= 60 && wal.firstOp > 1)
            #expect(try wal.entry(op: wal.firstOp - 1) == nil)
            #expect(try wal.entries(from: 1) == Array(written[Int(wal.firstOp - 1)...]))
            for n in removed { #expect(!Directory.exists(segmentPath(dir, n))) }
            // Removing up to beyond the end keeps the last segment.
            try wal.removeSegments(before: 10_000)
            #expect(wal.segmentNumbers == [before.last!])
            #expect(wal.lastOp == 120)
            wal.close()
            let (again, report) = try WriteAheadLog.open(directory: dir, options: small)
            #expect(report.segments == [before.last!])
            #expect(try again.entries(from: again.firstOp) == Array(written[Int(again.firstOp - 1)...]))
            try again.append(nextEntries(again, count: 5))
            try again.sync()
        }
    }

    @Test func resetStartsANewLogAfterStateTransfer() throws {
        try withTemporaryDirectory { dir in
            try buildLog(dir, count: 50, options: small)
            let (wal, _) = try WriteAheadLog.open(directory: dir, options: small)
            let old = wal.segmentNumbers
            let base = Checksum(low: 42, high: 43)
            try wal.reset(after: 1000, parent: base)
            #expect(wal.firstOp == 1001 && wal.lastOp == 1000 && wal.head == base)
            let es = nextEntries(wal, count: 4)
            #expect(es[0].parent == base)
            try wal.append(es)
            try wal.sync()
            wal.close()
            let (again, report) = try WriteAheadLog.open(directory: dir, options: small)
            #expect(report.segments == [old.last! + 1])
            #expect(try again.entries(from: 1001) == es)
        }
    }

    @Test func staleSegmentsLeftByAnInterruptedResetAreRemoved() throws {
        try withTemporaryDirectory { dir in
            try buildLog(dir, count: 50, options: small)
            let saved = try readBytes(segmentPath(dir, 2))
            let (wal, _) = try WriteAheadLog.open(directory: dir, options: small)
            let newBase = wal.segmentNumbers.last! + 1
            try wal.reset(after: 7, parent: .zero)
            // Simulate a crash before the old segments were unlinked.
            try writeBytes(segmentPath(dir, 2), saved)
            wal.close()
            let (again, report) = try WriteAheadLog.open(directory: dir, options: small)
            #expect(report.removedStaleSegments == [2])
            #expect(again.segmentNumbers == [newBase] && again.firstOp == 8)
        }
    }
}
