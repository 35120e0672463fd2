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
