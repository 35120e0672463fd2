import Foundation
import Replication
import SignerNode
import Storage
import XCTest

final class DiskStoreTests: XCTestCase {
    var root: String!

    override func setUp() {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("disk-\(UUID().uuidString)").path
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: root)
    }

    static func entries(after parent: Replication.Checksum, from op: UInt64, count: Int, view: UInt64 = 0,
                        tag: UInt8 = 1) -> [Entry] {
        var out: [Entry] = []
        var parent = parent
        for i in 0..<count {
            let e = Entry(op: op + UInt64(i), view: view, clientId: 7, requestNumber: op + UInt64(i),
                          body: RecordLog.append([tag, UInt8(i)]), parent: parent)
            out.append(e)
            parent = e.checksum
        }
        return out
    }

    func open() throws -> DiskStore.Opened {
        try DiskStore.open(DataDirectory(root: root), replicaIndex: 0, emptySnapshot: RecordLog().snapshot())
    }

    func testUnformattedDirectoryHasNoState() throws {
        let opened = try open()
        XCTAssertNil(opened.state)
        opened.store.close()
    }

    func testAppendSyncReopenGivesTheSameJournal() throws {
        var opened = try open()
        try opened.store.formatInitial()
        let batch = Self.entries(after: .root, from: 1, count: 10)
        try opened.store.append(Array(batch[0..<4]))
        try opened.store.append(Array(batch[4...]))
        try opened.store.sync()
        try opened.store.persistViewState(view: 3, lastNormalView: 2)
        opened.store.close()

        opened = try open()
        let state = try XCTUnwrap(opened.state)
        XCTAssertEqual(state.view, 3)
        XCTAssertEqual(state.lastNormalView, 2)
        XCTAssertEqual(state.journal.entries, batch)
        XCTAssertFalse(state.isRecovering)
        opened.store.close()
    }

    func testPersistJournalReplacesADivergentSuffix() throws {
        var opened = try open()
        try opened.store.formatInitial()
        let common = Self.entries(after: .root, from: 1, count: 5)
        let old = Self.entries(after: common.last!.checksum, from: 6, count: 5, tag: 2)
        try opened.store.append(common + old)
        try opened.store.sync()
        let replacement = Self.entries(after: common.last!.checksum, from: 6, count: 2, view: 1, tag: 3)
        let journal = try XCTUnwrap(Journal(checkpoint: .root(emptySnapshot: RecordLog().snapshot()),
                                            entries: common + replacement))
        try opened.store.persistJournal(journal)
        opened.store.close()

        opened = try open()
        XCTAssertEqual(try XCTUnwrap(opened.state).journal.entries, common + replacement)
        opened.store.close()
    }

    func testCheckpointThenReopenStartsAtTheCheckpoint() throws {
        var opened = try open()
        try opened.store.formatInitial()
        let batch = Self.entries(after: .root, from: 1, count: 8)
        try opened.store.append(batch)
        var machine = RecordLog()
        var table = ClientTable()
        for e in batch[0..<5] {
            table.record(clientId: e.clientId, requestNumber: e.requestNumber, reply: machine.apply(e.body))
        }
        let checkpoint = Checkpoint(op: 5, checksum: batch[4].checksum,
                                    state: .init(snapshot: machine.snapshot(), clientTable: table))
        try opened.store.persistCheckpoint(checkpoint)
        opened.store.close()

        opened = try open()
        let state = try XCTUnwrap(opened.state)
        XCTAssertEqual(state.journal.checkpoint, checkpoint)
        XCTAssertEqual(state.journal.entries, Array(batch[5...]))
        opened.store.close()
    }

    func testStateTransferResetsTheLogAfterAForeignCheckpoint() throws {
        var opened = try open()
        try opened.store.formatInitial()
        try opened.store.append(Self.entries(after: .root, from: 1, count: 3, tag: 9))
        try opened.store.sync()
        // Another replica's chain: a checkpoint at op 40 and two entries after it.
        let anchor = Replication.Checksum(hashing: [1, 2, 3])
        let suffix = Self.entries(after: anchor, from: 41, count: 2)
        let checkpoint = Checkpoint(op: 40, checksum: anchor,
                                    state: .init(snapshot: RecordLog().snapshot(), clientTable: ClientTable()))
        let journal = try XCTUnwrap(Journal(checkpoint: checkpoint, entries: suffix))
        try opened.store.persistJournal(journal)
        opened.store.close()

        opened = try open()
        XCTAssertEqual(try XCTUnwrap(opened.state).journal, journal)
        opened.store.close()
    }

    func testALogWithoutItsViewStateIsRefused() throws {
        let opened = try open()
        try opened.store.formatInitial()
        try opened.store.append(Self.entries(after: .root, from: 1, count: 3))
        try opened.store.sync()
        opened.store.close()
        try FileManager.default.removeItem(atPath: root + "/node/state")
        XCTAssertThrowsError(try open()) { error in
            guard case DiskStoreError.viewStateCorrupt = error else { return XCTFail("\(error)") }
        }
    }

    func testRecoveryMarkSurvivesUntilTheViewIsPersisted() throws {
        var opened = try open()
        try opened.store.formatForRecovery(existing: opened.state)
        opened.store.close()
        opened = try open()
        XCTAssertEqual(opened.state?.isRecovering, true)
        try opened.store.persistViewState(view: 4, lastNormalView: 4)
        opened.store.close()
        opened = try open()
        XCTAssertEqual(opened.state?.isRecovering, false)
        XCTAssertThrowsError(try opened.store.formatForRecovery(existing: opened.state))
        opened.store.close()
    }
}
