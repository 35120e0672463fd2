import DKG
import Foundation
import Membership
import Paillier
import Primitives
import Secp256k1
import Sharing
@testable import SignerNode
import Storage
import Testing
import ThresigTestSupport
import ThresholdECDSA

/// Threshold ECDSA through the session log, deterministic: a 2-of-3 secp256k1 GJKR ceremony,
/// CGGMP21 aux-info and presigning as signed log entries, then a sign request whose
/// presignature consumption is committed before σ_i exist; a second consumption is refused.
@Suite(.serialized) struct ECDSASessionTests {
    let fx = SessionFixture(count: 3)

    func ecdsaStart(_ key: String, t: Int, n: Int) -> SessionCommand {
        let keyID = KeyID(key)!
        return .ceremonyStart(keyID: keyID, scheme: .ecdsaSecp256k1, t: t, n: n,
                              committee: Rendezvous.committee(keyID: keyID.bytes, size: n, members: fx.memberIDs)!,
                              label: "ecdsa \(key)", phaseMillis: 10_000)
    }

    /// The answer node `node`'s state stores for the request made on `key` with
    /// `idempotencyKey` for `message`; throws when there is none (yet).
    func storedResponse(_ log: ECDSASimulatedLog, node: Int = 0, key: KeyID, idempotencyKey: String,
                        message: [UInt8]) throws -> StoredResponse {
        let slot = IdempotencyTable.Slot(keyID: key, idempotencyKey: idempotencyKey)
        guard case let .same(.completed(response)) = log.states[node].idempotency.lookup(slot, digest: SHA256.hash(message)) else {
            throw NoStoredResponse(idempotencyKey: idempotencyKey)
        }
        return response
    }

    struct NoStoredResponse: Error { let idempotencyKey: String }

    /// Genesis, the ceremony, aux-info: the key is registered and can presign.
    func readyKey(_ name: String) -> (ECDSASimulatedLog, KeyID) {
        var log = ECDSASimulatedLog(fx)
        log.submit(.genesis(members: fx.nodes.map(\.logged), idempotencyTTLMillis: 60_000))
        log.submit(ecdsaStart(name, t: 2, n: 3))
        return (log, KeyID(name)!)
    }

    @Test func ceremonyAuxInfoPresignAndSignThroughTheLog() throws {
        var (log, key) = readyKey("wallet-1")
        let record = try #require(log.states[0].keys[key])
        #expect(record.scheme == .ecdsaSecp256k1)
        #expect(record.output.groupPublicKey.count == 33)
        let groupKey = try Point(sec1: record.output.groupPublicKey)
        #expect(log.states[0].ecdsa.isAuxReady(key), "aux-info completed: \(log.failures)")
        for k in 0..<3 { #expect(log.drivers[k].hasAuxInfo(key)) }

        // The primary's refill duty: one presigning (pool size 1), signer set by rotation.
        let refill = ECDSADuties.commands(log.states[0], poolSize: 1)
        #expect(refill == [.ecdsa(.presignStart(keyID: key, signers: [1, 3]))])
        for command in refill { log.submit(command) }
        #expect(ECDSADuties.commands(log.states[0], poolSize: 1).isEmpty, "the pool is full")
        let available = log.states[0].ecdsa.availablePresignatures(key)
        #expect(available.count == 1, "failures: \(log.failures)")
        let presign = try #require(available.first)
        let holders = (0..<3).filter { log.drivers[$0].heldPresignatures == [presign.sessionID] }
        #expect(holders.count == 2)
        let pub = try #require(log.drivers[holders[0]].presignaturePublic(presign.sessionID))

        // A sign request; nothing is released before the consumption is committed.
        let digest = SHA256.hash(Array("pay 1 BTC".utf8))
        log.submit(fx.signRequest("wallet-1", message: digest, idempotencyKey: "k1"))
        let requestID = try #require(log.states[0].pending.keys.first)
        #expect(log.partials.values.allSatisfy { $0.isEmpty })
        // The primary's consumption duty for the waiting request (and a refill for the pool).
        let duties = ECDSADuties.commands(log.states[0], poolSize: 1)
        #expect(duties.first == .ecdsa(.presignConsume(keyID: key, sessionID: presign.sessionID, requestID: requestID)))
        log.submit(duties[0])
        let partials = log.partials.values.flatMap { $0 }
        #expect(partials.count == 2)
        #expect(log.states[0].ecdsa.availablePresignatures(key).isEmpty)
        // Their σ_i went through the log; every replica combined, verified and stored the answer.
        #expect(log.states[0].pending[requestID] == nil)
        #expect(log.states[0].ecdsa.signings.isEmpty)
        let stored = try #require(log.replies.compactMap { reply -> UInt64? in
            if case let .signCompleted(id) = reply { return id } else { return nil }
        }.first)
        #expect(stored == requestID)
        let response = try storedResponse(log, key: key, idempotencyKey: "k1", message: digest)
        #expect(response.status == 200)
        let body = try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
        let compact = try Hex.decode(try #require(body["signature"] as? String))
        let der = try Hex.decode(try #require(body["der"] as? String))
        let recid = try #require(body["recovery_id"] as? Int)
        let fromBody = try ECDSA.Signature(compact: compact)
        #expect(try ECDSA.Signature(der: der) == fromBody)
        #expect(ECDSA.verifyLowS(signature: fromBody, digest: digest, publicKey: groupKey))
        #expect(try ECDSA.recoverPublicKey(digest: digest, signature: fromBody, recoveryId: UInt8(recid)) == groupKey)
        #expect(Hex.encode(try Hex.decode(try #require(body["r"] as? String)) + Hex.decode(try #require(body["s"] as? String))) == Hex.encode(compact))
        // An independent implementation (libsecp256k1 through coincurve) agrees.
        let script = """
        from coincurve import PublicKey
        pk = PublicKey(bytes.fromhex('\(Hex.encode(record.output.groupPublicKey))'))
        print(pk.verify(bytes.fromhex('\(Hex.encode(der))'), bytes.fromhex('\(Hex.encode(digest))'), hasher=None))
        """
        if let lines = PythonOracle.run(script) { #expect(lines == ["True"]) }

        let signature = try ECDSACombiner.combine(pub, digest: digest, partials: partials.map(\.partial))
        #expect(ECDSA.verify(signature: signature.signature, digest: digest, publicKey: groupKey))
        #expect(ECDSA.verifyLowS(signature: signature.signature, digest: digest, publicKey: groupKey))
        #expect(try ECDSA.recoverPublicKey(digest: digest, signature: signature.signature, recoveryId: signature.recoveryId) == groupKey)
        #expect(!ECDSA.verify(signature: signature.signature, digest: SHA256.hash(digest), publicKey: groupKey))

        // Every replica agrees, and the ops alone rebuild the state (no driver).
        #expect(Set(log.states.map { $0.snapshot() }).count == 1)
        var replay = SessionStateMachine()
        for op in log.ops { _ = replay.apply(op) }
        #expect(replay == log.states[0])
        var restored = SessionStateMachine()
        restored.restore(log.states[0].snapshot())
        #expect(restored == log.states[0])

        // The same presignature for a second request: refused by the state machine, and no
        // driver releases anything.
        log.submit(fx.signRequest("wallet-1", message: SHA256.hash(Array("pay 2 BTC".utf8)), idempotencyKey: "k2"))
        let second = try #require(log.states[0].pending.keys.filter { $0 != requestID }.first)
        log.submit(.ecdsa(.presignConsume(keyID: key, sessionID: presign.sessionID, requestID: second)))
        #expect(log.replies.last == .rejected(.presignatureUnavailable))
        #expect(log.partials.values.flatMap { $0 }.count == 2)
        // Also after a snapshot restore (a restored backup): the consumed id stays gone.
        var fromBackup = SessionStateMachine()
        fromBackup.restore(log.states[0].snapshot())
        let op = fx.op(log.clock + 1, .ecdsa(.presignConsume(keyID: key, sessionID: presign.sessionID, requestID: second)))
        #expect(fromBackup.applyCommitted(op).reply == .rejected(.presignatureUnavailable))
        try restartedSignerDiscardsWhatItLost(&log, key: key, waiting: second)
    }

    /// On a copy of the state, with hand-signed entries: a signer that logged its σ_i for a
    /// consumed presignature cannot discard it; another signer can, which sends the request back
    /// to waiting, after which a σ_i for it is refused. A non-party cannot discard.
    func discardRules(_ log: ECDSASimulatedLog, key: KeyID, presignature: ECDSASession, committee: [MemberID]) throws {
        var s = log.states[0]
        var clock = log.clock
        func apply(_ c: SessionCommand) -> SessionReply { clock += 1; return s.applyCommitted(fx.op(clock, c)).reply }
        func node(_ index: Int) -> TestNode { fx.nodes.first { $0.id == committee[index - 1] }! }
        let digest = SHA256.hash(Array("rules".utf8))
        guard case let .signPending(request) = apply(fx.signRequest(key.rawValue, message: digest, idempotencyKey: nil)) else {
            Issue.record("no request"); return
        }
        #expect(apply(.ecdsa(.presignConsume(keyID: key, sessionID: presignature.sessionID, requestID: request))) == .accepted)
        func partial(_ index: Int) -> SessionCommand {
            let n = node(index)
            let unsigned = ECDSACommand.partial(keyID: key, requestID: request, sessionID: presignature.sessionID, member: n.id,
                                                r: [UInt8](repeating: 1, count: 32), sigma: [UInt8](repeating: 2, count: 32), signature: [])
            guard case let .partial(k, q, sid, m, r, sigma, _) = unsigned else { return .tick }
            return .ecdsa(.partial(keyID: k, requestID: q, sessionID: sid, member: m, r: r, sigma: sigma,
                                   signature: n.signing.sign(SessionEntry.signingBytes(.ecdsa(unsigned)))))
        }
        func discard(_ index: Int) -> SessionCommand {
            let n = node(index)
            let unsigned = ECDSACommand.discard(keyID: key, sessionID: presignature.sessionID, member: n.id, signature: [])
            return .ecdsa(.discard(keyID: key, sessionID: presignature.sessionID, member: n.id,
                                   signature: n.signing.sign(SessionEntry.signingBytes(.ecdsa(unsigned)))))
        }
        // The log refuses what the HTTP layer also refuses: an ECDSA key signs a 32-byte digest.
        #expect(apply(fx.signRequest(key.rawValue, message: [1, 2, 3], idempotencyKey: nil)) == .rejected(.invalidECDSAMessage))
        // No member can answer an ECDSA request with a result of its own: only the replicas'
        // combination of the σ_i can.
        let forged = StoredResponse(status: 200, body: Array(#"{"signature":"0x00"}"#.utf8))
        #expect(apply(.signResult(requestID: request, signature: nil, response: forged)) == .rejected(.unknownRequest))
        #expect(s.pending[request] != nil)
        // A consumed request that expires takes its σ_i collection with it (bounded state).
        var expired = s
        _ = expired.applyCommitted(fx.op(clock + 200_000_000, .tick))
        #expect(expired.pending[request] == nil && expired.ecdsa.signings[request] == nil)
        #expect(s.ecdsa.signings[request] != nil)
        #expect(presignature.parties == [2, 3])
        #expect(apply(partial(2)) == .accepted)
        #expect(apply(discard(2)) == .rejected(.duplicate))
        #expect(apply(discard(1)) == .rejected(.notOnCommittee))
        #expect(apply(discard(3)) == .accepted)
        #expect(s.ecdsa.signings[request] == nil && s.pending[request] != nil, "the request waits for another presignature")
        #expect(apply(partial(3)) == .rejected(.unknownRequest))
        #expect(apply(.ecdsa(.presignConsume(keyID: key, sessionID: presignature.sessionID, requestID: request))) == .rejected(.presignatureUnavailable))
    }

    /// A signer restarts (its driver loses every secret): its presignatures leave the pool by its
    /// own signed discard, the waiting request is served with another presignature.
    func restartedSignerDiscardsWhatItLost(_ log: inout ECDSASimulatedLog, key: KeyID, waiting: UInt64) throws {
        for k in 0..<3 { #expect(log.drivers[k].orphanDiscards(state: log.states[k]).isEmpty) }
        // The waiting request is served by the next duty round: refill, then consume.
        for command in ECDSADuties.commands(log.states[0], poolSize: 1) { log.submit(command) }
        let next = try #require(log.states[0].ecdsa.availablePresignatures(key).first)
        #expect(next.parties == [2, 3])
        let committee = log.states[0].keys[key]!.spec.committee
        try discardRules(log, key: key, presignature: next, committee: committee)
        let restarted = try #require(fx.nodes.firstIndex { $0.id == committee[1] })   // committee index 2
        let node = fx.nodes[restarted]
        let pool = SafePrimePool()
        log.drivers[restarted] = ECDSADriver(me: node.id, signingKey: node.signing, primes: pool)
        let discards = log.drivers[restarted].orphanDiscards(state: log.states[restarted])
        #expect(discards.count == 1)
        for (k, driver) in log.drivers.enumerated() where k != restarted {
            var d = driver
            #expect(d.orphanDiscards(state: log.states[k]).isEmpty)
        }
        log.submit(discards[0])
        #expect(log.replies.last == .accepted)
        #expect(log.states[0].ecdsa.availablePresignatures(key).isEmpty)
        log.submit(discards[0])
        #expect(log.replies.last == .rejected(.unknownSession))
        // The next presigning skips nobody: with signers {1, 2} the restarted member cannot start
        // (no share) and discards it; {1, 3} then completes and serves the waiting request.
        for _ in 0..<3 where log.states[0].pending[waiting] != nil {
            for command in ECDSADuties.commands(log.states[0], poolSize: 1) { log.submit(command) }
            for command in log.drivers[restarted].orphanDiscards(state: log.states[restarted]) { log.submit(command) }
        }
        #expect(log.states[0].pending[waiting] == nil, "failures: \(log.failures)")
        let response = try storedResponse(log, key: key, idempotencyKey: "k2", message: SHA256.hash(Array("pay 2 BTC".utf8)))
        #expect(response.status == 200)
    }

    /// A restarted member reads its secp256k1 share and its aux info back from the vault (both
    /// checked against the log) and presigns and signs again in a signer set that includes it;
    /// its unused presignatures stay gone (never sealed).
    @Test func aRestartedSignerRestoresItsKeyFromTheVaultAndSignsAgain() throws {
        var (log, key) = readyKey("wallet-5")
        let record = try #require(log.states[0].keys[key])
        let committee = record.spec.committee
        let restarted = try #require(fx.nodes.firstIndex { $0.id == committee[1] })   // committee index 2
        let share = try #require(log.shares[restarted]?[key])
        let aux = try #require(log.auxInfo[restarted]?[key])
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("thresig-ecdsa-vault-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let vault = ShareVault(vault: try Vault.create(directory: dir, passphrase: SecretBytes(copying: [7]), cost: .minimum))
        try vault.seal(share, keyID: key)
        try vault.sealAuxInfo(aux, keyID: key)

        // A presignature of {1, 2} made before the restart is lost with the process.
        log.submit(.ecdsa(.presignStart(keyID: key, signers: [1, 2])))
        let before = try #require(log.states[0].ecdsa.availablePresignatures(key).first)
        let node = fx.nodes[restarted]
        var fresh = ECDSADriver(me: node.id, signingKey: node.signing, primes: SafePrimePool())
        let restoredShare = try vault.unseal(Secp256k1Group.self, keyID: key, epoch: record.output.epoch, key: record)
        #expect(restoredShare.index == 2 && restoredShare.secret.constantTimeEquals(share.secret))
        fresh.install(restoredShare, key: try #require(NodeEngine.ecdsaKeyPublic(record)), for: key)
        let restoredAux = try vault.unsealAuxInfo(keyID: key, minimumBits: PaillierPublicKey.minimumBits)
        #expect(restoredAux.sessionID == ECDSAState.auxSessionID(keyID: key) && restoredAux.index == 2)
        #expect(restoredAux.parties == aux.parties)
        fresh.install(restoredAux, for: key)
        log.drivers[restarted] = fresh
        let discards = log.drivers[restarted].orphanDiscards(state: log.states[restarted])
        #expect(discards.count == 1)
        for command in discards { log.submit(command) }
        #expect(log.states[0].ecdsa.sessions[before.sessionID] == nil)

        // {1, 2} again, with the restored share and Paillier key: it completes, and signs.
        log.submit(.ecdsa(.presignStart(keyID: key, signers: [1, 2])))
        let after = try #require(log.states[0].ecdsa.availablePresignatures(key).first, "failures: \(log.failures)")
        #expect(after.parties == [1, 2])
        #expect(log.drivers[restarted].heldPresignatures == [after.sessionID])
        let digest = SHA256.hash(Array("after the restart".utf8))
        log.submit(fx.signRequest(key.rawValue, message: digest, idempotencyKey: "r1"))
        let requestID = try #require(log.states[0].pending.keys.first)
        log.submit(.ecdsa(.presignConsume(keyID: key, sessionID: after.sessionID, requestID: requestID)))
        #expect(log.states[0].pending[requestID] == nil, "failures: \(log.failures)")
        let response = try storedResponse(log, key: key, idempotencyKey: "r1", message: digest)
        let body = try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
        let signature = try ECDSA.Signature(compact: try Hex.decode(try #require(body["signature"] as? String)))
        #expect(ECDSA.verifyLowS(signature: signature, digest: digest, publicKey: try Point(sec1: record.output.groupPublicKey)))

        // The share checked against another member's share key is refused (index 1's record).
        let other = try #require(fx.nodes.firstIndex { $0.id == committee[0] })
        let dir2 = dir + "-other"
        defer { try? FileManager.default.removeItem(atPath: dir2) }
        let vault2 = ShareVault(vault: try Vault.create(directory: dir2, passphrase: SecretBytes(copying: [8]), cost: .minimum))
        let wrong = try KeyShare<Secp256k1Group>(epoch: share.epoch, index: 2, secret: try #require(log.shares[other]?[key]).secret)
        try vault2.seal(wrong, keyID: key)
        #expect(throws: ShareVaultError.shareKeyMismatch(keyID: key.rawValue)) {
            try vault2.unseal(Secp256k1Group.self, keyID: key, epoch: record.output.epoch, key: record)
        }
    }

    /// A signer that missed the consumption of a presignature it holds (the ops reached it by a
    /// state transfer, not by applying them) would never release its σ_i: the resync burns what
    /// it held, it discards the consumed presignature through the log, the request goes back to
    /// waiting, and a fresh presignature serves it.
    @Test func aSignerThatSkippedAConsumptionDiscardsItAfterAStateTransfer() throws {
        var (log, key) = readyKey("wallet-6")
        let committee = try #require(log.states[0].keys[key]).spec.committee
        let k = try #require(fx.nodes.firstIndex { $0.id == committee[1] })   // committee index 2
        log.submit(.ecdsa(.presignStart(keyID: key, signers: [1, 2])))
        let first = try #require(log.states[0].ecdsa.availablePresignatures(key).first)
        #expect(log.drivers[k].heldPresignatures == [first.sessionID])
        log.down.insert(k)
        let digest = SHA256.hash(Array("skipped".utf8))
        log.submit(fx.signRequest(key.rawValue, message: digest, idempotencyKey: "t1"))
        let requestID = try #require(log.states[0].pending.keys.first)
        log.submit(.ecdsa(.presignConsume(keyID: key, sessionID: first.sessionID, requestID: requestID)))
        #expect(log.states[0].ecdsa.signings[requestID]?.partials.count == 1, "only the live signer's σ_i")

        // The state transfer: node k takes the state and drops what it held.
        log.down.remove(k)
        var transferred = SessionStateMachine()
        transferred.restore(log.states[0].snapshot())
        log.states[k] = transferred
        log.drivers[k].dropSessionsInFlight()
        #expect(log.drivers[k].heldPresignatures.isEmpty)
        let discards = log.drivers[k].orphanDiscards(state: log.states[k])
        #expect(discards.count == 1)
        for command in discards { log.submit(command) }
        #expect(log.replies.last == .accepted)
        #expect(log.states[0].ecdsa.signings[requestID] == nil && log.states[0].pending[requestID] != nil, "back to waiting")

        log.submit(.ecdsa(.presignStart(keyID: key, signers: [1, 2])))
        let second = try #require(log.states[0].ecdsa.availablePresignatures(key).first, "failures: \(log.failures)")
        log.submit(.ecdsa(.presignConsume(keyID: key, sessionID: second.sessionID, requestID: requestID)))
        #expect(log.states[0].pending[requestID] == nil, "failures: \(log.failures)")
        let response = try storedResponse(log, key: key, idempotencyKey: "t1", message: digest)
        #expect(response.status == 200)
    }

    /// CGGMP21 steps leave the driver as jobs (the node runs them on worker threads): while a
    /// job is out its session is not orphaned, and a result that comes back after the session
    /// was abandoned, or after a state transfer dropped it, changes nothing.
    @Test func jobsRunOutsideTheDriverAndLateResultsAreDropped() throws {
        let (log, key) = readyKey("wallet-7")
        let committee = try #require(log.states[0].keys[key]).spec.committee
        let k = try #require(fx.nodes.firstIndex { $0.id == committee[0] })   // committee index 1
        var state = log.states[k]
        var driver = log.drivers[k]
        var clock = log.clock
        func apply(_ command: SessionCommand, after millis: UInt64 = 1) -> [SessionEvent] {
            clock += millis
            return state.applyCommitted(fx.op(clock, command)).events
        }
        let out = driver.handle(apply(.ecdsa(.presignStart(keyID: key, signers: [1, 2]))), state: state)
        #expect(out.jobs.count == 1 && out.commands.isEmpty, "round 1's proofs are a job, not done in place")
        let job = try #require(out.jobs.first)
        let started = state
        #expect(driver.orphanDiscards(state: state).isEmpty, "a session with a job out is not orphaned")
        // In time: the presigner comes back and its round-1 entry is emitted.
        var copy = driver
        let inTime = copy.complete(job.run(), state: state)
        #expect(inTime.commands.count == 1 && inTime.failures.isEmpty)
        // Abandoned meanwhile (stalled past the timeout at the next start): dropped.
        var late = driver
        let events = apply(.ecdsa(.presignStart(keyID: key, signers: [1, 2])), after: ECDSAState.presignTimeoutMillis + 1)
        #expect(events.contains(.ecdsa(.sessionAbandoned(sessionID: job.sessionID))))
        _ = late.handle(events, state: state)
        let dropped = late.complete(job.run(), state: state)
        #expect(dropped.commands.isEmpty && dropped.jobs.isEmpty && dropped.failures.isEmpty)
        // Dropped at a state transfer (the session itself still runs): the same.
        var transferred = driver
        transferred.dropSessionsInFlight()
        #expect(transferred.complete(job.run(), state: started).commands.isEmpty)
        #expect(transferred.orphanDiscards(state: started).count == 1, "and it is now an orphan to discard")
    }

    /// A consumed presignature whose signer never logs its σ_i (down for good) is given up after
    /// ``ECDSAState/signingTimeoutMillis`` of log time: the request goes back to waiting, every
    /// signer drops the presignature, and another presignature serves the request.
    @Test func aSigningWhoseSignerNeverAnswersIsGivenUpInLogTime() throws {
        var (log, key) = readyKey("wallet-8")
        let committee = try #require(log.states[0].keys[key]).spec.committee
        let down = try #require(fx.nodes.firstIndex { $0.id == committee[1] })   // committee index 2
        let ref = try #require(log.states.indices.first { $0 != down })            // a node that stays up
        for signers in [[1, 2], [1, 2], [1, 3]] { log.submit(.ecdsa(.presignStart(keyID: key, signers: signers))) }
        let pool = log.states[ref].ecdsa.availablePresignatures(key)
        #expect(pool.map(\.parties) == [[1, 2], [1, 2], [1, 3]], "failures: \(log.failures)")
        let first = try #require(pool.first)
        log.down.insert(down)
        let digest = SHA256.hash(Array("timeout".utf8))
        log.submit(fx.signRequest(key.rawValue, message: digest, idempotencyKey: "d1"))
        let requestID = try #require(log.states[ref].pending.keys.first)
        let before = log.clock
        log.submit(.ecdsa(.presignConsume(keyID: key, sessionID: first.sessionID, requestID: requestID)))
        let signing = try #require(log.states[ref].ecdsa.signings[requestID])
        #expect(signing.partials.count == 1 && signing.consumedAtMillis == before + 1)
        let due = signing.consumedAtMillis + ECDSAState.signingTimeoutMillis
        #expect(!log.states[ref].hasECDSADeadlineDue(now: due - 1))
        #expect(log.states[ref].hasECDSADeadlineDue(now: due))
        // The open signing survives a snapshot with its consumption time.
        var restored = SessionStateMachine()
        restored.restore(log.states[ref].snapshot())
        #expect(restored == log.states[ref])
        // A snapshot written before consumption times were kept (its trailing section cut):
        // the signing reads with no deadline, the same on every replica.
        var legacy = SessionStateMachine()
        legacy.restore(Array(log.states[ref].snapshot().dropLast(8)))
        #expect(legacy.ecdsa.signings[requestID]?.consumedAtMillis == .max)
        #expect(!legacy.hasECDSADeadlineDue(now: .max - 1))

        // Not yet due: a tick changes nothing. Due: the signing is given up.
        log.clock = due - 2
        log.submit(.tick)
        #expect(log.states[ref].ecdsa.signings[requestID] != nil)
        log.submit(.tick)
        #expect(log.states[ref].ecdsa.signings[requestID] == nil && log.states[ref].pending[requestID] != nil, "back to waiting")
        // The other presignature that needs the silent signer went with it; {1, 3} stays.
        #expect(log.states[ref].ecdsa.availablePresignatures(key).map(\.parties) == [[1, 3]])
        // A σ_i the silent signer logs now, for the given-up presignature, is refused.
        let silent = fx.nodes[down]
        let late = ECDSACommand.partial(keyID: key, requestID: requestID, sessionID: first.sessionID, member: silent.id,
                                        r: [UInt8](repeating: 1, count: 32), sigma: [UInt8](repeating: 2, count: 32), signature: [])
        log.submit(.ecdsa(.partial(keyID: key, requestID: requestID, sessionID: first.sessionID, member: silent.id,
                                   r: [UInt8](repeating: 1, count: 32), sigma: [UInt8](repeating: 2, count: 32),
                                   signature: silent.signing.sign(SessionEntry.signingBytes(.ecdsa(late))))))
        #expect(log.replies.last == .rejected(.unknownRequest))

        // The down node catches up by a state transfer (it drops what it held).
        log.down.remove(down)
        log.states[down] = log.states[ref]
        log.drivers[down].dropSessionsInFlight()
        log.submit(.ecdsa(.presignStart(keyID: key, signers: [1, 2])))
        let second = try #require(log.states[ref].ecdsa.availablePresignatures(key).first, "failures: \(log.failures)")
        #expect(second.sessionID != first.sessionID)
        log.submit(.ecdsa(.presignConsume(keyID: key, sessionID: second.sessionID, requestID: requestID)))
        #expect(log.states[ref].pending[requestID] == nil, "failures: \(log.failures)")
        let response = try storedResponse(log, node: ref, key: key, idempotencyKey: "d1", message: digest)
        #expect(response.status == 200)
    }

    /// A signer logs a wrong σ_i: the state machine answers `signing-failed` (nothing invalid is
    /// ever output) and every signer, holding the presignature's public part, names it
    /// (σ_j·Γ ≠ m·Δ_j + r·S_j).
    @Test func aWrongSigmaIsAnsweredSigningFailedAndItsSignerNamed() throws {
        var (log, key) = readyKey("wallet-9")
        let committee = try #require(log.states[0].keys[key]).spec.committee
        let cheater = try #require(fx.nodes.firstIndex { $0.id == committee[1] })   // committee index 2
        let honest = try #require(fx.nodes.firstIndex { $0.id == committee[0] })    // committee index 1
        log.submit(.ecdsa(.presignStart(keyID: key, signers: [1, 2])))
        let presignature = try #require(log.states[honest].ecdsa.availablePresignatures(key).first)
        let cheaterKey = fx.nodes[cheater].signing
        log.tamper = { node, command in
            guard node == cheater, case let .ecdsa(.partial(k, q, s, m, r, sigma, _)) = command else { return command }
            var bad = sigma
            bad[31] ^= 1
            let unsigned = ECDSACommand.partial(keyID: k, requestID: q, sessionID: s, member: m, r: r, sigma: bad, signature: [])
            return .ecdsa(.partial(keyID: k, requestID: q, sessionID: s, member: m, r: r, sigma: bad,
                                   signature: cheaterKey.sign(SessionEntry.signingBytes(.ecdsa(unsigned)))))
        }
        let digest = SHA256.hash(Array("wrong sigma".utf8))
        log.submit(fx.signRequest(key.rawValue, message: digest, idempotencyKey: "w1"))
        let requestID = try #require(log.states[honest].pending.keys.first)
        log.submit(.ecdsa(.presignConsume(keyID: key, sessionID: presignature.sessionID, requestID: requestID)))
        let response = try storedResponse(log, node: honest, key: key, idempotencyKey: "w1", message: digest)
        #expect(response.status == 500)
        #expect(String(decoding: response.body, as: UTF8.self).contains("urn:thresig:problem:signing-failed"))
        for k in [honest, cheater] {
            let named = try #require(log.blamed[k]?.first)
            #expect(named.requestID == requestID && named.index == 2, "node \(k)")
        }
        let bystander = try #require(fx.nodes.firstIndex { $0.id == committee[2] })
        #expect(log.blamed[bystander, default: []].isEmpty, "a non-signer holds nothing to check with")
    }

    /// Makes the entry of `round` of `key`'s third committee member one the log refuses (a round
    /// that does not exist, signed by it), as if it never arrived; returns that member's node.
    func losingRound(_ round: UInt8, of key: KeyID, in log: inout ECDSASimulatedLog) throws -> Int {
        let committee = try #require(Rendezvous.committee(keyID: key.bytes, size: 3, members: fx.memberIDs))
        let lost = try #require(fx.nodes.firstIndex { $0.id == committee[2] })
        let signingKey = fx.nodes[lost].signing
        log.tamper = { node, command in
            guard node == lost, case let .ecdsa(.round(k, sid, m, r, payload, _)) = command, r == round else { return command }
            let unsigned = ECDSACommand.round(keyID: k, sessionID: sid, member: m, round: 9, payload: payload, signature: [])
            return .ecdsa(.round(keyID: k, sessionID: sid, member: m, round: 9, payload: payload,
                                 signature: signingKey.sign(SessionEntry.signingBytes(.ecdsa(unsigned)))))
        }
        return lost
    }

    /// A member sealed its aux info but its acknowledgement never reached the log (killed in
    /// between): after the restart, its aux info restored from the vault, it sends the
    /// acknowledgement again and the session completes; it does so once.
    @Test func aRestartedMemberReacknowledgesAuxInfoTheLogIsWaitingFor() throws {
        var log = ECDSASimulatedLog(fx)
        log.submit(.genesis(members: fx.nodes.map(\.logged), idempotencyTTLMillis: 60_000))
        let key = KeyID("wallet-10")!
        // Its round-4 entry never arrives.
        let lost = try losingRound(4, of: key, in: &log)
        log.submit(ecdsaStart("wallet-10", t: 2, n: 3))
        log.tamper = nil
        #expect(!log.states[0].ecdsa.isAuxReady(key), "the session waits for the lost acknowledgement")
        let info = try #require(log.auxInfo[lost]?[key], "it had finished aux-info (and sealed it)")
        #expect(log.drivers[lost].pendingAuxAcks(state: log.states[lost]).isEmpty, "not before a restart: it acknowledged")

        let node = fx.nodes[lost]
        var fresh = ECDSADriver(me: node.id, signingKey: node.signing, primes: SafePrimePool())
        fresh.install(info, for: key)
        let acks = fresh.pendingAuxAcks(state: log.states[lost])
        #expect(acks.count == 1)
        #expect(fresh.pendingAuxAcks(state: log.states[lost]).isEmpty, "once")
        log.drivers[lost] = fresh
        for command in acks { log.submit(command) }
        #expect(log.states[0].ecdsa.isAuxReady(key), "failures: \(log.failures)")
    }

    /// An aux-info run that cannot finish (a member's commitment never reaches the log: down,
    /// or killed with its Paillier key) is abandoned at its deadline in log time and a new
    /// attempt starts over all members with fresh primes; the key then presigns, and only with
    /// the completed attempt's aux info.
    @Test func anAuxInfoRunThatCannotFinishIsRestartedAtItsDeadline() throws {
        var log = ECDSASimulatedLog(fx, primesPerNode: 4)
        log.submit(.genesis(members: fx.nodes.map(\.logged), idempotencyTTLMillis: 60_000))
        let key = KeyID("wallet-11")!
        _ = try losingRound(1, of: key, in: &log)
        log.submit(ecdsaStart("wallet-11", t: 2, n: 3))
        log.tamper = nil
        let first = try #require(log.states[0].ecdsa.auxSession(key))
        #expect(first.number == 0 && first.round == 1 && !first.isComplete)
        let deadline = first.startedAtMillis + ECDSAState.auxInfoTimeoutMillis
        #expect(!log.states[0].hasECDSADeadlineDue(now: deadline - 1))
        #expect(log.states[0].hasECDSADeadlineDue(now: deadline))
        log.submit(.ecdsa(.presignStart(keyID: key, signers: [1, 2])))
        #expect(log.replies.last == .rejected(.auxInfoNotReady))

        log.clock = deadline - 2
        log.submit(.tick)
        #expect(log.states[0].ecdsa.auxSession(key)?.number == 0, "not yet")
        log.submit(.tick)
        let second = try #require(log.states[0].ecdsa.auxSession(key))
        #expect(second.number == 1 && second.sessionID == ECDSAState.auxSessionID(keyID: key, attempt: 1))
        #expect(second.isComplete, "failures: \(log.failures)")
        #expect(log.states[0].ecdsa.sessions[first.sessionID] == nil)
        #expect(log.states[0].ecdsa.isAuxReady(key))
        for k in 0..<3 { #expect(log.auxInfo[k]?[key]?.sessionID == second.sessionID, "node \(k)") }
        #expect(ECDSAState.auxAttempt(of: second.sessionID, keyID: key) == 1)
        #expect(ECDSAState.auxAttempt(of: second.sessionID, keyID: KeyID("wallet-12")!) == nil)
        // Every replica agrees, and the ops alone rebuild the state.
        var replay = SessionStateMachine()
        for op in log.ops { _ = replay.apply(op) }
        #expect(replay == log.states[0])

        log.submit(.ecdsa(.presignStart(keyID: key, signers: [1, 3])))
        #expect(log.states[0].ecdsa.availablePresignatures(key).count == 1, "failures: \(log.failures)")
    }

    @Test func aMemberWithoutPrimesJoinsAuxInfoOnceItsGeneratorDelivers() throws {
        var log = ECDSASimulatedLog(fx, emptyPools: [1])
        log.submit(.genesis(members: fx.nodes.map(\.logged), idempotencyTTLMillis: 60_000))
        log.submit(ecdsaStart("wallet-4", t: 2, n: 3))
        let key = KeyID("wallet-4")!
        #expect(log.states[0].keys[key] != nil)
        #expect(!log.states[0].ecdsa.isAuxReady(key), "node 2 has no primes yet: aux-info waits for its commitment")
        // Its generator runs on another thread; poll (bounded) until it delivered both primes.
        let deadline = ContinuousClock.now + .seconds(60)
        while log.pools[1].count < 2, ContinuousClock.now < deadline { Thread.sleep(forTimeInterval: 0.01) }
        #expect(log.pools[1].count == 2)
        let started = log.drivers[1].startWaitingAuxInfo(state: log.states[1])
        #expect(started.jobs.count == 1 && started.commands.isEmpty, "the commitment is made off the caller's thread")
        let waiting = log.drivers[1].runInline(started, state: log.states[1]).commands
        #expect(waiting.count == 1)
        for command in waiting { log.submit(command) }
        #expect(log.states[0].ecdsa.isAuxReady(key), "failures: \(log.failures)")
        #expect(log.pools[1].count == 0)
    }

    @Test func presigningWaitsForAuxInfoAndRefusesStrangers() throws {
        var log = ECDSASimulatedLog(fx)
        log.submit(.genesis(members: fx.nodes.map(\.logged), idempotencyTTLMillis: 60_000))
        // A BLS key cannot presign.
        log.submit(fx.ceremonyStart("bls-1", t: 2, n: 3))
        log.submit(.ecdsa(.presignStart(keyID: KeyID("bls-1")!, signers: [1, 2])))
        #expect(log.replies.last == .rejected(.auxInfoNotReady))
        // An ECDSA key whose aux-info cannot finish (one member down) cannot either.
        log.down = [2]
        log.submit(ecdsaStart("wallet-2", t: 2, n: 3))
        let key = KeyID("wallet-2")!
        var ticks = 0
        while log.states[0].keys[key] == nil, ticks < 10 {
            log.clock += 10_000
            log.submit(.tick)
            ticks += 1
        }
        #expect(log.states[0].keys[key] != nil)
        #expect(!log.states[0].ecdsa.isAuxReady(key))
        log.submit(.ecdsa(.presignStart(keyID: key, signers: [1, 2])))
        #expect(log.replies.last == .rejected(.auxInfoNotReady))
    }

    @Test func roundEntriesAreCheckedOnPublicData() throws {
        var (log, key) = readyKey("wallet-3")
        log.submit(.ecdsa(.presignStart(keyID: key, signers: [1, 3])))
        let session = try #require(log.states[0].ecdsa.availablePresignatures(key).first)
        var state = log.states[0]
        let index = log.states[0].keys[key]!.spec
        let member = index.committee[1] // committee index 2: not a signer of {1, 3}
        let node = fx.nodes.first { $0.id == member }!
        func signed(_ c: ECDSACommand, by n: TestNode) -> SessionCommand {
            guard case let .round(k, s, m, r, p, _) = c else { return .ecdsa(c) }
            let sig = n.signing.sign(SessionEntry.signingBytes(.ecdsa(.round(keyID: k, sessionID: s, member: m, round: r, payload: p, signature: []))))
            return .ecdsa(.round(keyID: k, sessionID: s, member: m, round: r, payload: p, signature: sig))
        }
        let empty = ECDSARoundPayload(messages: [:]).encoded()
        // A non-signer's message; an unknown session; a forged signature; a malformed payload.
        let stranger = signed(.round(keyID: key, sessionID: session.sessionID, member: member, round: 4, payload: empty, signature: []), by: node)
        #expect(state.applyCommitted(fx.op(log.clock + 1, stranger)).reply == .rejected(.notOnCommittee))
        let signer = fx.nodes.first { $0.id == index.committee[0] }!
        let unknown = signed(.round(keyID: key, sessionID: [UInt8](repeating: 7, count: 32), member: signer.id, round: 1, payload: empty, signature: []), by: signer)
        #expect(state.applyCommitted(fx.op(log.clock + 2, unknown)).reply == .rejected(.unknownSession))
        // A presigning the drivers do not answer (applied to a copy of the state only).
        state = log.states[0]
        log.clock += 1
        _ = state.applyCommitted(fx.op(log.clock, .ecdsa(.presignStart(keyID: key, signers: [1, 3]))))
        let fresh = try #require(state.ecdsa.runningPresignings(key).first)
        #expect(fresh.round == 1 && fresh.parties == [1, 3])
        let forged = ECDSACommand.round(keyID: key, sessionID: fresh.sessionID, member: signer.id, round: 1, payload: empty,
                                        signature: [UInt8](repeating: 1, count: 64))
        #expect(state.applyCommitted(fx.op(log.clock + 1, .ecdsa(forged))).reply == .rejected(.badSignature))
        // Round 1 of presigning must carry one PresignRound1 for each other signer.
        let wrongShape = signed(.round(keyID: key, sessionID: fresh.sessionID, member: signer.id, round: 1, payload: empty, signature: []), by: signer)
        #expect(state.applyCommitted(fx.op(log.clock + 2, wrongShape)).reply == .rejected(.invalidECDSAMessage))
        let garbage = ECDSARoundPayload(messages: [3: [1, 2, 3]]).encoded()
        let bad = signed(.round(keyID: key, sessionID: fresh.sessionID, member: signer.id, round: 1, payload: garbage, signature: []), by: signer)
        #expect(state.applyCommitted(fx.op(log.clock + 3, bad)).reply == .rejected(.invalidECDSAMessage))
        // Wrong round.
        let early = signed(.round(keyID: key, sessionID: fresh.sessionID, member: signer.id, round: 2, payload: garbage, signature: []), by: signer)
        #expect(state.applyCommitted(fx.op(log.clock + 4, early)).reply == .rejected(.wrongPhase))
    }

    @Test func ecdsaEntriesRoundTripAndRefuseNonCanonicalForms() throws {
        let key = KeyID("k")!
        let commands: [SessionCommand] = [
            .ecdsa(.presignStart(keyID: key, signers: [1, 3])),
            .ecdsa(.presignConsume(keyID: key, sessionID: [UInt8](repeating: 9, count: 32), requestID: 42)),
            .ecdsa(.round(keyID: key, sessionID: [UInt8](repeating: 9, count: 32), member: fx.memberIDs[0], round: 2,
                          payload: [1, 2], signature: [UInt8](repeating: 5, count: 64))),
        ]
        for c in commands {
            let bytes = SessionEntry(timestampMillis: 3, command: c).encoded()
            #expect(try SessionEntry.decode(bytes).command == c)
            #expect(throws: SessionDecodingError.self) { try SessionEntry.decode(bytes + [0]) }
            #expect(throws: SessionDecodingError.self) { try SessionEntry.decode(Array(bytes.dropLast())) }
        }
        // Signers not ascending, a single signer, round 0 or 5.
        for bad in [SessionCommand.ecdsa(.presignStart(keyID: key, signers: [3, 1])), .ecdsa(.presignStart(keyID: key, signers: [1, 1])),
                    .ecdsa(.presignStart(keyID: key, signers: [2])),
                    .ecdsa(.round(keyID: key, sessionID: [UInt8](repeating: 9, count: 32), member: fx.memberIDs[0], round: 5,
                                  payload: [], signature: [UInt8](repeating: 5, count: 64)))] {
            #expect(throws: SessionDecodingError.self) { try SessionEntry.decode(SessionEntry(timestampMillis: 3, command: bad).encoded()) }
        }
        // Payload framing: recipients strictly ascending.
        #expect(throws: SessionDecodingError.self) { try ECDSARoundPayload.decode([0, 2, 0, 3, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0]) }
        #expect(try ECDSARoundPayload.decode(ECDSARoundPayload(messages: [2: [1], 3: []]).encoded()).messages == [2: [1], 3: []])
    }
}
