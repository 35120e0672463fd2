import Testing
@testable import Replication

/// VRR §5.2 and §5.3: state transfer, checkpoints and log truncation.
struct StateTransferTests {
    @Test func gapInPreparesIsFilledByStateTransfer() {
        var cluster = TestCluster()
        cluster.down = [2]
        cluster.commit(client: 1, numbers: 1...3)
        cluster.down = []
        #expect(cluster.replicas[2].journal.op == 0)
        // The next Prepare (op 4) shows replica 2 a gap. It holds op 4, waits resendInterval
        // ticks for the missing Prepares, then asks for the log and catches up.
        cluster.commit(client: 1, numbers: 4...4)
        #expect(cluster.replicas[2].journal.op == 0)
        cluster.tick(cluster.configuration.resendInterval)
        #expect(cluster.outputs[2].contains { if case .send(.getState(0, 0), to: 0) = $0 { return true }; return false })
        cluster.tick(cluster.configuration.commitInterval)
        #expect(cluster.replicas[2].journal.op == 4)
        #expect(cluster.replicas[2].commitNumber == 4)
        #expect(cluster.replicas[2].stateMachine.values == cluster.replicas[0].stateMachine.values)
    }

    @Test func reorderedPreparesAreHeldNotFetched() {
        var replica = Replica<AppendLog>(configuration: Configuration(replicaCount: 3), index: 1, seed: 1)
        let entries = chain(from: .root, firstOp: 1, count: 3, view: 0, client: 9)
        let early = replica.handle(.message(.prepare(view: 0, entries: [entries[2]], commitNumber: 0), from: 0))
        #expect(early.isEmpty && replica.journal.op == 0)
        _ = replica.handle(.message(.prepare(view: 0, entries: [entries[1]], commitNumber: 0), from: 0))
        let filled = replica.handle(.message(.prepare(view: 0, entries: [entries[0]], commitNumber: 0), from: 0))
        #expect(replica.journal.op == 3)
        #expect(filled.contains { if case let .append(_, appended) = $0 { return appended == entries }; return false })
        #expect(!filled.contains { if case .send(.getState, _) = $0 { return true }; return false })
    }

    @Test func enteringALaterViewWritesTheViewBeforeTheLog() {
        // A backup of view 0 learns of view 1 through NewState. A crash between its writes must
        // not bring it back as a normal backup of view 0 holding view 1's log.
        var replica = Replica<AppendLog>(configuration: Configuration(replicaCount: 3), index: 2, seed: 1)
        let log = journal(chain(from: .root, firstOp: 1, count: 2, view: 1, client: 3))
        let out = replica.handle(.message(.newState(view: 1, journal: log, commitNumber: 0), from: 1))
        let writes = out.filter {
            switch $0 { case .persistViewState, .persistJournal: return true; default: return false }
        }
        #expect(writes == [.persistViewState(view: 1, lastNormalView: 0), .persistJournal(replica.journal),
                           .persistViewState(view: 1, lastNormalView: 1)])
        #expect(replica.status == .normal && replica.view == 1 && replica.journal.op == 2)
    }

    @Test func checkpointTruncatesTheLog() {
        var cluster = TestCluster(checkpointInterval: 4)
        cluster.commit(client: 1, numbers: 1...10)
        let primary = cluster.replicas[0]
        #expect(primary.commitNumber == 10)
        #expect(primary.journal.checkpoint.op == 8)
        #expect(primary.journal.entries.count == 2)
        #expect(primary.journal.entry(at: 8) == nil && primary.journal.checksum(at: 8) != nil)
        #expect(cluster.outputs[0].contains { if case let .persistCheckpoint(c) = $0 { return c.op == 4 }; return false })
        // The checkpoint carries the state machine and client table as of op 8.
        var restored = AppendLog()
        restored.restore(primary.journal.checkpoint.state!.snapshot)
        #expect(restored.values == Array(primary.stateMachine.values.prefix(8)))
        #expect(primary.journal.checkpoint.state!.clientTable[1]?.requestNumber == 8)
    }

    @Test func laggingReplicaBehindACheckpointGetsTheSnapshotAndSuffix() {
        var cluster = TestCluster(checkpointInterval: 4)
        cluster.down = [2]
        cluster.commit(client: 1, numbers: 1...10)
        cluster.down = []
        // Replica 2 is at op 0, behind the primary's checkpoint at op 8.
        let answer = cluster.replicas[0].handle(.message(.getState(view: 0, op: 0), from: 2))
        guard case let .send(.newState(_, shipped, commit), to: 2)? = answer.first else {
            Issue.record("no NewState"); return
        }
        #expect(shipped.checkpoint.op == 8 && shipped.checkpoint.state != nil)
        #expect(shipped.op == 10 && commit == 10)
        _ = cluster.replicas[2].handle(.message(answer.first!.message!, from: 0))
        #expect(cluster.replicas[2].commitNumber == 10)
        #expect(cluster.replicas[2].stateMachine.values == cluster.replicas[0].stateMachine.values)
        #expect(cluster.replicas[2].clientTable == cluster.replicas[0].clientTable)
    }

    @Test func newStateForACaughtUpReplicaShipsOnlyTheSuffix() {
        var cluster = TestCluster(checkpointInterval: 4)
        cluster.commit(client: 1, numbers: 1...10)
        let answer = cluster.replicas[0].handle(.message(.getState(view: 0, op: 9), from: 1))
        guard case let .send(.newState(_, shipped, _), to: 1)? = answer.first else { Issue.record("no NewState"); return }
        #expect(shipped.checkpoint.op == 9 && shipped.checkpoint.state == nil)
        #expect(shipped.entries.map(\.op) == [10])
    }
}

extension Output {
    /// The message of a `.send`, for tests.
    var message: Message? {
        if case let .send(message, _) = self { return message }
        return nil
    }
}
