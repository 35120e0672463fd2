import Testing
@testable import Replication

/// The hash-chained log.
struct JournalTests {
    @Test func entriesAreHashChained() {
        let entries = chain(from: .root, firstOp: 1, count: 4, view: 0, client: 1)
        #expect(Journal(checkpoint: .root(emptySnapshot: []), entries: entries) != nil)
        // Out of order, or chained onto the wrong parent: refused.
        #expect(Journal(checkpoint: .root(emptySnapshot: []), entries: [entries[0], entries[2]]) == nil)
        let foreign = chain(from: Checksum(hashing: [1]), firstOp: 1, count: 1, view: 0, client: 1)
        #expect(Journal(checkpoint: .root(emptySnapshot: []), entries: foreign) == nil)
    }

    @Test func tamperedEntryIsDetected() {
        let entry = Entry(op: 1, view: 0, clientId: 1, requestNumber: 1, body: [1, 2, 3], parent: .root)
        #expect(entry.isIntact)
        let tampered = Entry(op: 1, view: 0, clientId: 1, requestNumber: 1, body: [1, 2, 4], parent: .root,
                             claimedChecksum: entry.checksum)
        #expect(!tampered.isIntact)
        #expect(Journal(checkpoint: .root(emptySnapshot: []), entries: [tampered]) == nil)
    }

    @Test func checksumCoversTheWholePrefix() {
        let a = chain(from: .root, firstOp: 1, count: 3, view: 0, client: 1)
        let b = chain(from: .root, firstOp: 1, count: 3, view: 0, client: 2)
        // Same op and view, different history: the checksums at op 3 differ.
        #expect(a[2].op == b[2].op && a[2].checksum != b[2].checksum)
    }

    @Test func truncateAndSuffix() {
        var j = journal(chain(from: .root, firstOp: 1, count: 5, view: 0, client: 1))
        let suffix = j.suffix(after: 3)
        #expect(suffix.checkpoint.op == 3 && suffix.checkpoint.state == nil && suffix.op == 5)
        #expect(suffix.isChained)
        j.truncate(after: 2)
        #expect(j.op == 2)
    }
}

/// The Wing & Gong checker itself must accept good histories and reject bad ones.
struct LinearizabilityTests {
    func op(_ value: UInt64, _ invoked: Int, _ returned: Int?, position: UInt64, after prefix: [UInt64]) -> AppendOperation {
        var o = AppendOperation(clientId: value, value: value, invokedAt: invoked)
        o.returnedAt = returned
        o.position = position
        o.digest = (prefix + [value]).reduce(AppendLog.emptyDigest, AppendLog.fold)
        return o
    }

    @Test func acceptsConcurrentOpsInEitherOrder() {
        // 1 and 2 overlap; the log says 2 came first.
        let history = [op(1, 0, 10, position: 2, after: [2]), op(2, 1, 5, position: 1, after: [])]
        #expect(Linearizability.check(history))
    }

    @Test func rejectsAnOrderThatContradictsRealTime() {
        // 1 returned before 2 was invoked, yet 2 is before 1 in the log.
        let history = [op(1, 0, 3, position: 2, after: [2]), op(2, 5, 8, position: 1, after: [])]
        #expect(!Linearizability.check(history))
    }

    @Test func pendingOpMayHaveTakenEffect() {
        var pending = AppendOperation(clientId: 3, value: 3, invokedAt: 0)
        pending.returnedAt = nil
        let history = [pending, op(4, 2, 9, position: 2, after: [3])]
        #expect(Linearizability.check(history))
    }

    @Test func rejectsAWrongDigest() {
        var bad = op(1, 0, 3, position: 1, after: [])
        bad.digest ^= 1
        #expect(!Linearizability.check([bad]))
    }
}

/// A replica refuses to start from a log it cannot vouch for, and repairs one it can.
struct StartTests {
    @Test func corruptEntryIsRepairableInTheMiddleAndRefusedAtTheEnd() throws {
        let configuration = Configuration(replicaCount: 3)
        let good = journal(chain(from: .root, firstOp: 1, count: 5, view: 0, client: 1))
        let intact = DurableState(view: 0, lastNormalView: 0, journal: good)
        #expect(throws: Never.self) { _ = try Replica<AppendLog>.restarting(configuration: configuration, index: 1, seed: 1, from: intact) }
        for op in 1...4 as ClosedRange<UInt64> {
            let damaged = DurableState(view: 0, lastNormalView: 0, journal: good.corrupting(op: op))
            let (replica, _) = try Replica<AppendLog>.restarting(configuration: configuration, index: 1, seed: 1, from: damaged)
            #expect(replica.faultyOps == [op] && replica.journal.op == 5)
            #expect(replica.journal.entry(at: op)?.checksum == good.entry(at: op)?.checksum)
        }
        // The last entry has no successor to vouch for its checksum: indistinguishable from a torn write.
        let tail = DurableState(view: 0, lastNormalView: 0, journal: good.corrupting(op: 5))
        #expect(throws: StartError.corruptJournal(op: 5)) {
            _ = try Replica<AppendLog>.restarting(configuration: configuration, index: 1, seed: 1, from: tail)
        }
        // Two corrupt entries in a row: the first one's checksum is inside the corrupt second one.
        let run = DurableState(view: 0, lastNormalView: 0, journal: good.corrupting(op: 2).corrupting(op: 3))
        #expect(throws: StartError.corruptJournal(op: 2)) {
            _ = try Replica<AppendLog>.restarting(configuration: configuration, index: 1, seed: 1, from: run)
        }
        let anchorOnly = DurableState(view: 0, lastNormalView: 0, journal: good.suffix(after: 2))
        #expect(throws: StartError.missingCheckpointState) {
            _ = try Replica<AppendLog>.restarting(configuration: configuration, index: 1, seed: 1, from: anchorOnly)
        }
    }
}
