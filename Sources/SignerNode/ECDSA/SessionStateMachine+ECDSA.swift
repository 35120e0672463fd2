import Membership
import Primitives
import ThresholdECDSA

/// Threshold ECDSA in the replicated state machine (docs/protocols/cggmp21.md, "In the node").
/// As for GJKR, every check here uses public data only — the entry's signature, the session,
/// the round, and that each message decodes as the round's message type for the right
/// recipients — so every replica accepts exactly the same entries; the zero-knowledge proofs are
/// verified by their recipients' drivers, which refuse to acknowledge a session that failed.
extension SessionStateMachine {
    mutating func applyECDSA(_ command: ECDSACommand, _ events: inout [SessionEvent]) -> Result<SessionReply, SessionRejection> {
        switch command {
        case let .round(keyID, sessionID, member, round, payload, signature):
            return ecdsaRound(keyID: keyID, sessionID: sessionID, member: member, round: round, payload: payload,
                              signature: signature, command: .ecdsa(command), &events)
        case let .presignStart(keyID, signers):
            return presignStart(keyID: keyID, signers: signers, &events)
        case let .presignConsume(keyID, sessionID, requestID):
            return presignConsume(keyID: keyID, sessionID: sessionID, requestID: requestID, &events)
        case let .partial(keyID, requestID, sessionID, member, r, sigma, signature):
            return ecdsaPartial(keyID: keyID, requestID: requestID, sessionID: sessionID, member: member, r: r, sigma: sigma,
                                signature: signature, command: .ecdsa(command), &events)
        case let .discard(keyID, sessionID, member, signature):
            return discard(keyID: keyID, sessionID: sessionID, member: member, signature: signature, command: .ecdsa(command), &events)
        }
    }

    /// Gives up the signings open for ``ECDSAState/signingTimeoutMillis`` of log time: the
    /// presignature is burnt (every signer drops it on `sessionAbandoned`), the request goes back
    /// to waiting and the primary consumes another presignature for it. The key's complete
    /// presignatures that need a signer which stayed silent go too: otherwise each would be
    /// consumed in turn and cost the request another deadline. A σ_i logged late for the
    /// given-up presignature is refused (it names that presignature). Run on every op, like the
    /// ceremony deadlines; the primary appends a `tick` when one falls due.
    mutating func expireECDSASignings(_ events: inout [SessionEvent]) {
        for id in ecdsa.signings.keys.sorted() {
            let signing = ecdsa.signings[id]!
            guard let due = Self.signingDue(signing), clockMillis >= due else { continue }
            ecdsa.signings[id] = nil
            events.append(.ecdsa(.sessionAbandoned(sessionID: signing.sessionID)))
            let silent = Set(signing.signers).subtracting(signing.partials.keys)
            guard let keyID = pending[id]?.keyID else { continue }
            for presignature in ecdsa.availablePresignatures(keyID) where !silent.isDisjoint(with: presignature.parties) {
                ecdsa.sessions[presignature.sessionID] = nil
                events.append(.ecdsa(.sessionAbandoned(sessionID: presignature.sessionID)))
            }
        }
    }

    /// When `signing` falls due; nil for none (a signing read from a snapshot written before
    /// consumption times were kept: its time is unknown, and guessing one would let replicas that
    /// restored from different checkpoints disagree on when it expires).
    static func signingDue(_ signing: ECDSASigning) -> UInt64? {
        let (due, overflow) = signing.consumedAtMillis.addingReportingOverflow(ECDSAState.signingTimeoutMillis)
        return overflow ? nil : due
    }

    /// Abandons each aux-info run still open ``ECDSAState/auxInfoTimeoutMillis`` after it started
    /// — a member down, or one that lost its part (killed mid-run, or caught up by a state
    /// transfer) — and starts the next attempt over all n members at once: each member takes
    /// fresh Paillier primes and joins; the key presigns once an attempt completes. Run on every
    /// op; the primary appends a `tick` when one falls due.
    mutating func expireAuxInfo(_ events: inout [SessionEvent]) {
        let due = ecdsa.sessions.values.filter { session in Self.auxDue(session).map { clockMillis >= $0 } ?? false }
            .sorted { $0.keyID < $1.keyID }
        for stale in due {
            ecdsa.sessions[stale.sessionID] = nil
            events.append(.ecdsa(.sessionAbandoned(sessionID: stale.sessionID)))
            let attempt = stale.number + 1
            let id = ECDSAState.auxSessionID(keyID: stale.keyID, attempt: attempt)
            ecdsa.sessions[id] = ECDSASession(sessionID: id, keyID: stale.keyID, kind: .auxInfo, number: attempt,
                                              parties: stale.parties, startedAtMillis: clockMillis, round: 1, sent: [])
            events.append(.ecdsa(.sessionStarted(sessionID: id)))
        }
    }

    /// Whether an ECDSA deadline (a signing, an aux-info run) falls due by `now` (the primary's
    /// clock): then it appends a `tick`, so that the deadline passes even on an idle log.
    public func hasECDSADeadlineDue(now: UInt64) -> Bool {
        ecdsa.signings.values.contains { Self.signingDue($0).map { now >= $0 } ?? false }
            || ecdsa.sessions.values.contains { Self.auxDue($0).map { now >= $0 } ?? false }
    }

    /// When a running aux-info session falls due; nil for any other session.
    static func auxDue(_ session: ECDSASession) -> UInt64? {
        guard session.kind == .auxInfo, !session.isComplete else { return nil }
        let (deadline, overflow) = session.startedAtMillis.addingReportingOverflow(ECDSAState.auxInfoTimeoutMillis)
        return overflow ? nil : deadline
    }

    /// Opens the aux-info session of a freshly registered ECDSA key (all n committee members).
    mutating func startAuxInfo(_ spec: KeySpec, _ events: inout [SessionEvent]) {
        let id = ECDSAState.auxSessionID(keyID: spec.keyID)
        ecdsa.sessions[id] = ECDSASession(sessionID: id, keyID: spec.keyID, kind: .auxInfo, number: 0,
                                          parties: Array(1...spec.n), startedAtMillis: clockMillis, round: 1, sent: [])
        events.append(.ecdsa(.sessionStarted(sessionID: id)))
    }

    mutating func presignStart(keyID: KeyID, signers: [Int], _ events: inout [SessionEvent]) -> Result<SessionReply, SessionRejection> {
        guard let key = keys[keyID] else { return .failure(ceremonies[keyID] != nil ? .keyNotReady : .unknownKey) }
        guard key.scheme == .ecdsaSecp256k1, ecdsa.isAuxReady(keyID) else { return .failure(.auxInfoNotReady) }
        guard signers.count >= key.t, signers.allSatisfy({ (1...key.n).contains($0) }) else { return .failure(.invalidCommittee) }
        for stalled in ecdsa.stalledPresignings(keyID, now: clockMillis) {
            ecdsa.sessions[stalled.sessionID] = nil
            events.append(.ecdsa(.sessionAbandoned(sessionID: stalled.sessionID)))
        }
        let number = ecdsa.nextPresignNumber
        ecdsa.nextPresignNumber += 1
        let id = ECDSAState.presignSessionID(keyID: keyID, number: number)
        ecdsa.sessions[id] = ECDSASession(sessionID: id, keyID: keyID, kind: .presign, number: number, parties: signers,
                                          startedAtMillis: clockMillis, round: 1, sent: [])
        events.append(.ecdsa(.sessionStarted(sessionID: id)))
        return .success(.accepted)
    }

    mutating func presignConsume(keyID: KeyID, sessionID: [UInt8], requestID: UInt64,
                                 _ events: inout [SessionEvent]) -> Result<SessionReply, SessionRejection> {
        guard let request = pending[requestID], request.keyID == keyID else { return .failure(.unknownRequest) }
        // Unknown covers "consumed before": a consumed session is removed and its number never
        // comes back.
        guard let session = ecdsa.sessions[sessionID], session.keyID == keyID, session.kind == .presign, session.isComplete else {
            return .failure(.presignatureUnavailable)
        }
        guard request.message.count == 32 else { return .failure(.invalidECDSAMessage) }
        // One presignature per request: a failover's second consume for it is refused.
        guard ecdsa.signings[requestID] == nil else { return .failure(.duplicate) }
        ecdsa.sessions[sessionID] = nil
        ecdsa.signings[requestID] = ECDSASigning(requestID: requestID, sessionID: sessionID, signers: session.parties, partials: [:],
                                                 consumedAtMillis: clockMillis)
        events.append(.ecdsa(.presignConsumed(sessionID: session.sessionID, requestID: requestID)))
        return .success(.accepted)
    }

    mutating func ecdsaRound(keyID: KeyID, sessionID: [UInt8], member: MemberID, round: UInt8, payload: [UInt8], signature: [UInt8],
                             command: SessionCommand, _ events: inout [SessionEvent]) -> Result<SessionReply, SessionRejection> {
        guard var session = ecdsa.sessions[sessionID], session.keyID == keyID, let key = keys[keyID] else { return .failure(.unknownSession) }
        guard let index = key.spec.index(of: member), session.parties.contains(index), let logged = self.member(member) else {
            return .failure(.notOnCommittee)
        }
        guard Ed25519.verify(signature: signature, message: SessionEntry.signingBytes(command), publicKey: logged.ed25519PublicKey) else {
            return .failure(.badSignature)
        }
        guard round == session.round else { return .failure(.wrongPhase) }
        guard !session.sent.contains(index) else { return .failure(.duplicate) }
        guard Self.roundPayloadFits(payload, kind: session.kind, round: round, sender: index, parties: session.parties) else {
            return .failure(.invalidECDSAMessage)
        }
        session.sent.insert(index)
        events.append(.ecdsa(.roundMessage(sessionID: sessionID, from: index, round: round, payload: payload)))
        if session.sent.count == session.parties.count {
            session.round += 1
            session.sent = []
            events.append(.ecdsa(session.isComplete ? .sessionComplete(sessionID: sessionID) : .roundClosed(sessionID: sessionID, round: round)))
        }
        ecdsa.sessions[sessionID] = session
        return .success(.accepted)
    }

    /// Whether a round payload has the round's shape: aux-info rounds 1–2 one broadcast
    /// (commitment, then reveal), round 3 one Πmod/Πfac message per other party; presigning
    /// rounds 1–3 one message per other party; round 4 (acknowledgement) empty. Each message
    /// must decode as its type.
    static func roundPayloadFits(_ payload: [UInt8], kind: ECDSASession.Kind, round: UInt8, sender: Int, parties: [Int]) -> Bool {
        guard let p = try? ECDSARoundPayload.decode(payload) else { return false }
        let others = parties.filter { $0 != sender }
        let broadcast = kind == .auxInfo && round <= 2
        let expected: [Int] = round == rounds ? [] : broadcast ? [0] : others
        guard p.messages.keys.sorted() == expected else { return false }
        for bytes in p.messages.values {
            let ok: Bool
            switch (kind, round) {
            case (.auxInfo, 1): ok = (try? AuxInfoCommit.decode(bytes)) != nil
            case (.auxInfo, 2): ok = (try? AuxInfoReveal.decode(bytes)) != nil
            case (.auxInfo, 3): ok = (try? AuxInfoProofs.decode(bytes)) != nil
            case (.presign, 1): ok = (try? PresignRound1.decode(bytes)) != nil
            case (.presign, 2): ok = (try? PresignRound2.decode(bytes)) != nil
            case (.presign, 3): ok = (try? PresignRound3.decode(bytes)) != nil
            default: ok = false
            }
            guard ok else { return false }
        }
        return true
    }

    static var rounds: UInt8 { ECDSAState.rounds }
}

extension SessionStateMachine {
    mutating func ecdsaPartial(keyID: KeyID, requestID: UInt64, sessionID: [UInt8], member: MemberID, r: [UInt8], sigma: [UInt8],
                               signature: [UInt8], command: SessionCommand, _ events: inout [SessionEvent]) -> Result<SessionReply, SessionRejection> {
        guard var signing = ecdsa.signings[requestID], let request = pending[requestID], request.keyID == keyID,
              let key = keys[keyID] else { return .failure(.unknownRequest) }
        // σ_i of a presignature the request no longer uses (discarded, then another consumed).
        guard signing.sessionID == sessionID else { return .failure(.unknownSession) }
        guard let index = key.spec.index(of: member), signing.signers.contains(index), let logged = self.member(member) else {
            return .failure(.notOnCommittee)
        }
        guard Ed25519.verify(signature: signature, message: SessionEntry.signingBytes(command), publicKey: logged.ed25519PublicKey) else {
            return .failure(.badSignature)
        }
        guard signing.partials[index] == nil else { return .failure(.duplicate) }
        signing.partials[index] = r + sigma
        guard signing.partials.count == signing.signers.count else {
            ecdsa.signings[requestID] = signing
            return .success(.accepted)
        }
        // Every σ_i is in: combine and verify here, on every replica alike (CGGMP21 Fig. 8).
        ecdsa.signings[requestID] = nil
        let response = ECDSAResult.response(keyID: keyID, requestID: requestID, digest: request.message,
                                            groupPublicKey: key.output.groupPublicKey, partials: signing.partials)
        if response.status != 200 {
            events.append(.ecdsa(.signingFailed(sessionID: signing.sessionID, requestID: requestID, digest: request.message,
                                                partials: signing.partials)))
        }
        return signResult(requestID: requestID, response: response, &events)
    }
}

extension SessionStateMachine {
    /// A party gives up its part of a presignature (see ``ECDSACommand/discard(keyID:sessionID:member:signature:)``).
    mutating func discard(keyID: KeyID, sessionID: [UInt8], member: MemberID, signature: [UInt8], command: SessionCommand,
                          _ events: inout [SessionEvent]) -> Result<SessionReply, SessionRejection> {
        guard let key = keys[keyID], let index = key.spec.index(of: member), let logged = self.member(member) else {
            return .failure(.notOnCommittee)
        }
        let consumedBy = ecdsa.signings.values.first { $0.sessionID == sessionID }
        let session = ecdsa.sessions[sessionID]
        let parties: [Int]
        if let session, session.keyID == keyID, session.kind == .presign {
            parties = session.parties
        } else if let consumedBy, pending[consumedBy.requestID]?.keyID == keyID {
            parties = consumedBy.signers
        } else {
            return .failure(.unknownSession)
        }
        guard parties.contains(index) else { return .failure(.notOnCommittee) }
        guard Ed25519.verify(signature: signature, message: SessionEntry.signingBytes(command), publicKey: logged.ed25519PublicKey) else {
            return .failure(.badSignature)
        }
        // A signer that already logged its σ_i for the consuming request cannot take it back.
        if let consumedBy {
            guard consumedBy.partials[index] == nil else { return .failure(.duplicate) }
            ecdsa.signings[consumedBy.requestID] = nil
        }
        ecdsa.sessions[sessionID] = nil
        events.append(.ecdsa(.sessionAbandoned(sessionID: sessionID)))
        return .success(.accepted)
    }
}
