import BLS12381
import DKG
import Membership
import Primitives
@testable import SignerNode
import Sharing
import Testing
import ThresholdBLS
import ThresigTestSupport

/// Signing after a ceremony over the simulated log: every member's participant answers the
/// committed request with its partial, the coordinator robust-combines t of them and appends the
/// result, and retries with the same idempotency key replay the stored bytes.
@Suite struct SigningTests {
    let fx = SessionFixture()
    let key = KeyID("signing-key")!

    /// A log whose 3-of-4 key is registered, and each member's participant holding its share.
    func setUp() throws -> (SimulatedLog, [SigningParticipant]) {
        var log = SimulatedLog(fx)
        log.submit(.genesis(members: fx.nodes.map(\.logged), idempotencyTTLMillis: 60_000))
        log.submit(fx.ceremonyStart(key.rawValue, t: 3, n: 4, phaseMillis: 10_000))
        try #require(log.states[0].keys[key] != nil)
        var participants: [SigningParticipant] = []
        for (k, node) in fx.nodes.enumerated() {
            var p = SigningParticipant(me: node.id)
            p.install(try #require(log.completed[k]?.first).result.share, for: key)
            participants.append(p)
        }
        return (log, participants)
    }

    /// Applies `command` on every node; returns each node's events.
    func apply(_ command: SessionCommand, _ log: inout SimulatedLog) -> [[SessionEvent]] {
        log.clock += 1
        let op = fx.op(log.clock, command)
        return log.states.indices.map { log.states[$0].applyCommitted(op).events }
    }

    @Test func partialsCombineIntoTheStoredAnswer() throws {
        var (log, participants) = try setUp()
        var coordinator = SigningCoordinator()
        let message = Array("attestation slot 42".utf8)
        let events = apply(fx.signRequest(key.rawValue, message: message, idempotencyKey: "slot-42"), &log)
        coordinator.handle(events[0], state: log.states[0])
        var partials: [(MemberID, PartialMessage)] = []
        for k in 0..<4 {
            let out = participants[k].handle(events[k], state: log.states[k])
            #expect(out.count == 1)
            partials += out.map { (fx.nodes[k].id, $0) }
        }
        var result: SessionCommand?
        for (i, (sender, partial)) in partials.enumerated() {
            let outcome = try coordinator.receiveInline(PartialMessage.decode(partial.encoded()), from: sender)
            if i < 2 { #expect(outcome == .waiting) }
            if case let .signed(command, _, bad) = outcome { result = command; #expect(bad.isEmpty); break }
        }
        let command = try #require(result)
        guard case let .signResult(requestID, signature?, response) = command else { Issue.record("not a result"); return }
        #expect(requestID == 1 && response.status == 200)
        #expect(String(decoding: response.body, as: UTF8.self) == #"{"key_id":"signing-key","request_id":1,"signature":"0x\#(signature.hexString)"}"#)
        let groupKey = try BLSPublicKey(compressed: log.states[0].keys[key]!.output.groupPublicKey)
        #expect(BLS.verify(publicKey: groupKey, message: message, signature: try BLSSignature(compressed: signature)))
        if let ok = pyblstVerify([(groupKey.compressed, message, signature)]) { #expect(ok == [true]) }
        // The result goes through the log; a retry replays the stored bytes on every replica.
        let done = apply(command, &log)
        coordinator.handle(done[0], state: log.states[0])
        #expect(coordinator.pendingRequests.isEmpty)
        for k in 0..<4 {
            let replay = log.states[k].applyCommitted(fx.op(log.clock + 1, fx.signRequest(key.rawValue, message: message, idempotencyKey: "slot-42")))
            #expect(replay.reply == .signReplay(response) && replay.events.isEmpty)
        }
    }

    @Test func aBadPartialIsNamedAndTheOthersStillSign() throws {
        var (log, participants) = try setUp()
        var coordinator = SigningCoordinator()
        let message: [UInt8] = [1, 2, 3]
        let events = apply(fx.signRequest(key.rawValue, message: message, idempotencyKey: nil), &log)
        coordinator.handle(events[0], state: log.states[0])
        var partials = (0..<4).map { participants[$0].handle(events[$0], state: log.states[$0])[0] }
        // Member at committee index of node 2 sends a valid G2 point that is its partial of
        // another message: in the subgroup, wrong for this request.
        let liar = 1
        let wrong = try BLSThreshold.partialSign(share: log.completed[liar]!.first!.result.share.share, message: [9, 9])
        partials[liar] = PartialMessage(requestID: 1, keyID: key, index: partials[liar].index, partial: wrong.point.compressedBytes)
        var outcomes: [SigningCoordinator.Outcome] = []
        for k in 0..<4 { outcomes.append(try coordinator.receiveInline(partials[k], from: fx.nodes[k].id)) }
        #expect(outcomes[0] == .waiting && outcomes[1] == .waiting && outcomes[2] == .waiting)
        guard case let .signed(_, signature, bad) = outcomes[3] else { Issue.record("\(outcomes)"); return }
        #expect(bad == [partials[liar].index])
        let groupKey = try BLSPublicKey(compressed: log.states[0].keys[key]!.output.groupPublicKey)
        #expect(BLS.verify(publicKey: groupKey, message: message, signature: try BLSSignature(compressed: signature)))
    }

    /// The node runs the combine step as a job off its loop: partials that arrive while it runs
    /// wait, a partial the job finds bad (here one that does not even decode, though its flag
    /// bits pass the cheap envelope check) is named and dropped, and the next job takes the late
    /// partial in its place. A result for a request already decided changes nothing.
    @Test func combineJobsRunOffTheLoopAndALatePartialReplacesABadOne() throws {
        var (log, participants) = try setUp()
        var coordinator = SigningCoordinator()
        let message: [UInt8] = [4, 2]
        let events = apply(fx.signRequest(key.rawValue, message: message, idempotencyKey: nil), &log)
        coordinator.handle(events[0], state: log.states[0])
        var partials = (0..<4).map { participants[$0].handle(events[$0], state: log.states[$0])[0] }
        let liar = 0
        partials[liar] = PartialMessage(requestID: 1, keyID: key, index: partials[liar].index,
                                        partial: [0x80] + Array(repeating: 0xFF, count: 95)) // x ≥ p: not canonical
        #expect(try coordinator.receive(partials[0], from: fx.nodes[0].id) == .waiting)
        #expect(try coordinator.receive(partials[1], from: fx.nodes[1].id) == .waiting)
        guard case let .combine(first) = try coordinator.receive(partials[2], from: fx.nodes[2].id) else {
            Issue.record("no job after t partials"); return
        }
        #expect(first.requestID == 1)
        #expect(try coordinator.receive(partials[3], from: fx.nodes[3].id) == .waiting) // a job is running
        guard case let .combine(second) = coordinator.complete(first.run()) else { Issue.record("no second job"); return }
        #expect(second != first)
        guard case let .signed(_, signature, bad) = coordinator.complete(second.run()) else { Issue.record("not signed"); return }
        #expect(bad == [partials[liar].index])
        let groupKey = try BLSPublicKey(compressed: log.states[0].keys[key]!.output.groupPublicKey)
        #expect(BLS.verify(publicKey: groupKey, message: message, signature: try BLSSignature(compressed: signature)))
        #expect(coordinator.pendingRequests.isEmpty)
        #expect(coordinator.complete(second.run()) == .waiting)
    }

    @Test func refusals() throws {
        var (log, participants) = try setUp()
        var coordinator = SigningCoordinator()
        let events = apply(fx.signRequest(key.rawValue, message: [7], idempotencyKey: nil), &log)
        coordinator.handle(events[0], state: log.states[0])
        let partial = participants[0].handle(events[0], state: log.states[0])[0]
        #expect(throws: SigningCoordinator.Refusal.wrongSender) { try coordinator.receive(partial, from: fx.nodes[1].id) }
        #expect(throws: SigningCoordinator.Refusal.unknownRequest(9)) {
            try coordinator.receive(PartialMessage(requestID: 9, keyID: key, index: partial.index, partial: partial.partial), from: fx.nodes[0].id)
        }
        #expect(throws: SigningCoordinator.Refusal.keyMismatch) {
            try coordinator.receive(PartialMessage(requestID: 1, keyID: KeyID("other")!, index: partial.index, partial: partial.partial), from: fx.nodes[0].id)
        }
        #expect(throws: SigningCoordinator.Refusal.invalidPoint) {
            try coordinator.receive(PartialMessage(requestID: 1, keyID: key, index: partial.index, partial: Array(repeating: 0xFF, count: 96)), from: fx.nodes[0].id)
        }
        #expect(try coordinator.receive(partial, from: fx.nodes[0].id) == .waiting)
        #expect(throws: SigningCoordinator.Refusal.duplicate) { try coordinator.receive(partial, from: fx.nodes[0].id) }
        // A participant asked for a request its own log never committed refuses.
        #expect(throws: SigningRefusal.notCommitted(requestID: 5)) {
            try participants[2].partial(requestID: 5, keyID: key, message: [7], state: log.states[2])
        }
        var stranger = SigningParticipant(me: fx.nodes[3].id)
        _ = stranger.handle(events[3], state: log.states[3])
        #expect(throws: SigningRefusal.noShare(keyID: key.rawValue)) {
            try stranger.partial(requestID: 1, keyID: key, message: [7], state: log.states[3])
        }
        // Truncated or padded partial frames are typed decoding errors.
        let frame = partial.encoded()
        #expect(throws: SessionDecodingError.truncated(field: "partial")) { try PartialMessage.decode(Array(frame.dropLast())) }
        #expect(throws: SessionDecodingError.trailingBytes(1)) { try PartialMessage.decode(frame + [0]) }
    }
}
