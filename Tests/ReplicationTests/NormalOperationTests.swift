import Testing
@testable import Replication

/// VRR §4.1: requests, batched and pipelined Prepares, PrepareOk quorums, commits, replies.
struct NormalOperationTests {
    @Test func threeReplicasCommitAndReply() {
        var cluster = TestCluster()
        cluster.commit(client: 1, numbers: 1...1)
        #expect(cluster.replies.count == 1)
        let reply = cluster.replies[0]
        #expect(reply.requestNumber == 1 && reply.view == 0)
        #expect(AppendLog.decodeReply(reply.body)?.position == 1)
        #expect(cluster.replicas[0].commitNumber == 1)
        // Backups learn the commit from the next heartbeat (§4.1 step 7).
        cluster.tick(cluster.configuration.commitInterval)
        for replica in cluster.replicas {
            #expect(replica.commitNumber == 1)
            #expect(replica.stateMachine.values == [(1 << 32) | 1])
        }
    }

    @Test func fullPipelineBatchesWaitingRequests() {
        var cluster = TestCluster()
        let depth = cluster.configuration.pipelineDepth
        // 4 + 10 requests before any delivery: the first `depth` fill the pipeline one Prepare
        // each; the other ten wait and then go out in Prepares of up to maxBatch ops.
        for client in 1...UInt64(depth + 10) {
            cluster.handle(.request(TestCluster.request(client: client, number: 1)), at: 0)
        }
        #expect(cluster.replicas[0].journal.op == UInt64(depth)) // Pipelining is bounded.
        cluster.pump()
        let prepares = cluster.outputs[0].compactMap { output -> Int? in
            if case let .send(.prepare(_, entries, _), to: 1) = output { return entries.count }
            return nil
        }
        #expect(prepares.count < depth + 10)
        #expect(prepares.max() == cluster.configuration.maxBatch)
        #expect(prepares.reduce(0, +) == depth + 10)
        #expect(cluster.replies.count == depth + 10)
        #expect(cluster.replicas[0].commitNumber == UInt64(depth + 10))
    }

    @Test func requestQueueIsBounded() {
        var configuration = Configuration(replicaCount: 3)
        configuration.pipelineDepth = 1
        configuration.maxQueuedRequests = 5
        var primary = Replica<AppendLog>(configuration: configuration, index: 0, seed: 1)
        for client in 1...20 as ClosedRange<UInt64> {
            _ = primary.handle(.request(TestCluster.request(client: client, number: 1)))
        }
        // One request in the pipeline, five queued, the rest dropped for the clients to retry.
        #expect(primary.journal.op == 1)
        #expect(primary.requestQueue.count == 5)
    }

    @Test func backupAcknowledgesOnlyDurableEntries() {
        var replica = Replica<AppendLog>(configuration: Configuration(replicaCount: 3), index: 1, seed: 1)
        let entries = chain(from: .root, firstOp: 1, count: 2, view: 0, client: 9)
        let out = replica.handle(.message(.prepare(view: 0, entries: entries, commitNumber: 0), from: 0))
        #expect(!out.contains { if case .send(.prepareOk, _) = $0 { return true }; return false })
        guard case let .append(writeId, appended)? = out.first(where: { if case .append = $0 { return true }; return false }) else {
            Issue.record("no append"); return
        }
        #expect(appended.count == 2)
        let after = replica.handle(.appendCompleted(writeId: writeId))
        #expect(after == [.send(.prepareOk(view: 0, op: 2), to: 0)])
    }

    @Test func duplicateAndOldViewMessagesAreIgnored() {
        var replica = Replica<AppendLog>(configuration: Configuration(replicaCount: 3), index: 1, seed: 1)
        let entries = chain(from: .root, firstOp: 1, count: 3, view: 0, client: 9)
        let first = replica.handle(.message(.prepare(view: 0, entries: entries, commitNumber: 0), from: 0))
        guard case let .append(writeId, _)? = first.first(where: { if case .append = $0 { return true }; return false }) else {
            Issue.record("no append"); return
        }
        _ = replica.handle(.appendCompleted(writeId: writeId))
        // The same Prepare again: nothing new is appended; the ack is repeated (it may have been lost).
        let again = replica.handle(.message(.prepare(view: 0, entries: entries, commitNumber: 0), from: 0))
        #expect(!again.contains { if case .append = $0 { return true }; return false })
        #expect(replica.journal.op == 3)
        // Move the replica to view 1, then replay a view-0 Prepare and Commit: ignored.
        _ = replica.handle(.message(.startViewChange(view: 1), from: 2))
        #expect(replica.view == 1 && replica.status == .viewChange)
        let more = chain(from: entries.last!.checksum, firstOp: 4, count: 1, view: 0, client: 9)
        #expect(replica.handle(.message(.prepare(view: 0, entries: more, commitNumber: 3), from: 0)).isEmpty)
        #expect(replica.handle(.message(.commit(view: 0, commitNumber: 3), from: 0)).isEmpty)
        #expect(replica.journal.op == 3 && replica.commitNumber == 0)
    }

    @Test func clientTableReturnsTheSameReplyForARetry() {
        var cluster = TestCluster()
        cluster.commit(client: 5, numbers: 1...2)
        #expect(cluster.replies.count == 2)
        let original = cluster.replies[1]
        let opBefore = cluster.replicas[0].journal.op
        cluster.replies = []
        // Retry of the latest request: answered from the client table, not prepared again.
        cluster.commit(client: 5, numbers: 2...2)
        #expect(cluster.replies == [original])
        #expect(cluster.replicas[0].journal.op == opBefore)
        // Retry of an older request: dropped.
        cluster.replies = []
        cluster.commit(client: 5, numbers: 1...1)
        #expect(cluster.replies.isEmpty)
        // A retry while the request is still in flight is not prepared twice.
        cluster.handle(.request(TestCluster.request(client: 5, number: 3)), at: 0)
        cluster.handle(.request(TestCluster.request(client: 5, number: 3)), at: 0)
        cluster.pump()
        #expect(cluster.replicas[0].journal.op == opBefore + 1)
        #expect(cluster.replicas[0].stateMachine.values.count == 3)
    }

    @Test func duplicateEntryInTheLogIsNotAppliedTwice() {
        // A request prepared twice (as after a view change that kept one copy and a retry added
        // another) is executed once; the second copy commits as a no-op with the same reply.
        var replica = Replica<AppendLog>(configuration: Configuration(replicaCount: 3), index: 1, seed: 1)
        let body = AppendLog.operation(77)
        let a = Entry(op: 1, view: 0, clientId: 3, requestNumber: 1, body: body, parent: .root)
        let b = Entry(op: 2, view: 0, clientId: 3, requestNumber: 1, body: body, parent: a.checksum)
        let out = replica.handle(.message(.prepare(view: 0, entries: [a, b], commitNumber: 2), from: 0))
        let committed = out.compactMap { output -> (Bool, [UInt8])? in
            if case let .committed(_, reply, applied, _) = output { return (applied, reply) }
            return nil
        }
        #expect(committed.map(\.0) == [true, false])
        #expect(committed[0].1 == committed[1].1)
        #expect(replica.stateMachine.values == [77])
    }
}

/// The client side: one request at a time, same number on retry, learns the view from replies.
struct ClientSessionTests {
    @Test func retriesWithTheSameNumberAndFollowsTheView() {
        var session = ClientSession(clientId: 4, replicaCount: 3, retryTicks: 3)
        let first = session.submit([1])
        #expect(first == [.send(Request(clientId: 4, requestNumber: 1, body: [1]), to: 0)])
        #expect(session.tick().isEmpty && session.tick().isEmpty)
        let retry = session.tick()
        #expect(retry.count == 3)
        #expect(retry.allSatisfy { if case let .send(r, _) = $0 { return r.requestNumber == 1 }; return false })
        // A reply from view 4 (primary 1) completes it; the next request goes to replica 1.
        #expect(session.receive(Reply(clientId: 4, requestNumber: 1, view: 4, body: [9])) != nil)
        #expect(session.receive(Reply(clientId: 4, requestNumber: 1, view: 4, body: [9])) == nil) // Duplicate.
        #expect(session.submit([2]) == [.send(Request(clientId: 4, requestNumber: 2, body: [2]), to: 1)])
    }
}
