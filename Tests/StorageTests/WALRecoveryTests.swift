import Testing
@testable import Storage

/// Torn writes, flipped bits, missing segments, bad headers and broken chains.
struct WALRecoveryTests {
    let small = WriteAheadLog.Options(segmentSize: 1024, maxPayloadSize: 4096, writeBufferSize: 300)

    /// Expects `open` to refuse with exactly `expected`.
    func expectRefusal(_ dir: String, _ expected: WALError, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(throws: expected, sourceLocation: sourceLocation) {
            _ = try WriteAheadLog.open(directory: dir, options: small)
        }
    }

    /// With 90-byte payloads six frames fit a 1 KiB segment: op 25 opens segment 5 and
    /// op 27 is the third entry in it.
    @Test(arguments: [25, 27])
    func tornWriteAtEveryByteOfTheLastEntryTruncatesExactlyThatEntry(count: Int) throws {
        try withTemporaryDirectory { dir in
            let written = try buildLog(dir, count: count, options: small, size: 90)
            let n = UInt64(count)
            let loc = try frameLocations(dir, options: small)
            let (seg, start, length) = loc[n]!
            #expect(seg == 5)
            let path = segmentPath(dir, seg)
            let original = try readBytes(path)
            #expect(original.count == start + length)
            for cut in start..<(start + length) {
                try writeBytes(path, Array(original[..<cut]))
                let (wal, report) = try WriteAheadLog.open(directory: dir, options: small)
                #expect(wal.lastOp == n - 1, "cut at \(cut)")
                #expect(wal.head == written[count - 2].checksum)
                if cut == start {
                    #expect(report.tornTail == nil)
                } else {
                    #expect(report.tornTail?.segment == seg)
                    #expect(report.tornTail?.offset == start)
                    #expect(report.tornTail?.discardedBytes == cut - start)
                    #expect(report.tornTail?.op == n)
                }
                #expect(try readBytes(path).count == start, "the tail is cut off on disk")
                // The chain continues from the surviving prefix.
                try wal.append([written[count - 1]])
                try wal.sync()
            }
            let (wal, _) = try WriteAheadLog.open(directory: dir, options: small)
            #expect(try wal.entries(from: 1) == written)
        }
    }

    @Test(arguments: [25, 27])
    func aFlippedBitAnywhereInTheLastEntryIsATornTail(count: Int) throws {
        try withTemporaryDirectory { dir in
            let written = try buildLog(dir, count: count, options: small, size: 90)
            let n = UInt64(count)
            let loc = try frameLocations(dir, options: small)
            let (seg, start, length) = loc[n]!
            let path = segmentPath(dir, seg)
            let original = try readBytes(path)
            for i in start..<(start + length) {
                var bytes = original
                bytes[i] ^= UInt8(1 << (i % 8))
                try writeBytes(path, bytes)
                let (wal, report) = try WriteAheadLog.open(directory: dir, options: small)
                #expect(wal.lastOp == n - 1, "flip at \(i)")
                #expect(report.tornTail?.offset == start)
                #expect(report.tornTail?.discardedBytes == length)
                try writeBytes(path, original)
            }
            let (wal, _) = try WriteAheadLog.open(directory: dir, options: small)
            #expect(try wal.entries(from: 1) == written)
        }
    }

    /// Some file systems expose a torn append as zeros up to the new size.
    @Test func aZeroFilledTornTailIsTruncated() throws {
        try withTemporaryDirectory { dir in
            try buildLog(dir, count: 27, options: small, size: 90)
            let loc = try frameLocations(dir, options: small)
            let (seg, start, _) = loc[27]!
            let path = segmentPath(dir, seg)
            var bytes = try readBytes(path)
            for i in (start + 20)..<bytes.count { bytes[i] = 0 }
            try writeBytes(path, bytes + [UInt8](repeating: 0, count: 500))
            let (wal, report) = try WriteAheadLog.open(directory: dir, options: small)
            #expect(wal.lastOp == 26)
            #expect(report.tornTail?.offset == start && report.tornTail?.discardedBytes == bytes.count + 500 - start)
        }
    }

    @Test func aFlippedBitInAnEntryFollowedByValidDataIsRefused() throws {
        try withTemporaryDirectory { dir in
            // Large segments: ops 24 and 25 share the last segment.
            let options = WriteAheadLog.Options(segmentSize: 1 << 20, maxPayloadSize: 4096, writeBufferSize: 300)
            try buildLog(dir, count: 25, options: options, size: 90)
            let loc = try frameLocations(dir, options: options)
            let (seg, start, length) = loc[24]!
            #expect(loc[25]!.segment == seg)
            let path = segmentPath(dir, seg)
            let original = try readBytes(path)
            for i in start..<(start + length) {
                var bytes = original
                bytes[i] ^= UInt8(1 << (i % 8))
                try writeBytes(path, bytes)
                do {
                    _ = try WriteAheadLog.open(directory: dir, options: options)
                    Issue.record("flip at \(i) was accepted")
                } catch let error as WALError {
                    guard case let .corruptEntry(s, offset, _, ops) = error else {
                        Issue.record("flip at \(i): unexpected \(error)")
                        continue
                    }
                    #expect(s == seg && offset == start && ops == 24...24, "flip at \(i)")
                }
                #expect(try readBytes(path) == bytes, "a refused log is left untouched")
            }
        }
    }

    @Test func aFlippedBitInASealedSegmentIsRefusedWithSegmentOffsetAndOps() throws {
        try withTemporaryDirectory { dir in
            try buildLog(dir, count: 60, options: small)
            let loc = try frameLocations(dir, options: small)
            let (seg, off, _) = loc[10]!
            let lastOfSegment = loc.filter { $0.value.segment == seg }.keys.max()!
            var bytes = try readBytes(segmentPath(dir, seg))
            bytes[off + 30] ^= 0x04
            try writeBytes(segmentPath(dir, seg), bytes)
            do {
                _ = try WriteAheadLog.open(directory: dir, options: small)
                Issue.record("accepted")
            } catch let error as WALError {
                guard case let .corruptEntry(s, offset, reason, ops) = error else {
                    Issue.record("unexpected \(error)"); return
                }
                #expect(s == seg && offset == off && reason == "checksum mismatch")
                #expect(ops == 10...lastOfSegment)
                #expect(error.affectedOps == 10...lastOfSegment)
                #expect(error.description.contains("segment \(seg)"))
            }
        }
    }

    @Test func garbageAfterTheLastEntryOfASealedSegmentIsRefused() throws {
        try withTemporaryDirectory { dir in
            try buildLog(dir, count: 40, options: small)
            var bytes = try readBytes(segmentPath(dir, 2))
            let end = bytes.count
            bytes += [0, 0, 0]
            try writeBytes(segmentPath(dir, 2), bytes)
            #expect {
                _ = try WriteAheadLog.open(directory: dir, options: small)
            } throws: { error in
                guard case let .corruptEntry(segment, offset, _, _) = error as? WALError else { return false }
                return segment == 2 && offset == end
            }
        }
    }

    @Test func aMissingMiddleSegmentIsRefused() throws {
        try withTemporaryDirectory { dir in
            try buildLog(dir, count: 80, options: small)
            let loc = try frameLocations(dir, options: small)
            let ops3 = loc.filter { $0.value.segment == 3 }.keys
            try Directory.unlink(segmentPath(dir, 3))
            expectRefusal(dir, .missingSegment(segment: 3, affectedOps: ops3.min()!...ops3.max()!))
        }
    }

    @Test func aCorruptSegmentHeaderIsRefused() throws {
        try withTemporaryDirectory { dir in
            try buildLog(dir, count: 80, options: small)
            let loc = try frameLocations(dir, options: small)
            let ops2 = loc.filter { $0.value.segment == 2 }.keys
            let last = loc.values.map(\.segment).max()!
            for (segment, byte) in [(UInt64(2), 20), (2, 0), (2, 40), (2, 63), (last, 30)] {
                let path = segmentPath(dir, segment)
                let original = try readBytes(path)
                var bytes = original
                bytes[byte] ^= 0x01
                try writeBytes(path, bytes)
                #expect {
                    _ = try WriteAheadLog.open(directory: dir, options: small)
                } throws: { error in
                    guard case let .corruptSegmentHeader(s, _, ops) = error as? WALError else { return false }
                    return s == segment && (segment != 2 || ops == ops2.min()!...ops2.max()!)
                }
                try writeBytes(path, original)
            }
            // A truncated header (an empty segment file) is refused as well.
            try writeBytes(segmentPath(dir, last), [])
            #expect(throws: WALError.self) { _ = try WriteAheadLog.open(directory: dir, options: small) }
        }
    }

    @Test func anUnknownFormatVersionIsRefused() throws {
        try withTemporaryDirectory { dir in
            try buildLog(dir, count: 5, options: small)
            var h = SegmentHeader(flags: SegmentHeader.flagBase, segment: 1, firstOp: 1, parent: .zero)
            h.version = 2
            var bytes = try readBytes(segmentPath(dir, 1))
            bytes.replaceSubrange(0..<64, with: h.encode())
            try writeBytes(segmentPath(dir, 1), bytes)
            expectRefusal(dir, .unsupportedVersion(segment: 1, version: 2))
        }
    }

    @Test func swappedPayloadsWithRecomputedChecksumsBreakTheChain() throws {
        try withTemporaryDirectory { dir in
            let written = try buildLog(dir, count: 30, options: small, size: 40)
            let loc = try frameLocations(dir, options: small)
            // Ops 12 and 13 in the same segment; each frame re-sealed with the other's payload.
            let a = written[11], b = written[12]
            let (seg, offA, lenA) = loc[12]!
            let (segB, offB, _) = loc[13]!
            #expect(seg == segB)
            let a2 = LogEntry(op: a.op, view: a.view, parent: a.parent, payload: b.payload)
            let b2 = LogEntry(op: b.op, view: b.view, parent: b.parent, payload: a.payload)
            var bytes = try readBytes(segmentPath(dir, seg))
            bytes.replaceSubrange(offA..<(offA + lenA), with: frame(a2))
            bytes.replaceSubrange(offB..<(offB + lenA), with: frame(b2))
            try writeBytes(segmentPath(dir, seg), bytes)
            expectRefusal(dir, .brokenHashChain(segment: seg, offset: offB, expectedOp: 13, foundOp: 13))
        }
    }

    @Test func reorderedFramesBreakTheChain() throws {
        try withTemporaryDirectory { dir in
            try buildLog(dir, count: 30, options: small, size: 40)
            let loc = try frameLocations(dir, options: small)
            let (seg, offA, len) = loc[12]!
            let (_, offB, _) = loc[13]!
            var bytes = try readBytes(segmentPath(dir, seg))
            let fa = Array(bytes[offA..<(offA + len)]), fb = Array(bytes[offB..<(offB + len)])
            bytes.replaceSubrange(offA..<(offA + len), with: fb)
            bytes.replaceSubrange(offB..<(offB + len), with: fa)
            try writeBytes(segmentPath(dir, seg), bytes)
            expectRefusal(dir, .brokenHashChain(segment: seg, offset: offA, expectedOp: 12, foundOp: 13))
        }
    }

    @Test func aSubstitutedSegmentBreaksTheChainAtItsHeader() throws {
        try withTemporaryDirectory { dir in
            try buildLog(dir, count: 60, options: small)
            // Re-create segment 3 with a valid header whose parent is not segment 2's tail.
            let loc = try frameLocations(dir, options: small)
            let first3 = loc.filter { $0.value.segment == 3 }.keys.min()!
            var bytes = try readBytes(segmentPath(dir, 3))
            let forged = SegmentHeader(flags: 0, segment: 3, firstOp: first3, parent: Checksum(low: 1, high: 2))
            bytes.replaceSubrange(0..<64, with: forged.encode())
            try writeBytes(segmentPath(dir, 3), bytes)
            expectRefusal(dir, .brokenHashChain(segment: 3, offset: 0, expectedOp: first3, foundOp: first3))
        }
    }

    @Test func theRepairHookDiscardsTheAffectedSuffix() throws {
        try withTemporaryDirectory { dir in
            let written = try buildLog(dir, count: 60, options: small)
            let loc = try frameLocations(dir, options: small)
            let (seg, off, _) = loc[20]!
            var bytes = try readBytes(segmentPath(dir, seg))
            bytes[off + 70] ^= 0x80
            try writeBytes(segmentPath(dir, seg), bytes)
            var affected: ClosedRange<UInt64>?
            do { _ = try WriteAheadLog.open(directory: dir, options: small) } catch let e as WALError { affected = e.affectedOps }
            #expect(affected?.lowerBound == 20)
            // The replica decides (e.g. a quorum never committed them, or it will refetch).
            try WriteAheadLog.discard(directory: dir, from: 20, options: small)
            let (wal, report) = try WriteAheadLog.open(directory: dir, options: small)
            #expect(report.tornTail == nil)
            #expect(wal.lastOp == 19 && wal.head == written[18].checksum)
            // Repaired entries go back in with the same checksums.
            try wal.append(Array(written[19...]))
            try wal.sync()
            wal.close()
            let (again, _) = try WriteAheadLog.open(directory: dir, options: small)
            #expect(try again.entries(from: 1) == written)
            again.close()
            #expect(throws: WALError.opNotFound(500)) { try WriteAheadLog.discard(directory: dir, from: 500, options: small) }
        }
    }
}

/// `Options.keepRepairableCorruption`: a corrupt middle entry becomes a hole for protocol-aware
/// repair instead of a refusal to open (docs/protocols/vsr.md).
struct WALRepairableCorruptionTests {
    let big = WriteAheadLog.Options(segmentSize: 1 << 20, maxPayloadSize: 4096, writeBufferSize: 300,
                                    keepRepairableCorruption: true)

    func flip(_ dir: String, op: UInt64, options: WriteAheadLog.Options, byte: Int = 60) throws {
        let loc = try frameLocations(dir, options: options)
        let (seg, start, _) = loc[op]!
        var bytes = try readBytes(segmentPath(dir, seg))
        bytes[start + byte] ^= 0x10
        try writeBytes(segmentPath(dir, seg), bytes)
    }

    @Test func aCorruptMiddleEntryIsKeptAsAHoleWithItsChecksum() throws {
        try withTemporaryDirectory { dir in
            let written = try buildLog(dir, count: 25, options: big, size: 90)
            try flip(dir, op: 24, options: big)
            let (wal, report) = try WriteAheadLog.open(directory: dir, options: big)
            #expect(report.corruptOps == [24] && wal.corruptOps == [24] && wal.lastOp == 25)
            #expect(report.tornTail == nil && report.description.contains("ops [24]"))
            #expect(wal.header(op: 24)?.checksum == written[23].checksum)
            #expect(throws: WALError.self) { _ = try wal.entry(op: 24) }
            #expect(try wal.entry(op: 25) == written[24] && wal.entry(op: 23) == written[22])
            // Repair: cut at the hole, append the entries fetched from peers, reopen clean.
            try wal.truncate(after: 23)
            try wal.append(Array(written[23...]))
            try wal.sync()
            wal.close()
            let (again, clean) = try WriteAheadLog.open(directory: dir, options: big)
            #expect(try clean.corruptOps.isEmpty && again.lastOp == 25 && again.entry(op: 24) == written[23])
        }
    }

    @Test func aCorruptEntryInASealedSegmentIsKeptWhenItsSuccessorVouchesForIt() throws {
        try withTemporaryDirectory { dir in
            let options = WriteAheadLog.Options(segmentSize: 1024, maxPayloadSize: 4096, writeBufferSize: 300,
                                                keepRepairableCorruption: true)
            let written = try buildLog(dir, count: 60, options: options)
            let loc = try frameLocations(dir, options: options)
            // A segment holding at least three entries: corrupt its first and its last.
            let seg = loc[30]!.segment
            let ops = loc.filter { $0.value.segment == seg }.keys.sorted()
            #expect(ops.count >= 3)
            try flip(dir, op: ops[0], options: options)
            try flip(dir, op: ops.last!, options: options) // Vouched for by the next segment's header.
            let (wal, report) = try WriteAheadLog.open(directory: dir, options: options)
            #expect(report.corruptOps == [ops[0], ops.last!] && wal.lastOp == 60, "\(report)")
            #expect(wal.header(op: ops.last!)?.checksum == written[Int(ops.last!) - 1].checksum)
            #expect(try wal.entry(op: ops[1]) == written[Int(ops[1]) - 1])
        }
    }

    @Test func twoCorruptEntriesInARowAreStillRefused() throws {
        try withTemporaryDirectory { dir in
            _ = try buildLog(dir, count: 25, options: big, size: 90)
            try flip(dir, op: 22, options: big)
            try flip(dir, op: 23, options: big)
            #expect(throws: WALError.self) { _ = try WriteAheadLog.open(directory: dir, options: big) }
            // Without the option a single corrupt entry is refused, as before.
            var strict = big
            strict.keepRepairableCorruption = false
            #expect(throws: WALError.self) { _ = try WriteAheadLog.open(directory: dir, options: strict) }
        }
    }

    @Test func aCorruptLastEntryIsStillATornTail() throws {
        try withTemporaryDirectory { dir in
            _ = try buildLog(dir, count: 25, options: big, size: 90)
            try flip(dir, op: 25, options: big)
            let (wal, report) = try WriteAheadLog.open(directory: dir, options: big)
            #expect(report.corruptOps.isEmpty && report.tornTail?.op == 25 && wal.lastOp == 24)
        }
    }
}
