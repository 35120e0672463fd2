import Foundation
import LogClient
import SignerNode
import XCTest

/// Issue 5's integration test: three real replicas on loopback over mutual TLS. Acknowledged
/// appends survive a kill -9 of the primary, a new primary is elected, and the killed replica,
/// restarted from its disk, catches up.
final class FailoverTests: XCTestCase {
    /// Three running replicas, a client for requests and one for status polls.
    func startCluster() throws -> (ReplicaCluster, LogClient, LogClient) {
        let cluster = try ReplicaCluster(replicas: 3)
        for k in 0..<3 { try cluster.start(k) }
        return (cluster, LogClient(endpoints: cluster.endpoints, attemptTimeout: .milliseconds(500)),
                LogClient(endpoints: cluster.endpoints))
    }

    func testKillPrimaryElectsNewPrimaryLosesNothingAndRestartedReplicaCatchesUp() throws {
        let (cluster, client, observer) = try startCluster()
        defer { client.close(); observer.close() }

        func statuses() -> [Int: StatusReport] {
            var out: [Int: StatusReport] = [:]
            for k in 0..<3 { out[k] = try? observer.status(of: k, timeout: .milliseconds(300)) }
            return out
        }
        var primary = -1
        try cluster.poll("a normal primary", timeout: .seconds(20)) {
            primary = statuses().values.first(where: \.isNormalPrimary).map { Int($0.index) } ?? -1
            return primary >= 0
        }

        var acknowledged: [String] = []
        func appendRecords(_ prefix: String, count: Int) throws {
            for i in 0..<count {
                let record = "\(prefix)-\(i)"
                let reply = try client.submit(RecordLog.append(Array(record.utf8)), timeout: .seconds(60))
                acknowledged.append(record)
                XCTAssertEqual(RecordLog.appendedPosition(reply.body), UInt64(acknowledged.count),
                               "an acknowledged append has the next position")
            }
        }
        try appendRecords("before", count: 60)
        let oldView = try XCTUnwrap(statuses()[primary]).view

        cluster.crash(primary)
        var newPrimary = -1
        try cluster.poll("a new primary", timeout: .seconds(10)) {
            let s = statuses()
            newPrimary = s.values.first(where: { $0.isNormalPrimary && $0.view > oldView }).map { Int($0.index) } ?? -1
            return newPrimary >= 0
        }
        XCTAssertNotEqual(newPrimary, primary)
        try appendRecords("after", count: 60)

        try cluster.start(primary)
        let target = try XCTUnwrap(statuses()[newPrimary]).commitNumber
        try cluster.poll("the restarted replica to catch up", timeout: .seconds(15)) {
            guard let s = statuses()[primary] else { return false }
            return s.status == .normal && s.commitNumber >= target
        }

        let read = try client.submit(RecordLog.read(from: 1, max: 10_000), timeout: .seconds(60))
        let records = try XCTUnwrap(RecordLog.readRecords(read.body)).map { String(decoding: $0, as: UTF8.self) }
        XCTAssertEqual(records, acknowledged, "every acknowledged append, once, in order")

        for k in 0..<3 {
            XCTAssertEqual(cluster.terminate(k), 0, "SIGTERM stops replica \(k) cleanly; log:\n\(cluster.log(k))")
        }
    }

    func testReplicaThatLostItsDiskRecoversFromItsPeers() throws {
        let (cluster, client, observer) = try startCluster()
        defer { client.close(); observer.close() }
        var acknowledged: [String] = []
        for i in 0..<30 {
            _ = try client.submit(RecordLog.append(Array("r-\(i)".utf8)), timeout: .seconds(60))
            acknowledged.append("r-\(i)")
        }
        let primary = try XCTUnwrap((0..<3).compactMap { try? observer.status(of: $0) }.first(where: \.isNormalPrimary))
        let lost = (Int(primary.index) + 1) % 3

        // The backup loses its disk (its identity in node/ is kept, as an operator would restore it).
        cluster.crash(lost)
        let data = cluster.directory.appendingPathComponent("replica-\(lost)")
        for path in ["wal", "snapshots", "node/state"] {
            try FileManager.default.removeItem(at: data.appendingPathComponent(path))
        }
        let (status, output) = try cluster.run(["run", "--dir", cluster.directory.path, "--index", "\(lost)"])
        XCTAssertNotEqual(status, 0, "an unformatted directory without --recover is refused")
        XCTAssertTrue(output.contains("--recover"), output)

        try cluster.start(lost, extra: ["--recover"])
        let target = try observer.status(of: Int(primary.index)).commitNumber
        try cluster.poll("the recovered replica to catch up", timeout: .seconds(15)) {
            guard let s = try? observer.status(of: lost, timeout: .milliseconds(300)) else { return false }
            return s.status == .normal && s.commitNumber >= target
        }

        // Its log is real: with the old primary gone, the recovered replica is part of every quorum.
        cluster.crash(Int(primary.index))
        for i in 30..<40 {
            _ = try client.submit(RecordLog.append(Array("r-\(i)".utf8)), timeout: .seconds(60))
            acknowledged.append("r-\(i)")
        }
        let read = try client.submit(RecordLog.read(from: 1, max: 1000), timeout: .seconds(60))
        let records = try XCTUnwrap(RecordLog.readRecords(read.body)).map { String(decoding: $0, as: UTF8.self) }
        XCTAssertEqual(records, acknowledged)
        XCTAssertTrue(cluster.log(lost).contains("starting in recovery"), cluster.log(lost))
    }
}
