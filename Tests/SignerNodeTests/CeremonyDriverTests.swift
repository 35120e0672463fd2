import BLS12381
import DKG
import Membership
import Primitives
@testable import SignerNode
import Sharing
import Testing
import ThresholdBLS

/// Four members run a GJKR ceremony through one shared simulated log: every op goes through
/// each member's `SessionStateMachine`, each member's `CeremonyDriver` answers with its signed
/// broadcasts, and the key is registered once t members agree. The shares must then sign.
@Suite struct CeremonyDriverTests {
    let fx = SessionFixture()

    /// Signs `message` with t of the completed shares and checks the combined signature under the
    /// registered group key.
    func checkSignature(_ log: SimulatedLog, key: KeyID, signers: [Int], t: Int) throws {
        let record = try #require(log.states[signers[0]].keys[key])
        let message = Array("attestation".utf8)
        var partials: [PartialSignature] = []
        for k in signers.prefix(t) {
            let done = try #require(log.completed[k]?.first { $0.keyID == key })
            partials.append(try BLSThreshold.partialSign(share: done.result.share.share, message: message))
            // Each member's share public key is what the log registered for its index.
            #expect(BLS12381G1Group.encode(done.result.publicOutput.sharePublicKey(done.result.share.index))
                    == record.output.sharePublicKeys[done.result.share.index - 1])
        }
        let signature = try BLSThreshold.combine(partials: partials, threshold: t)
        let pk = try BLSPublicKey(compressed: record.output.groupPublicKey)
        #expect(BLS.verify(publicKey: pk, message: message, signature: signature))
        #expect(!BLS.verify(publicKey: pk, message: message + [0], signature: signature))
    }

    @Test func fourMembersRunACeremonyOverTheLog() throws {
        var log = SimulatedLog(fx)
        log.submit(.genesis(members: fx.nodes.map(\.logged), idempotencyTTLMillis: 60_000))
        log.submit(fx.ceremonyStart("validator-1", t: 3, n: 4, phaseMillis: 10_000))
        let key = KeyID("validator-1")!
        // Every member says "done" in every phase, so phases close long before their deadline
        // and no tick is needed.
        #expect(log.states[0].ceremonies[key]?.progress == .complete)
        #expect(log.clock < 10_000)
        for k in 1..<4 { #expect(log.states[k] == log.states[0]) }
        #expect(Set(log.states.map { $0.snapshot() }).count == 1)
        #expect(log.completed.values.map(\.count) == [1, 1, 1, 1])
        #expect(log.replies.contains(.keyRegistered(key)))
        try checkSignature(log, key: key, signers: [0, 2, 3], t: 3)
        // The transcript hash every member computed is the registered one.
        let hashes = Set(log.completed.values.flatMap { $0.map(\.result.publicOutput.transcriptHash) })
        #expect(hashes == [log.states[0].keys[key]!.output.transcriptHash])
        // The log's ops alone reproduce the state on a fresh replica (no driver).
        var replay = SessionStateMachine()
        for op in log.ops { _ = replay.apply(op) }
        #expect(replay.snapshot() == log.states[0].snapshot())
    }

    /// A member restarted at any point of the ceremony (after its seed was sealed) is rebuilt
    /// from the seed and the replayed log, re-sends what the log lacks (the state machine
    /// refuses what it has), and finishes with the share the others expect of it: the key is
    /// registered by all four and signs with the restarted member's share.
    @Test func aMemberRestartedMidCeremonyResumesFromItsSeed() throws {
        let key = KeyID("resumed")!
        var restartsThatMattered = 0
        for afterOps in 3...14 {
            var log = SimulatedLog(fx)
            log.restart = (node: 1, afterOps: afterOps)
            log.submit(.genesis(members: fx.nodes.map(\.logged), idempotencyTTLMillis: 60_000))
            log.submit(fx.ceremonyStart(key.rawValue, t: 3, n: 4, phaseMillis: 10_000))
            let record = try #require(log.states[0].ceremonies[key])
            #expect(record.progress == .complete, "restart after op \(afterOps)")
            #expect(log.states[1] == log.states[0])
            let done = try #require(log.completed[1]?.first { $0.keyID == key }, "restart after op \(afterOps)")
            #expect(log.sealedSeeds[1]?.isEmpty ?? true) // the seed went once the ceremony ended
            try checkSignature(log, key: key, signers: [1, 0, 2], t: 3)
            #expect(BLS12381G1Group.encode(done.result.publicOutput.groupPublicKey) == log.states[0].keys[key]!.output.groupPublicKey)
            if log.restart == nil { restartsThatMattered += 1 }
        }
        #expect(restartsThatMattered >= 6)
    }

    @Test func aSilentMemberIsWaitedForOnlyUntilTheDeadline() throws {
        var log = SimulatedLog(fx, down: [3])
        log.submit(.genesis(members: fx.nodes.map(\.logged), idempotencyTTLMillis: 60_000))
        log.submit(fx.ceremonyStart("k2", t: 3, n: 4, phaseMillis: 500))
        let key = KeyID("k2")!
        var ticks = 0
        while log.states[0].ceremonies[key]?.progress != .complete, ticks < 20 {
            log.submit(.tick, advance: 500)
            ticks += 1
        }
        #expect(log.states[0].ceremonies[key]?.progress == .complete)
        // Dealing waits for the absent member; the later phases need no absent member's word
        // only if it is not on the committee, so at least one deadline passed.
        #expect(ticks >= 1)
        #expect(log.states[0] == log.states[1] && log.states[1] == log.states[2])
        try checkSignature(log, key: key, signers: [0, 1, 2], t: 3)
    }
}

extension CeremonyDriverTests {
    /// Node 1 deals a share that its recipient cannot open (one byte of the sealed box flipped,
    /// the entry re-signed by node 1): the recipient complains through the log, node 1's honest
    /// state machine justifies with the real share, everyone accepts it, and the dealer stays
    /// qualified — GJKR Fig. 2 steps 1(b)–1(c) over the replicated log.
    @Test func aComplaintIsAnsweredByAJustificationOverTheLog() throws {
        let key = KeyID("complained")!
        var probe = SessionStateMachine()
        _ = probe.apply(fx.genesis())
        let committee = Rendezvous.committee(keyID: key.bytes, size: 4, members: fx.memberIDs)!
        let ceremonyID = try probe.ceremonyParameters(keyID: key, t: 3, n: 4, committee: committee).ceremonyID(for: BLS12381G1Group.self)
        let dealer = fx.nodes[0]
        let dealerIndex = committee.firstIndex(of: dealer.id)! + 1
        let victim = dealerIndex % 4 + 1
        var log = SimulatedLog(fx)
        let fixture = fx
        log.tamper = { node, command in
            guard node == 0, case let .ceremonyMessage(k, member, bytes, _) = command,
                  case let .dealing(d)? = try? DKGMessage<BLS12381G1Group>.decode(bytes, ceremonyID: ceremonyID, n: 4, t: 3)
            else { return command }
            var sealed = d.sealedShares
            sealed[victim - 1][40] ^= 0x01
            let bad = DKGMessage<BLS12381G1Group>.dealing(Dealing(sender: d.sender, commitments: d.commitments, sealedShares: sealed, proof: d.proof))
            return fixture.signed(.ceremonyMessage(keyID: k, member: member, message: bad.encoded(ceremonyID: ceremonyID), signature: []), by: dealer)
        }
        log.submit(.genesis(members: fx.nodes.map(\.logged), idempotencyTTLMillis: 60_000))
        log.submit(.ceremonyStart(keyID: key, scheme: .bls, t: 3, n: 4, committee: committee, label: "c", phaseMillis: 10_000))
        let record = try #require(log.states[0].ceremonies[key])
        #expect(record.progress == .complete)
        #expect(record.senders(in: .complaints, n: 4) == [victim])
        #expect(record.senders(in: .justifications, n: 4) == [dealerIndex])
        for k in 0..<4 {
            let output = try #require(log.completed[k]?.first).result.publicOutput
            #expect(output.qualified == [1, 2, 3, 4])
            #expect(output.disqualified.isEmpty)
        }
        try checkSignature(log, key: key, signers: [1, 2, 3], t: 3)
    }
}

extension CeremonyDriverTests {
    /// A dealing whose proof of knowledge of the opening of C_i0 does not verify (one response
    /// changed) is refused by the state machine, so the member does not count as dealt; its
    /// genuine dealing is then accepted.
    @Test func aDealingWithABadProofIsRefused() throws {
        var s = SessionStateMachine()
        _ = s.apply(fx.genesis())
        _ = s.apply(fx.op(2, fx.ceremonyStart("proofs", t: 2, n: 3)))
        let key = KeyID("proofs")!
        let record = try #require(s.ceremonies[key])
        let node = fx.nodes.first { $0.id == record.committee[0] }!
        var driver = CeremonyDriver(me: node.id, signingKey: node.signing, encryptionKey: node.encryption)
        let out = driver.handle([.ceremonyStarted(key)], state: s)
        guard case let .ceremonyMessage(_, _, bytes, _) = out.commands[0],
              case let .dealing(d) = try DKGMessage<BLS12381G1Group>.decode(bytes, ceremonyID: record.ceremonyID, n: 3, t: 2)
        else { Issue.record("no dealing"); return }
        let forged = DealingProof<BLS12381G1Group>(announcement: d.proof.announcement, responseSecret: d.proof.responseSecret + .one,
                                                   responseBlinding: d.proof.responseBlinding)
        let bad = DKGMessage<BLS12381G1Group>.dealing(Dealing(sender: d.sender, commitments: d.commitments, sealedShares: d.sealedShares, proof: forged))
        let command = fx.signed(.ceremonyMessage(keyID: key, member: node.id, message: bad.encoded(ceremonyID: record.ceremonyID), signature: []), by: node)
        #expect(s.applyCommitted(fx.op(3, command)).reply == .rejected(.invalidCeremonyMessage))
        #expect(s.applyCommitted(fx.op(4, out.commands[0])).reply == .accepted)
        #expect(s.ceremonies[key]!.senders(in: .dealing, n: 3) == [1])
    }
}
