import BLS12381
import DKG
import Membership
import Primitives
@testable import SignerNode
import Sharing
import Testing
import ThresholdBLS

@Suite struct SessionStateMachineTests {
    let fx = SessionFixture()

    func apply(_ s: inout SessionStateMachine, _ op: [UInt8]) -> SessionReply { s.applyCommitted(op).reply }

    /// A state with genesis and a registered key `k` (registration logged directly by t members;
    /// the ceremony itself is exercised in `CeremonyDriverTests`).
    func stateWithKey(_ key: String = "k") -> SessionStateMachine {
        var s = SessionStateMachine()
        _ = apply(&s, fx.genesis())
        _ = apply(&s, fx.op(2, fx.ceremonyStart(key)))
        let record = s.ceremonies[KeyID(key)!]!
        let output = RegisteredKeyOutput(groupPublicKey: Array(repeating: 0xA0, count: 48),
                                         sharePublicKeys: (1...4).map { Array(repeating: UInt8($0), count: 48) },
                                         epoch: 0, transcriptHash: Array(repeating: 7, count: 32))
        for (i, id) in record.committee.prefix(3).enumerated() {
            let node = fx.nodes.first { $0.id == id }!
            let r = apply(&s, fx.op(3 + UInt64(i), fx.signed(.keyRegistered(keyID: KeyID(key)!, member: id, output: output, signature: []), by: node)))
            #expect(r == (i == 2 ? .keyRegistered(KeyID(key)!) : .accepted))
        }
        return s
    }

    @Test func genesisOrderAndCommitteeChecks() {
        var s = SessionStateMachine()
        #expect(apply(&s, fx.op(1, .tick)) == .rejected(.genesisOrder))
        #expect(apply(&s, fx.genesis()) == .accepted)
        #expect(apply(&s, fx.genesis()) == .rejected(.genesisOrder))
        // Committee other than the rendezvous top-n, and impossible sizes.
        guard case let .ceremonyStart(k, scheme, t, n, committee, label, ms) = fx.ceremonyStart("key-a") else { return }
        #expect(apply(&s, fx.op(2, .ceremonyStart(keyID: k, scheme: scheme, t: t, n: n, committee: committee.reversed(), label: label, phaseMillis: ms))) == .rejected(.invalidCommittee))
        #expect(apply(&s, fx.op(2, .ceremonyStart(keyID: k, scheme: scheme, t: t, n: n, committee: committee, label: label, phaseMillis: 0))) == .rejected(.invalidCommittee))
        #expect(apply(&s, fx.op(2, .ceremonyStart(keyID: k, scheme: scheme, t: 5, n: n, committee: committee, label: label, phaseMillis: ms))) == .rejected(.malformed(.invalidField("t/n"))))
        #expect(apply(&s, fx.op(3, fx.ceremonyStart("key-a"))) == .ceremonyStarted(KeyID("key-a")!))
        #expect(apply(&s, fx.op(4, fx.ceremonyStart("key-a"))) == .rejected(.keyExists))
        #expect(apply(&s, fx.op(5, fx.signRequest("key-a", message: [1], idempotencyKey: nil))) == .rejected(.keyNotReady))
        #expect(apply(&s, fx.op(5, fx.signRequest("nope", message: [1], idempotencyKey: nil))) == .rejected(.unknownKey))
    }

    @Test func ceremonyTrafficMustBeSignedByACommitteeMember() throws {
        var s = SessionStateMachine()
        _ = apply(&s, fx.genesis())
        _ = apply(&s, fx.op(2, fx.ceremonyStart("k", t: 2, n: 3)))
        let record = try #require(s.ceremonies[KeyID("k")!])
        let member = fx.nodes.first { $0.id == record.committee[0] }!
        let outsider = fx.nodes.first { !record.committee.contains($0.id) }!
        let done = SessionCommand.phaseDone(keyID: KeyID("k")!, member: member.id, phase: .dealing, signature: [])
        // Signed by someone else, or not a committee member, or unsigned.
        #expect(apply(&s, fx.op(3, fx.signed(done, by: outsider))) == .rejected(.badSignature))
        #expect(apply(&s, fx.op(3, .phaseDone(keyID: KeyID("k")!, member: member.id, phase: .dealing, signature: Array(repeating: 0, count: 64)))) == .rejected(.badSignature))
        #expect(apply(&s, fx.op(3, fx.signed(.phaseDone(keyID: KeyID("k")!, member: outsider.id, phase: .dealing, signature: []), by: outsider))) == .rejected(.notOnCommittee))
        #expect(apply(&s, fx.op(3, fx.signed(.phaseDone(keyID: KeyID("k")!, member: member.id, phase: .complaints, signature: []), by: member))) == .rejected(.wrongPhase))
        #expect(apply(&s, fx.op(3, fx.signed(done, by: member))) == .accepted)
        #expect(apply(&s, fx.op(3, fx.signed(done, by: member))) == .rejected(.duplicate))
        // A broadcast that is not a DKG message of this ceremony.
        let junk = SessionCommand.ceremonyMessage(keyID: KeyID("k")!, member: record.committee[1], message: [1, 1, 0], signature: [])
        let node1 = fx.nodes.first { $0.id == record.committee[1] }!
        #expect(apply(&s, fx.op(3, fx.signed(junk, by: node1))) == .rejected(.invalidCeremonyMessage))
    }

    @Test func deadlinesCloseThePhaseOnTheLogClock() throws {
        var s = SessionStateMachine()
        _ = apply(&s, fx.genesis(at: 100))
        _ = apply(&s, fx.op(100, fx.ceremonyStart("k", phaseMillis: 50)))
        let key = KeyID("k")!
        #expect(s.ceremonies[key]?.progress == .running(phase: .dealing, deadlineMillis: 150))
        // An earlier timestamp does not move the clock back (monotonic), nor close anything.
        var (reply, events) = s.applyCommitted(fx.op(20, .tick))
        #expect(reply == .accepted && events.isEmpty && s.clockMillis == 100)
        (reply, events) = s.applyCommitted(fx.op(150, .tick))
        #expect(events == [.phaseClosed(key, .dealing)])
        #expect(s.ceremonies[key]?.progress == .running(phase: .complaints, deadlineMillis: 200))
        // A refused command still lets time close phases.
        (reply, events) = s.applyCommitted(fx.op(1_000, fx.ceremonyStart("k")))
        #expect(reply == .rejected(.keyExists))
        #expect(events == [.phaseClosed(key, .complaints)])
        for (ts, phase) in [(1_050, Phase.justifications), (1_100, .extraction), (1_150, .extractionComplaints), (1_200, .reconstruction)] {
            #expect(s.applyCommitted(fx.op(UInt64(ts), .tick)).events == [.phaseClosed(key, phase)])
        }
        #expect(s.ceremonies[key]?.progress == .awaitingRegistration(deadlineMillis: 1_250))
        #expect(s.applyCommitted(fx.op(1_250, .tick)).events == [.ceremonyFailed(key, .noRegistrationQuorum)])
        #expect(s.ceremonies[key]?.progress == .failed(.noRegistrationQuorum))
    }

    @Test func idempotencySemantics() {
        var s = stateWithKey()
        let m1: [UInt8] = [1, 2, 3], m2: [UInt8] = [4]
        #expect(apply(&s, fx.op(10, fx.signRequest("k", message: m1, idempotencyKey: "abc"))) == .signPending(requestID: 1))
        // Retry before the result: the same pending request, no new one.
        #expect(apply(&s, fx.op(11, fx.signRequest("k", message: m1, idempotencyKey: "abc"))) == .signPending(requestID: 1))
        #expect(s.pending.count == 1)
        #expect(apply(&s, fx.op(12, fx.signRequest("k", message: m2, idempotencyKey: "abc"))) == .idempotencyConflict)
        let response = StoredResponse(status: 200, body: Array(#"{"signature":"0x01"}"#.utf8))
        #expect(apply(&s, fx.op(13, .signResult(requestID: 1, signature: [1], response: response))) == .signCompleted(requestID: 1))
        #expect(apply(&s, fx.op(14, .signResult(requestID: 1, signature: [1], response: response))) == .rejected(.unknownRequest))
        #expect(apply(&s, fx.op(15, fx.signRequest("k", message: m1, idempotencyKey: "abc"))) == .signReplay(response))
        #expect(apply(&s, fx.op(16, fx.signRequest("k", message: m2, idempotencyKey: "abc"))) == .idempotencyConflict)
        // Without a key every request is new; the same key on another threshold key is another slot.
        #expect(apply(&s, fx.op(17, fx.signRequest("k", message: m1, idempotencyKey: nil))) == .signPending(requestID: 2))
        #expect(apply(&s, fx.op(18, fx.signRequest("k", message: m1, idempotencyKey: nil))) == .signPending(requestID: 3))
        // TTL (60 s from creation at t=10): live at 60_009, gone at 60_010.
        #expect(apply(&s, fx.op(60_009, fx.signRequest("k", message: m2, idempotencyKey: "abc"))) == .idempotencyConflict)
        #expect(apply(&s, fx.op(60_010, fx.signRequest("k", message: m2, idempotencyKey: "abc"))) == .signPending(requestID: 4))
        // A result for another request leaves the slot's pending request alone.
        #expect(apply(&s, fx.op(60_011, .signResult(requestID: 2, signature: nil, response: StoredResponse(status: 500, body: [])))) == .signCompleted(requestID: 2))
        #expect(apply(&s, fx.op(60_012, fx.signRequest("k", message: m2, idempotencyKey: "abc"))) == .signPending(requestID: 4))
    }

    @Test func snapshotRestoreRoundTrip() {
        var s = stateWithKey()
        _ = apply(&s, fx.op(20, fx.ceremonyStart("other", t: 2, n: 3)))
        _ = apply(&s, fx.op(21, fx.signRequest("k", message: [9], idempotencyKey: "i-1")))
        _ = apply(&s, fx.op(22, fx.signRequest("k", message: [8], idempotencyKey: "i-2")))
        _ = apply(&s, fx.op(23, .signResult(requestID: 2, signature: nil, response: StoredResponse(status: 201, body: [0x7B, 0x7D]))))
        let snap = s.snapshot()
        var r = SessionStateMachine()
        r.restore(snap)
        #expect(r == s)
        #expect(r.snapshot() == snap)
        // Both go on identically.
        let next = [fx.op(24, fx.signRequest("k", message: [8], idempotencyKey: "i-2")), fx.op(90_000, .tick),
                    fx.op(90_001, fx.signRequest("k", message: [9], idempotencyKey: "i-1"))]
        for op in next { #expect(s.applyCommitted(op) == r.applyCommitted(op)) }
        #expect(r.snapshot() == s.snapshot())
        // A damaged snapshot: no crash, the state refuses everything until a good restore.
        var bad = SessionStateMachine()
        bad.restore(Array(snap.dropLast()))
        #expect(bad.restoreFailure != nil)
        #expect(bad.applyCommitted(fx.genesis()).reply == .rejected(.malformed(bad.restoreFailure!)))
        bad.restore(snap)
        #expect(bad.restoreFailure == nil && bad.snapshot() == snap)
    }

    @Test func determinismOverAMixedLog() {
        // Valid, refused and malformed ops interleaved; two replicas from scratch must agree on
        // every reply and every snapshot.
        var ops = [fx.genesis()]
        var rng = SystemRandomNumberGenerator()
        for i in 0..<200 {
            let ts = UInt64(10 + i * 7)
            switch i % 5 {
            case 0: ops.append(fx.op(ts, fx.ceremonyStart("c\(i)", t: 2, n: 3, phaseMillis: 40)))
            case 1: ops.append(fx.op(ts, .tick))
            case 2: ops.append(fx.op(ts, fx.signRequest("c0", message: [UInt8(i)], idempotencyKey: "x\(i % 3)")))
            case 3: ops.append((0..<Int.random(in: 0..<40, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) })
            default: ops.append(Array(fx.op(ts, .tick).dropLast(1 + i % 3)))
            }
        }
        var a = SessionStateMachine(), b = SessionStateMachine()
        for op in ops {
            #expect(a.applyCommitted(op) == b.applyCommitted(op))
        }
        #expect(a.snapshot() == b.snapshot())
        #expect(a.ceremonies.count == 40)
    }

    @Test func malformedOpsAreRefusedNeverFatal() {
        var s = stateWithKey()
        let before = s
        let good = [fx.op(50, fx.signRequest("k", message: [1, 2], idempotencyKey: "key")),
                    fx.op(50, fx.ceremonyStart("zz")),
                    fx.op(50, .signResult(requestID: 1, signature: [1], response: StoredResponse(status: 200, body: [1])))]
        for op in good {
            // Every truncation is a typed decoding refusal and changes nothing.
            for cut in 0..<op.count {
                var copy = s
                let reply = copy.applyCommitted(Array(op.prefix(cut))).reply
                guard case .rejected(.malformed) = reply else { Issue.record("prefix \(cut): \(reply)"); continue }
                #expect(copy == s)
            }
            // Trailing garbage too.
            var copy = s
            #expect(copy.applyCommitted(op + [0]).reply == .rejected(.malformed(.trailingBytes(1))))
        }
        #expect(s.applyCommitted([2]).reply == .rejected(.malformed(.unknownVersion(2))))
        #expect(s.applyCommitted([1, 0, 0, 0, 0, 0, 0, 0, 0, 99]).reply == .rejected(.malformed(.unknownCommand(99))))
        // A huge declared length does not allocate: it is refused as too long.
        var huge = fx.op(60, fx.signRequest("k", message: [1], idempotencyKey: nil))
        let lengthAt = 1 + 8 + 1 + 2 + 1  // version, ts, tag, "k"
        huge.replaceSubrange(lengthAt..<lengthAt + 4, with: [0xFF, 0xFF, 0xFF, 0xFF])
        #expect(s.applyCommitted(huge).reply == .rejected(.malformed(.invalidField("message"))))
        // Invalid idempotency key (control character) and bad status.
        #expect(s.applyCommitted(fx.op(61, fx.signRequest("k", message: [1], idempotencyKey: "a\u{7}b"))).reply == .rejected(.malformed(.invalidField("idempotency key"))))
        #expect(s.applyCommitted(fx.op(61, .signResult(requestID: 1, signature: nil, response: StoredResponse(status: 42, body: [])))).reply == .rejected(.malformed(.invalidField("status"))))
        // A digest that is not the message's own (a faulty primary merging two requests).
        #expect(s.applyCommitted(fx.op(61, .signRequest(keyID: KeyID("k")!, message: [1], idempotencyKey: "x", requestDigest: SHA256.hash([2])))).reply
                == .rejected(.malformed(.invalidField("request digest"))))
        #expect(s.pending.isEmpty && s.keys == before.keys)
        // Random bit flips of valid ops: whatever the reply, both replicas agree and nothing traps.
        var rng = SystemRandomNumberGenerator()
        var x = s, y = s
        for _ in 0..<2_000 {
            var op = good.randomElement(using: &rng)!
            op[Int.random(in: 0..<op.count, using: &rng)] ^= UInt8(1) << UInt8.random(in: 0..<8, using: &rng)
            #expect(x.applyCommitted(op) == y.applyCommitted(op))
        }
    }

    @Test func replyEncodingRoundTrips() throws {
        let replies: [SessionReply] = [
            .accepted, .ceremonyStarted(KeyID("a")!), .keyRegistered(KeyID("b")!), .signPending(requestID: 7),
            .signReplay(StoredResponse(status: 200, body: [1, 2])), .idempotencyConflict, .signCompleted(requestID: 9),
            .rejected(.unknownKey), .rejected(.keyNotReady),
        ] + SessionRejection.all.map(SessionReply.rejected)
        for r in replies { #expect(try SessionReply.decode(r.encoded()) == r) }
        #expect(throws: SessionDecodingError.self) { try SessionReply.decode([1, 42]) }
        #expect(throws: SessionDecodingError.self) { try SessionReply.decode([1, 4, 0]) }
    }

    @Test func signingGuardRefusesUncommittedRequests() throws {
        var s = stateWithKey()
        var guardian = SigningGuard()
        let (reply, events) = s.applyCommitted(fx.op(30, fx.signRequest("k", message: [5, 5], idempotencyKey: nil)))
        #expect(reply == .signPending(requestID: 1))
        #expect(throws: SigningRefusal.notCommitted(requestID: 1)) { try guardian.authorize(requestID: 1, keyID: KeyID("k")!, message: [5, 5]) }
        guardian.observe(events)
        #expect(throws: SigningRefusal.requestMismatch(requestID: 1)) { try guardian.authorize(requestID: 1, keyID: KeyID("k")!, message: [5, 6]) }
        #expect(throws: SigningRefusal.requestMismatch(requestID: 1)) { try guardian.authorize(requestID: 1, keyID: KeyID("q")!, message: [5, 5]) }
        #expect(throws: SigningRefusal.notCommitted(requestID: 2)) { try guardian.authorize(requestID: 2, keyID: KeyID("k")!, message: [5, 5]) }
        try guardian.authorize(requestID: 1, keyID: KeyID("k")!, message: [5, 5])
        #expect(guardian.signed == [1])
        guardian.observe(s.applyCommitted(fx.op(31, .signResult(requestID: 1, signature: nil, response: StoredResponse(status: 200, body: [])))).events)
        #expect(throws: SigningRefusal.notCommitted(requestID: 1)) { try guardian.authorize(requestID: 1, keyID: KeyID("k")!, message: [5, 5]) }
        #expect(guardian.pendingCount == 0)
    }
}

extension SessionStateMachineTests {
    /// A request the coordinator never answers is abandoned after the TTL: pending state stays
    /// bounded, the guard forgets it, and a retry is a new request.
    @Test func unansweredRequestsExpire() throws {
        var s = stateWithKey()
        var guardian = SigningGuard()
        guardian.observe(s.applyCommitted(fx.op(10, fx.signRequest("k", message: [1], idempotencyKey: "a"))).events)
        guardian.observe(s.applyCommitted(fx.op(20, fx.signRequest("k", message: [2], idempotencyKey: nil))).events)
        #expect(guardian.pendingCount == 2)
        var (reply, events) = s.applyCommitted(fx.op(60_009, .tick))
        #expect(events.isEmpty && s.pending.count == 2)
        (reply, events) = s.applyCommitted(fx.op(60_010, .tick))
        #expect(reply == .accepted && events == [.signExpired(requestID: 1)])
        guardian.observe(events)
        #expect(s.pending.keys.sorted() == [2] && guardian.pendingCount == 1)
        #expect(s.applyCommitted(fx.op(60_011, .signResult(requestID: 1, signature: nil, response: StoredResponse(status: 200, body: [])))).reply
                == .rejected(.unknownRequest))
        #expect(s.applyCommitted(fx.op(60_012, fx.signRequest("k", message: [1], idempotencyKey: "a"))).reply == .signPending(requestID: 3))
        // Snapshot and restore keep the ages: request 2 expires at the same op on both.
        var r = SessionStateMachine()
        r.restore(s.snapshot())
        #expect(r == s)
        let op = fx.op(60_020, .tick)
        let (a, b) = (s.applyCommitted(op), r.applyCommitted(op))
        #expect(a == b && a.events == [.signExpired(requestID: 2)])
    }
}
