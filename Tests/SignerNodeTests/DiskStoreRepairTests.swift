import Foundation
import Replication
import SignerNode
import Storage
import XCTest

/// DiskStore's side of protocol-aware repair: one corrupt WAL entry between intact ones becomes
/// a placeholder the replica repairs from peers, and the repaired entry is written back over the
/// hole durably; damage that cannot be repaired is refused, naming the op or segment.
final class DiskStoreRepairTests: XCTestCase {
    var root: String!

    override func setUp() {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("disk-repair-\(UUID().uuidString)").path
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: root)
    }

    func open(segmentSize: Int = 16 << 20) throws -> DiskStore.Opened {
        try DiskStore.open(DataDirectory(root: root), replicaIndex: 1, emptySnapshot: RecordLog().snapshot(),
                           segmentSize: segmentSize)
    }

    /// A formatted store holding `count` synced entries, closed; returns the entries.
    func buildLog(count: Int, segmentSize: Int = 16 << 20) throws -> [Entry] {
        let opened = try open(segmentSize: segmentSize)
        try opened.store.formatInitial()
        let batch = DiskStoreTests.entries(after: .root, from: 1, count: count)
        try opened.store.append(batch)
        try opened.store.sync()
        opened.store.close()
        return batch
    }

    /// Where each op's frame is in the WAL segment files (Storage's layout, docs/storage.md:
    /// a 64-byte segment header, then frames of a 56-byte header — payload length u32 LE at 0,
    /// op u64 LE at 40 — and the payload).
    func frames() throws -> [UInt64: (path: String, offset: Int, length: Int)] {
        let wal = root + "/wal"
        var out: [UInt64: (String, Int, Int)] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: wal).filter({ $0.hasSuffix(".wal") }).sorted() {
            let path = wal + "/" + name
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
            var offset = 64
            while offset + 56 <= bytes.count {
                let length = 56 + Int(bytes[offset..<(offset + 4)].reversed().reduce(0) { $0 << 8 | UInt32($1) })
                let op = bytes[(offset + 40)..<(offset + 48)].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
                out[op] = (path, offset, length)
                offset += length
            }
        }
        return out
    }

    /// Flips a byte inside the payload of `op`'s frame.
    func corrupt(op: UInt64) throws {
        let (path, offset, _) = try XCTUnwrap(try frames()[op])
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        bytes[offset + 56 + 20] ^= 0x08
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    func walBytes() throws -> [String: Data] {
        let wal = root + "/wal"
        var out: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: wal) where name.hasSuffix(".wal") {
            out[name] = try Data(contentsOf: URL(fileURLWithPath: wal + "/" + name))
        }
        return out
    }

    func testACorruptMiddleEntryIsRepairedFromAPeerAndRewrittenInPlace() throws {
        let batch = try buildLog(count: 10)
        let original = try walBytes()
        try corrupt(op: 5)

        var opened = try open()
        XCTAssertEqual(opened.walReport.corruptOps, [5])
        XCTAssertEqual(opened.store.corruptOps, [5])
        let state = try XCTUnwrap(opened.state)
        let placeholder = try XCTUnwrap(state.journal.entry(at: 5))
        XCTAssertFalse(placeholder.isIntact)
        XCTAssertEqual(placeholder.checksum, batch[4].checksum, "the successor's parent names the lost checksum")
        XCTAssertEqual(state.journal.entries.filter(\.isIntact), batch.filter { $0.op != 5 })

        // The replica asks its peers, and a peer's answer fills the placeholder.
        var (replica, startup) = try Replica<RecordLog>.restarting(configuration: Configuration(replicaCount: 3),
                                                                   index: 1, seed: 7, from: state)
        XCTAssertTrue(replica.isRepairing)
        XCTAssertTrue(startup.contains(.send(.requestPrepare(op: 5, checksum: batch[4].checksum), to: 0)))
        let outputs = replica.handle(.message(.repairPrepare(entry: batch[4]), from: 0))
        XCTAssertFalse(replica.isRepairing)
        let journals = outputs.compactMap { output -> Journal? in
            if case let .persistJournal(journal) = output { return journal }
            return nil
        }
        XCTAssertEqual(journals.count, 1)
        XCTAssertEqual(try opened.store.persistJournal(XCTUnwrap(journals.first)), [5])
        XCTAssertEqual(opened.store.corruptOps, [])
        opened.store.close()

        XCTAssertEqual(try walBytes(), original, "the hole holds the original frame again, nothing else changed")
        opened = try open()
        XCTAssertEqual(opened.walReport.corruptOps, [])
        XCTAssertEqual(try XCTUnwrap(opened.state).journal.entries, batch)
        opened.store.close()
    }

    func testAHoleAtTheEndOfASealedSegmentIsRepairedAcrossTheBoundary() throws {
        let batch = try buildLog(count: 30, segmentSize: 1024)
        let original = try walBytes()
        XCTAssertGreaterThan(original.count, 2)
        let located = try frames()
        let firstSegment = try XCTUnwrap(original.keys.sorted().first)
        let last = try XCTUnwrap(located.filter { $0.value.path.hasSuffix(firstSegment) }.keys.max())
        try corrupt(op: last)

        var opened = try open(segmentSize: 1024)
        XCTAssertEqual(opened.walReport.corruptOps, [last])
        var journal = try XCTUnwrap(opened.state).journal
        XCTAssertFalse(try XCTUnwrap(journal.entry(at: last)).isIntact)
        // Rebuilt as the replica does it once the peer's copy arrived: the same chain, intact.
        journal = try XCTUnwrap(Journal(checkpoint: journal.checkpoint, entries: batch))
        XCTAssertEqual(try opened.store.persistJournal(journal), [last])
        opened.store.close()
        XCTAssertEqual(try walBytes(), original)
        opened = try open(segmentSize: 1024)
        XCTAssertEqual(try XCTUnwrap(opened.state).journal.entries, batch)
        opened.store.close()
    }

    func testAppendsWhileRepairingAndAViewChangeThatReplacesTheHole() throws {
        let batch = try buildLog(count: 10)
        try corrupt(op: 8)
        var opened = try open()
        let journal = try XCTUnwrap(opened.state).journal
        // A new primary's log replaces ops 7... (StartView): the hole goes with the old suffix.
        let replacement = DiskStoreTests.entries(after: batch[5].checksum, from: 7, count: 6, view: 2, tag: 4)
        let adopted = try XCTUnwrap(Journal(checkpoint: journal.checkpoint, entries: Array(batch[..<6]) + replacement))
        XCTAssertEqual(try opened.store.persistJournal(adopted), [], "a replaced hole is cut, not repaired")
        XCTAssertEqual(opened.store.corruptOps, [])
        opened.store.close()
        opened = try open()
        XCTAssertEqual(opened.walReport.corruptOps, [])
        XCTAssertEqual(try XCTUnwrap(opened.state).journal.entries, Array(batch[..<6]) + replacement)
        opened.store.close()

        // Entries appended while a hole waits for repair are kept, and so is the hole.
        try corrupt(op: 3)
        opened = try open()
        let more = DiskStoreTests.entries(after: replacement.last!.checksum, from: 13, count: 2, view: 2, tag: 5)
        try opened.store.append(more)
        try opened.store.sync()
        // A journal persisted while the op is still a placeholder (say, a view change during
        // repair) keeps the hole rather than writing the placeholder.
        var pending = try XCTUnwrap(opened.state).journal
        for entry in more { pending.append(entry) }
        XCTAssertEqual(try opened.store.persistJournal(pending), [])
        opened.store.close()
        opened = try open()
        XCTAssertEqual(opened.walReport.corruptOps, [3])
        let entries = try XCTUnwrap(opened.state).journal.entries
        XCTAssertEqual(entries.count, 14)
        XCTAssertEqual(Array(entries[3...]), Array(batch[3..<6]) + replacement + more)
        opened.store.close()
    }

    func testTwoAdjacentCorruptEntriesAreRefusedNamingTheOps() throws {
        _ = try buildLog(count: 10)
        try corrupt(op: 4)
        try corrupt(op: 5)
        XCTAssertThrowsError(try open()) { error in
            guard case let DiskStoreError.walCorrupt(wal) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(wal.affectedOps, 4...5)
            XCTAssertTrue("\(error)".contains("ops 4...5"), "\(error)")
        }
    }

    func testACorruptLastEntryOfASealedSegmentWithNoSuccessorIsRefused() throws {
        _ = try buildLog(count: 30, segmentSize: 1024)
        let names = try walBytes().keys.sorted()
        XCTAssertGreaterThan(names.count, 1)
        // The newest segment's frames never reached the disk (only its header did, which is
        // written atomically): nothing after the sealed segment's last entry vouches for it.
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: root + "/wal/" + names.last!))
        try handle.truncate(atOffset: 64)
        try handle.close()
        let last = try XCTUnwrap(try frames().keys.max())
        XCTAssertTrue(try XCTUnwrap(try frames()[last]).path.hasSuffix(names[names.count - 2]))
        try corrupt(op: last)
        XCTAssertThrowsError(try open(segmentSize: 1024)) { error in
            guard case DiskStoreError.replicaRefused(.corruptJournal(op: last)) = error else { return XCTFail("\(error)") }
            XCTAssertTrue("\(error)".contains("op \(last)"), "\(error)")
            XCTAssertTrue("\(error)".contains("--recover"), "\(error)")
        }
    }

    func testAMissingSegmentIsRefusedNamingIt() throws {
        _ = try buildLog(count: 30, segmentSize: 1024)
        let names = try walBytes().keys.sorted()
        XCTAssertGreaterThan(names.count, 2)
        try FileManager.default.removeItem(atPath: root + "/wal/" + names[1])
        XCTAssertThrowsError(try open(segmentSize: 1024)) { error in
            guard case DiskStoreError.walCorrupt(.missingSegment(let segment, _)) = error else { return XCTFail("\(error)") }
            XCTAssertTrue("\(error)".contains("segment \(segment) is missing"), "\(error)")
        }
    }

    func testACorruptViewStateIsRefused() throws {
        _ = try buildLog(count: 5)
        try corrupt(op: 2) // Repairable on its own: the view state is what makes this a refusal.
        let path = root + "/node/state"
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        bytes[20] ^= 0x01
        bytes[4096 + 20] ^= 0x01
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try open()) { error in
            guard case DiskStoreError.viewStateCorrupt = error else { return XCTFail("\(error)") }
            XCTAssertTrue("\(error)".contains("view state"), "\(error)")
        }
    }
}
