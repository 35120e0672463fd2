import Testing
@testable import Replication

/// Protocol-aware repair of a corrupt middle entry (FAST'18; docs/protocols/vsr.md).
struct RepairTests {
    /// A three-replica cluster with ops 1...6 committed, and replica 1 restarted from its own
    /// disk with a flipped bit in op `corruptOp`.
    func clusterWithCorruptBackup(corruptOp: UInt64 = 3) throws -> (TestCluster, [Output], Journal) {
        var cluster = TestCluster()
        cluster.commit(client: 1, numbers: 1...6)
        cluster.tick(10) // Commit heartbeats: the backups apply and learn commit 6.
        let good = cluster.replicas[1].journal
        let disk = DurableState(view: 0, lastNormalView: 0, journal: good.corrupting(op: corruptOp))
        let (replica, out) = try Replica<AppendLog>.restarting(configuration: cluster.configuration, index: 1,
                                                               seed: 5, from: disk)
        cluster.replicas[1] = replica
        return (cluster, out, good)
    }

    @Test func restartAsksEveryPeerForTheEntryByOpAndChecksum() throws {
        let (cluster, out, good) = try clusterWithCorruptBackup()
        let replica = cluster.replicas[1]
        #expect(replica.isRepairing && replica.faultyOps == [3])
        let expected = Message.requestPrepare(op: 3, checksum: good.entry(at: 3)!.checksum)
        #expect(out.contains(.send(expected, to: 0)) && out.contains(.send(expected, to: 2)))
        // It does not apply past the hole.
        #expect(replica.commitNumber == 0)
    }

    @Test func aPeerAnswersOnlyForTheChecksumItHolds() {
        var cluster = TestCluster()
        cluster.commit(client: 1, numbers: 1...4)
        let entry = cluster.replicas[2].journal.entry(at: 2)!
        let answer = cluster.replicas[2].handle(.message(.requestPrepare(op: 2, checksum: entry.checksum), from: 1))
        #expect(answer == [.send(.repairPrepare(entry: entry), to: 1)])
        let other = Checksum(hashing: [1, 2, 3])
        #expect(cluster.replicas[2].handle(.message(.requestPrepare(op: 2, checksum: other), from: 1)).isEmpty)
        #expect(cluster.replicas[2].handle(.message(.requestPrepare(op: 99, checksum: entry.checksum), from: 1)).isEmpty)
    }

    @Test func repairRestoresTheExactLogAndResumesAcknowledging() throws {
        var (cluster, out, good) = try clusterWithCorruptBackup()
        // While repairing it acknowledges nothing, even a resend of the primary's Prepares.
        var silent = cluster.replicas[1]
        let commit = silent.handle(.message(.commit(view: 0, commitNumber: 6), from: 0))
        #expect(!commit.contains { if case .send(.prepareOk, _) = $0 { return true }; return false })
        cluster.route(out, from: 1)
        cluster.pump()
        let replica = cluster.replicas[1]
        #expect(!replica.isRepairing)
        #expect(replica.journal == good)
        #expect(cluster.outputs[1].contains(.persistJournal(good)))
        cluster.tick(10)
        #expect(cluster.replicas[1].commitNumber == 6)
        #expect(cluster.replicas[1].stateMachine.values == cluster.replicas[0].stateMachine.values)
    }

    @Test func aForgedOrMismatchedRepairIsIgnored() throws {
        var (cluster, _, good) = try clusterWithCorruptBackup()
        let real = good.entry(at: 3)!
        let wrongBody = Entry(op: 3, view: real.view, clientId: real.clientId, requestNumber: real.requestNumber,
                              body: [9, 9], parent: real.parent)
        _ = cluster.replicas[1].handle(.message(.repairPrepare(entry: wrongBody), from: 2))
        _ = cluster.replicas[1].handle(.message(.repairPrepare(entry: good.entry(at: 4)!), from: 2))
        #expect(cluster.replicas[1].faultyOps == [3])
        let done = cluster.replicas[1].handle(.message(.repairPrepare(entry: real), from: 2))
        #expect(cluster.replicas[1].faultyOps.isEmpty)
        #expect(done.first == .persistJournal(good))
    }

    @Test func aRepairingReplicaWithholdsItsDoViewChangeUntilRepaired() throws {
        var (cluster, _, good) = try clusterWithCorruptBackup()
        // View 2's primary is replica 2; replica 1 joins the view change but must not vote.
        let joined = cluster.replicas[1].handle(.message(.startViewChange(view: 2), from: 2))
        #expect(cluster.replicas[1].status == .viewChange)
        #expect(!joined.contains { if case .send(.doViewChange, _) = $0 { return true }; return false })
        let repaired = cluster.replicas[1].handle(.message(.repairPrepare(entry: good.entry(at: 3)!), from: 0))
        let write = repaired.firstIndex(of: .persistJournal(good))
        let vote = repaired.firstIndex { if case .send(.doViewChange(2, let j, 0, _), 2) = $0 { return j == good }; return false }
        #expect(write != nil && vote != nil && write! < vote!)
    }

    @Test func aRepairingReplicaAnswersNeitherRecoveryNorGetState() throws {
        var (cluster, _, _) = try clusterWithCorruptBackup()
        #expect(cluster.replicas[1].handle(.message(.recovery(nonce: 3), from: 2)).isEmpty)
        #expect(cluster.replicas[1].handle(.message(.getState(view: 0, op: 0), from: 2)).isEmpty)
    }

    @Test func aNewerViewsLogEndsTheRepair() throws {
        var (cluster, _, _) = try clusterWithCorruptBackup()
        let primaryLog = cluster.replicas[0].journal
        // View 3's primary is replica 0 (3 mod 3).
        _ = cluster.replicas[1].handle(.message(.startView(view: 3, journal: primaryLog, commitNumber: 6), from: 0))
        #expect(!cluster.replicas[1].isRepairing)
        #expect(cluster.replicas[1].status == .normal && cluster.replicas[1].commitNumber == 6)
    }

    @Test func journalFromSlotsPlacesACheckedPlaceholder() throws {
        let entries = chain(from: .root, firstOp: 1, count: 4, view: 0, client: 1)
        let root = Checkpoint.root(emptySnapshot: AppendLog().snapshot())
        let slots: [Entry?] = [entries[0], nil, entries[2], entries[3]]
        let rebuilt = try Journal(checkpoint: root, slots: slots)
        #expect(rebuilt.entry(at: 2)?.checksum == entries[1].checksum)
        #expect(rebuilt.entry(at: 2)?.isIntact == false)
        #expect(throws: StartError.corruptJournal(op: 4)) { try Journal(checkpoint: root, slots: [entries[0], entries[1], entries[2], nil]) }
        #expect(throws: StartError.corruptJournal(op: 2)) { try Journal(checkpoint: root, slots: [entries[0], nil, nil, entries[3]]) }
        let durable = DurableState(view: 0, lastNormalView: 0, journal: rebuilt)
        let (replica, _) = try Replica<AppendLog>.restarting(configuration: Configuration(replicaCount: 3), index: 2,
                                                             seed: 1, from: durable)
        #expect(replica.faultyOps == [2])
    }
}
