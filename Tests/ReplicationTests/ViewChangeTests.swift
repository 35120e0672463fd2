import Testing
@testable import Replication

/// VRR §4.2: StartViewChange, DoViewChange (log choice), StartView.
struct ViewChangeTests {
    /// Replica 1 becomes primary of `view` with its own log `own` (last normal view `ownNormal`),
    /// after receiving one DoViewChange from replica `voter` with `vote` and `voteNormal`.
    func electReplicaOne(view: UInt64, own: [Entry], ownNormal: UInt64, vote: [Entry], voteNormal: UInt64,
                         voter: Int = 0) -> (Replica<AppendLog>, [Output]) {
        let configuration = Configuration(replicaCount: 3)
        let durable = DurableState(view: ownNormal, lastNormalView: ownNormal, journal: journal(own))
        var (replica, _) = try! Replica<AppendLog>.restarting(configuration: configuration, index: 1, seed: 1, from: durable)
        let out = replica.handle(.message(.doViewChange(view: view, journal: journal(vote), lastNormalView: voteNormal,
                                                        commitNumber: 0), from: voter))
        return (replica, out)
    }

    func startView(in out: [Output]) -> Journal? {
        for case let .send(.startView(_, journal, _), _) in out { return journal }
        return nil
    }

    @Test func choosesTheLongestLogAmongEqualLastNormalViews() {
        let long = chain(from: .root, firstOp: 1, count: 5, view: 0, client: 1)
        let (replica, out) = electReplicaOne(view: 1, own: Array(long.prefix(3)), ownNormal: 0,
                                             vote: long, voteNormal: 0)
        #expect(replica.status == .normal && replica.view == 1 && replica.isPrimary)
        #expect(replica.journal.op == 5)
        #expect(startView(in: out)?.op == 5)
        // The view is durable before StartView goes out.
        let persist = out.firstIndex { if case .persistViewState(1, 1) = $0 { return true }; return false }
        let announce = out.firstIndex { if case .send(.startView, _) = $0 { return true }; return false }
        #expect(persist != nil && announce != nil && persist! < announce!)
    }

    @Test func higherLastNormalViewWinsOverALongerLog() {
        let stale = chain(from: .root, firstOp: 1, count: 6, view: 0, client: 1)
        let fresh = chain(from: .root, firstOp: 1, count: 3, view: 3, client: 2)
        // View 4's primary is replica 1 (4 mod 3); its own log is longer but from view 0.
        let (replica, out) = electReplicaOne(view: 4, own: stale, ownNormal: 0, vote: fresh, voteNormal: 3)
        #expect(replica.status == .normal && replica.view == 4)
        #expect(replica.journal.op == 3)
        #expect(replica.journal.entry(at: 3)?.checksum == fresh[2].checksum)
        #expect(startView(in: out)?.entries == fresh)
    }

    @Test func primaryTimeoutElectsTheNextPrimaryAndKeepsCommittedOps() {
        var cluster = TestCluster()
        cluster.commit(client: 1, numbers: 1...3)
        #expect(cluster.replicas[0].commitNumber == 3)
        cluster.down = [0] // The primary of view 0 fails.
        cluster.tick(200)
        #expect(cluster.replicas[1].view >= 1 && cluster.replicas[1].status == .normal)
        let primary = cluster.replicas[1].primaryIndex
        #expect(primary != 0)
        for i in [1, 2] {
            #expect(cluster.replicas[i].journal.op >= 3)
            #expect(cluster.replicas[i].journal.checksum(at: 3) == cluster.replicas[0].journal.checksum(at: 3))
        }
        // The new primary serves requests.
        cluster.replies = []
        cluster.commit(client: 1, numbers: 4...4, at: primary)
        #expect(cluster.replies.count == 1)
        #expect(AppendLog.decodeReply(cluster.replies[0].body)?.position == 4)
    }

    @Test func restartedPrimaryDoesNotResumeItsView() {
        let configuration = Configuration(replicaCount: 3)
        let durable = DurableState(view: 0, lastNormalView: 0, journal: journal([]))
        let (replica, out) = try! Replica<AppendLog>.restarting(configuration: configuration, index: 0, seed: 1, from: durable)
        #expect(replica.status == .viewChange && replica.view == 1)
        #expect(out.first == .persistViewState(view: 1, lastNormalView: 0))
    }

    @Test func viewNumberIsDurableBeforeStartViewChangeIsSent() {
        var replica = Replica<AppendLog>(configuration: Configuration(replicaCount: 3), index: 2, seed: 1)
        let out = replica.handle(.message(.startViewChange(view: 1), from: 1))
        #expect(out.first == .persistViewState(view: 1, lastNormalView: 0))
        #expect(out.dropFirst().contains(.send(.startViewChange(view: 1), to: 0)))
        // f = 1 other replica agreed: the DoViewChange goes to view 1's primary.
        #expect(out.contains { if case .send(.doViewChange(1, _, 0, 0), to: 1) = $0 { return true }; return false })
    }
}
