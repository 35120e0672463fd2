import Foundation
import LogClient
import SignerNode
import XCTest

/// A corrupt WAL entry on a real replica's disk (docs/replication.md, "What is on disk, and
/// restarting"): one corrupt entry between intact ones is repaired from the peers and written
/// back in place; damage that cannot be repaired is a refusal to start that names it.
final class WALCorruptionTests: XCTestCase {
    /// The segment file of replica `k`'s WAL (the log of these tests fits in the first one).
    func segment(of cluster: ReplicaCluster, _ k: Int) throws -> URL {
        let wal = cluster.directory.appendingPathComponent("replica-\(k)/wal")
        let name = try XCTUnwrap(try FileManager.default.contentsOfDirectory(atPath: wal.path)
            .filter { $0.hasSuffix(".wal") }.sorted().first)
        return wal.appendingPathComponent(name)
    }

    /// Flips the last byte of `record` inside the payload of the WAL entry that holds it, and
    /// returns that byte's offset. The records are fixed-width, so each occurs once.
    @discardableResult
    func corrupt(record: String, in file: URL) throws -> Int {
        let bytes = [UInt8](try Data(contentsOf: file))
        let needle = Array(record.utf8)
        let starts = (0...(bytes.count - needle.count)).filter { bytes[$0..<($0 + needle.count)].elementsEqual(needle) }
        XCTAssertEqual(starts.count, 1, "\(record) occurs once in the WAL")
        let offset = try XCTUnwrap(starts.first) + needle.count - 1
        let handle = try FileHandle(forUpdating: file)
        try handle.seek(toOffset: UInt64(offset))
        try handle.write(contentsOf: Data([bytes[offset] ^ 0x20]))
        try handle.close()
        return offset
    }

    func testACorruptEntryOfAStoppedBackupIsRepairedFromItsPeers() throws {
        let cluster = try ReplicaCluster(replicas: 3)
        for k in 0..<3 { try cluster.start(k) }
        let client = LogClient(endpoints: cluster.endpoints, attemptTimeout: .milliseconds(500))
        let observer = LogClient(endpoints: cluster.endpoints)
        defer { client.close(); observer.close() }
        func status(_ k: Int) -> StatusReport? { try? observer.status(of: k, timeout: .milliseconds(300)) }

        var acknowledged: [String] = []
        func appendRecords(_ count: Int) throws {
            for _ in 0..<count {
                let record = String(format: "rec-%03d", acknowledged.count)
                let reply = try client.submit(RecordLog.append(Array(record.utf8)), timeout: .seconds(60))
                acknowledged.append(record)
                XCTAssertEqual(RecordLog.appendedPosition(reply.body), UInt64(acknowledged.count))
            }
        }
        try appendRecords(20)
        var primary = -1
        try cluster.poll("a normal primary", timeout: .seconds(10)) {
            primary = (0..<3).first { status($0)?.isNormalPrimary == true } ?? -1
            return primary >= 0
        }
        let backup = (primary + 1) % 3
        let held = try XCTUnwrap(status(primary)).op
        try cluster.poll("the backup to hold every op", timeout: .seconds(10)) { (status(backup)?.op ?? 0) >= held }

        // Stop the backup (SIGTERM syncs its WAL) and damage a middle entry's payload.
        XCTAssertEqual(cluster.terminate(backup), 0)
        let file = try segment(of: cluster, backup)
        let original = [UInt8](try Data(contentsOf: file))
        let flipped = try corrupt(record: "rec-010", in: file)

        // The cluster goes on without it; then it restarts, repairs the entry from its peers
        // (it cannot apply past it before) and catches up.
        try appendRecords(10)
        try cluster.start(backup)
        let target = try XCTUnwrap(status(primary)).commitNumber
        try cluster.poll("the repaired backup to catch up", timeout: .seconds(20)) {
            guard let s = status(backup) else { return false }
            return s.status == .normal && s.commitNumber >= target
        }
        let firstRun = cluster.log(backup)
        XCTAssertTrue(firstRun.contains("corrupt WAL entries kept as holes"), firstRun)
        XCTAssertTrue(firstRun.contains("repaired corrupt WAL entries from peers"), firstRun)

        // The hole was overwritten durably: the old frames are byte for byte what they were,
        // and the next start reads an intact WAL.
        XCTAssertEqual(cluster.terminate(backup), 0)
        let repaired = [UInt8](try Data(contentsOf: file))
        XCTAssertEqual(repaired[flipped], original[flipped])
        XCTAssertEqual(Array(repaired.prefix(original.count)), original)
        try cluster.start(backup)
        try cluster.poll("the backup to restart", timeout: .seconds(20)) {
            guard let s = status(backup) else { return false }
            return s.status == .normal && s.commitNumber >= target
        }
        let secondRun = String(cluster.log(backup).dropFirst(firstRun.count))
        XCTAssertTrue(secondRun.contains("restarted from disk"), secondRun)
        XCTAssertFalse(secondRun.contains("corrupt"), secondRun)

        // Its log is real: with the primary gone, the repaired backup is in every quorum.
        cluster.crash(primary)
        try appendRecords(5)
        let read = try client.submit(RecordLog.read(from: 1, max: 1000), timeout: .seconds(60))
        let records = try XCTUnwrap(RecordLog.readRecords(read.body)).map { String(decoding: $0, as: UTF8.self) }
        XCTAssertEqual(records, acknowledged, "every acknowledged append, once, in order")
        for k in 0..<3 where k != primary {
            XCTAssertEqual(cluster.terminate(k), 0, "SIGTERM stops replica \(k) cleanly; log:\n\(cluster.log(k))")
        }
    }

    func testDamageThatCannotBeRepairedRefusesToStart() throws {
        let cluster = try ReplicaCluster(replicas: 3)
        for k in 0..<3 { try cluster.start(k) }
        let client = LogClient(endpoints: cluster.endpoints, attemptTimeout: .milliseconds(500))
        defer { client.close() }
        for i in 0..<20 {
            _ = try client.submit(RecordLog.append(Array(String(format: "rec-%03d", i).utf8)), timeout: .seconds(60))
        }
        for k in 0..<3 { XCTAssertEqual(cluster.terminate(k), 0) }

        // Two adjacent entries (records 4 and 5, ops 5 and 6): the first one's checksum was
        // inside the second, so nothing vouches for it.
        let file = try segment(of: cluster, 1)
        try corrupt(record: "rec-004", in: file)
        try corrupt(record: "rec-005", in: file)
        var (status, output) = try cluster.run(["run", "--dir", cluster.directory.path, "--index", "1"])
        XCTAssertNotEqual(status, 0, "a replica with an unrepairable log must not start")
        XCTAssertTrue(output.contains("corrupt") && output.contains("ops 5...6"), "the refusal names the ops: \(output)")

        // Both copies of the view state: the views this replica promised are unknown.
        let state = cluster.directory.appendingPathComponent("replica-2/node/state")
        var bytes = [UInt8](try Data(contentsOf: state))
        bytes[20] ^= 0x01
        bytes[4096 + 20] ^= 0x01
        try Data(bytes).write(to: state)
        (status, output) = try cluster.run(["run", "--dir", cluster.directory.path, "--index", "2"])
        XCTAssertNotEqual(status, 0, "a replica with a corrupt view state must not start")
        XCTAssertTrue(output.contains("view state is corrupt"), output)
    }
}
