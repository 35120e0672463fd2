import DKG
import Primitives
import Secp256k1
import Sharing
import Testing

/// Drives `Ceremony` through its public API only, as a node would.
struct Harness {
    var members: [Ceremony<G>]
    let parameters: CeremonyParameters
    var log: [(from: Int, bytes: [UInt8])] = []

    init(n: Int, t: Int) throws {
        let kps = (1...n).map { _ in X25519.KeyPair.generate() }
        let p = try CeremonyParameters(sessionID: Array("harness".utf8), n: n, t: t,
                                       members: kps.enumerated().map { Member(index: $0.offset + 1, encryptionKey: $0.element.publicKey) })
        parameters = p
        members = try (1...n).map { try Ceremony<G>(parameters: p, index: $0, encryptionKeyPair: kps[$0 - 1]) }
    }

    /// Delivers `entries` to everyone, then closes `phase`; returns the new broadcasts.
    mutating func round(_ entries: [(from: Int, bytes: [UInt8])], close phase: Phase) throws -> ([(from: Int, bytes: [UInt8])], [DKGResult<G>]) {
        var next: [(from: Int, bytes: [UInt8])] = []
        var results: [DKGResult<G>] = []
        for k in members.indices {
            for e in entries { _ = try members[k].handle(.message(from: e.from, bytes: e.bytes)) }
            let out = try members[k].handle(.deadline(phase))
            next += out.encodedBroadcasts.map { (members[k].index, $0) }
            if let r = out.result { results.append(r) }
        }
        log += entries
        return (next, results)
    }
}

@Suite struct StateMachineTests {
    @Test func refusedInputsChangeNothing() throws {
        var h = try Harness(n: 3, t: 2)
        var dealings: [(from: Int, bytes: [UInt8])] = []
        for k in h.members.indices {
            #expect(throws: CeremonyError.notStarted) { try h.members[k].handle(.deadline(.dealing)) }
            dealings += try h.members[k].start().encodedBroadcasts.map { (k + 1, $0) }
            #expect(throws: CeremonyError.notStarted) { try h.members[k].start() }
        }
        #expect(dealings.count == 3)
        var m = h.members[0]
        // Sender mismatch, wrong deadline, a message of a later phase, a duplicate.
        #expect(throws: CeremonyError.senderMismatch(authenticated: 2, claimed: 1)) { try m.handle(.message(from: 2, bytes: dealings[0].bytes)) }
        #expect(throws: CeremonyError.unexpectedDeadline(current: .dealing, got: .complaints)) { try m.handle(.deadline(.complaints)) }
        let complaint = DKGMessage<G>.complaints(Complaints(sender: 2, accused: [1]))
        #expect(throws: CeremonyError.wrongPhase(expected: .dealing, got: .complaints)) { try m.handle(message: complaint, from: 2) }
        _ = try m.handle(.message(from: 1, bytes: dealings[0].bytes))
        #expect(throws: CeremonyError.duplicateMessage(sender: 1)) { try m.handle(.message(from: 1, bytes: dealings[0].bytes)) }
        #expect(throws: CeremonyError.decoding(.truncated(context: "version"))) { try m.handle(.message(from: 1, bytes: [])) }
        #expect(m.phase == .dealing)

        // Run the ceremony, injecting refused inputs everywhere: results still agree.
        var entries = dealings
        var results: [DKGResult<G>] = []
        for phase in [Phase.dealing, .complaints, .justifications, .extraction, .extractionComplaints] {
            for k in h.members.indices {
                _ = try? h.members[k].handle(.message(from: 1, bytes: [1, 2, 3]))
                _ = try? h.members[k].handle(.deadline(.reconstruction))
            }
            let (next, r) = try h.round(entries, close: phase)
            entries = next
            results += r
        }
        #expect(results.count == 3)
        #expect(Set(results.map(\.publicOutput)).count == 1)
        #expect(h.members.allSatisfy { $0.status == .finished })
        #expect(throws: CeremonyError.ceremonyOver) { try h.members[0].handle(.deadline(.dealing)) }
        try checkKeyInvariants(results[0].publicOutput, shares: results.map(\.share), t: 2)
        #expect(results[0].share.secret.count == 32)
        #expect(!"\(results[0].share)".contains(Hex.encode(results[0].share.value.canonicalBytes)))
    }

    @Test func transcriptBindsOrder() throws {
        // The same dealings logged in two orders: same key and shares, different transcript.
        var h = try Harness(n: 3, t: 2)
        var dealings: [(from: Int, bytes: [UInt8])] = []
        for k in h.members.indices { dealings += try h.members[k].start().encodedBroadcasts.map { (k + 1, $0) } }
        var outcomes: [[DKGResult<G>]] = []
        for order in [dealings, dealings.reversed()] {
            var copy = h
            var entries = order
            var results: [DKGResult<G>] = []
            for phase in [Phase.dealing, .complaints, .justifications, .extraction, .extractionComplaints] {
                let (next, r) = try copy.round(entries, close: phase)
                entries = next; results += r
            }
            #expect(Set(results.map(\.publicOutput)).count == 1)
            outcomes.append(results)
        }
        #expect(outcomes[0][0].publicOutput.groupPublicKey == outcomes[1][0].publicOutput.groupPublicKey)
        #expect(outcomes[0].map(\.share.value) == outcomes[1].map(\.share.value))
        #expect(outcomes[0][0].publicOutput.transcriptHash != outcomes[1][0].publicOutput.transcriptHash)
    }

    @Test func extractionFromOutsideQualIsRefused() throws {
        var h = try Harness(n: 3, t: 2)
        var dealings: [(from: Int, bytes: [UInt8])] = []
        for k in h.members.indices where k < 2 { dealings += try h.members[k].start().encodedBroadcasts.map { (k + 1, $0) } }
        _ = try h.members[2].start()  // member 3's dealing never reaches the log
        var entries = dealings
        for phase in [Phase.dealing, .complaints, .justifications] {
            entries = try h.round(entries, close: phase).0
        }
        #expect(h.members[0].phase == .extraction)
        let fake = DKGMessage<G>.extraction(Extraction(sender: 3, commitments: VSSCommitments(elements: [G.generator, G.generator])))
        var m = h.members[0]
        #expect(throws: CeremonyError.senderNotQualified(3)) { try m.handle(message: fake, from: 3) }
        let reveal = DKGMessage<G>.reveal(Reveal(sender: 3, openedShares: [OpenedShare(index: 1, share: .one, blinding: .one)]))
        #expect(throws: CeremonyError.wrongPhase(expected: .extraction, got: .reconstruction)) { try m.handle(message: reveal, from: 3) }
        var results: [DKGResult<G>] = []
        for phase in [Phase.extraction, .extractionComplaints] {
            let (next, r) = try h.round(entries, close: phase)
            entries = next; results += r
        }
        #expect(results.count == 3)
        #expect(results[0].publicOutput.qualified == [1, 2])
        #expect(results[0].publicOutput.disqualified == [Disqualification(member: 3, reason: .noDealing)])
        try checkKeyInvariants(results[0].publicOutput, shares: results.map(\.share), t: 2)
    }
    /// A member that replays another's dealing (commitments, sealed boxes and proof) under
    /// its own index is refused: the proof's challenge binds the sender, so it fails for the
    /// copier. The original dealer keeps its place in QUAL whatever the log order — the
    /// copy is logged *before* the original here, as a rushing member or a faulty primary
    /// could arrange.
    @Test func replayedDealingIsRefused() throws {
        var h = try Harness(n: 4, t: 2)
        var dealings: [(from: Int, bytes: [UInt8])] = []
        for k in h.members.indices { dealings += try h.members[k].start().encodedBroadcasts.map { (k + 1, $0) } }
        let id = h.parameters.ceremonyID(for: G.self)
        guard case let .dealing(d3) = try DKGMessage<G>.decode(dealings[2].bytes, ceremonyID: id, n: 4, t: 2) else { return }
        #expect(d3.proof.verify(ceremonyID: id, sender: 3, commitments: d3.commitments, h: h.members[0].h))
        let copy = DKGMessage<G>.dealing(Dealing(sender: 1, commitments: d3.commitments, sealedShares: d3.sealedShares, proof: d3.proof))
        for k in h.members.indices {
            var m = h.members[k]
            #expect(throws: CeremonyError.invalidDealingProof(sender: 1)) { try m.handle(message: copy, from: 1) }
        }
        // A proof from another ceremony, and a mutated response, fail too.
        #expect(!d3.proof.verify(ceremonyID: [UInt8](repeating: 7, count: 32), sender: 3, commitments: d3.commitments, h: h.members[0].h))
        let bent = DealingProof<G>(announcement: d3.proof.announcement, responseSecret: d3.proof.responseSecret + .one,
                                   responseBlinding: d3.proof.responseBlinding)
        #expect(!bent.verify(ceremonyID: id, sender: 3, commitments: d3.commitments, h: h.members[0].h))

        // Member 1 deals nothing of its own; the refused copy is simply not in the log.
        var entries = [dealings[1], dealings[2], dealings[3]]
        var results: [DKGResult<G>] = []
        for phase in [Phase.dealing, .complaints, .justifications, .extraction, .extractionComplaints] {
            let (next, r) = try h.round(entries, close: phase)
            entries = next; results += r
        }
        let honest = results.filter { $0.share.index != 1 }
        #expect(Set(honest.map(\.publicOutput)).count == 1)
        #expect(honest[0].publicOutput.disqualified == [Disqualification(member: 1, reason: .noDealing)])
        #expect(honest[0].publicOutput.qualified == [2, 3, 4])
        try checkKeyInvariants(honest[0].publicOutput, shares: honest.map(\.share), t: 2)
    }
}
