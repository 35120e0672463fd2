import Testing
@testable import Replication

/// VRR §4.3: a replica that lost its disk recovers with a nonce.
struct RecoveryTests {
    @Test func recoveryIgnoresAMismatchedNonceAndRecoversWithTheRightOne() {
        var cluster = TestCluster()
        cluster.commit(client: 1, numbers: 1...4)
        let configuration = cluster.configuration
        var (lost, out) = Replica<AppendLog>.recovering(configuration: configuration, index: 2, seed: 3, nonce: 1234)
        #expect(lost.status == .recovering)
        #expect(out.contains(.send(.recovery(nonce: 1234), to: 0)))
        // Responses carrying another nonce (a previous incarnation's) are ignored.
        let primaryLog = cluster.replicas[0].journal
        _ = lost.handle(.message(.recoveryResponse(view: 0, nonce: 999, journal: primaryLog, commitNumber: 4), from: 0))
        _ = lost.handle(.message(.recoveryResponse(view: 0, nonce: 999, journal: nil, commitNumber: 4), from: 1))
        #expect(lost.status == .recovering)
        // f + 1 = 2 responses, one from the primary, with the right nonce: recovered.
        _ = lost.handle(.message(.recoveryResponse(view: 0, nonce: 1234, journal: nil, commitNumber: 4), from: 1))
        #expect(lost.status == .recovering) // Still waiting for the primary's log.
        let done = lost.handle(.message(.recoveryResponse(view: 0, nonce: 1234, journal: primaryLog, commitNumber: 4), from: 0))
        #expect(lost.status == .normal && lost.view == 0)
        #expect(lost.commitNumber == 4 && lost.journal.op == 4)
        #expect(lost.stateMachine.values == cluster.replicas[0].stateMachine.values)
        #expect(done.contains { if case .persistJournal = $0 { return true }; return false })
    }

    @Test func recoveringReplicaTakesNoPartInViewChanges() {
        let configuration = Configuration(replicaCount: 3)
        var (lost, _) = Replica<AppendLog>.recovering(configuration: configuration, index: 1, seed: 3, nonce: 5)
        #expect(lost.handle(.message(.startViewChange(view: 1), from: 0)).isEmpty)
        let vote = Message.doViewChange(view: 1, journal: journal([]), lastNormalView: 0, commitNumber: 0)
        #expect(lost.handle(.message(vote, from: 2)).isEmpty)
        #expect(lost.handle(.message(.recovery(nonce: 77), from: 0)).isEmpty)
        #expect(lost.status == .recovering && lost.view == 0)
    }

    @Test func onlyNormalReplicasAnswerRecovery() {
        var cluster = TestCluster()
        cluster.commit(client: 1, numbers: 1...2)
        let answer = cluster.replicas[1].handle(.message(.recovery(nonce: 8), from: 2))
        #expect(answer == [.send(.recoveryResponse(view: 0, nonce: 8, journal: nil, commitNumber: 0), to: 2)])
        let fromPrimary = cluster.replicas[0].handle(.message(.recovery(nonce: 8), from: 2))
        #expect(fromPrimary.contains { if case .send(.recoveryResponse(0, 8, .some, 2), 2) = $0 { return true }; return false })
    }
}

/// A recovery interrupted by a crash must be redone, never mistaken for a fresh member of view 0.
struct InterruptedRecoveryTests {
    @Test func diskMarkedRecoveringRefusesANormalStart() {
        let configuration = Configuration(replicaCount: 3)
        let formatted = DurableState.formattedForRecovery(emptySnapshot: AppendLog().snapshot())
        #expect(throws: StartError.recoveryIncomplete) {
            _ = try Replica<AppendLog>.restarting(configuration: configuration, index: 2, seed: 1, from: formatted)
        }
        // Even with the recovered journal already on disk (crash between the two writes).
        var halfway = formatted
        halfway.journal = journal(chain(from: .root, firstOp: 1, count: 3, view: 0, client: 1))
        #expect(throws: StartError.recoveryIncomplete) {
            _ = try Replica<AppendLog>.restarting(configuration: configuration, index: 2, seed: 1, from: halfway)
        }
    }

    @Test func recoveryPersistsTheJournalBeforeTheViewThatClearsTheMark() {
        var cluster = TestCluster()
        cluster.commit(client: 1, numbers: 1...2)
        var (lost, _) = Replica<AppendLog>.recovering(configuration: cluster.configuration, index: 2, seed: 3, nonce: 42)
        _ = lost.handle(.message(.recoveryResponse(view: 0, nonce: 42, journal: nil, commitNumber: 2), from: 1))
        let out = lost.handle(.message(.recoveryResponse(view: 0, nonce: 42, journal: cluster.replicas[0].journal,
                                                         commitNumber: 2), from: 0))
        let journalWrite = out.firstIndex { if case .persistJournal = $0 { return true }; return false }
        let viewWrite = out.firstIndex { if case .persistViewState = $0 { return true }; return false }
        #expect(journalWrite != nil && viewWrite != nil && journalWrite! < viewWrite!)
    }
}
