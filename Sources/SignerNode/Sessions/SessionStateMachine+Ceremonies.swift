import DKG
import Membership
import Primitives
import Sharing

extension SessionStateMachine {
    /// Pedersen's second generator for BLS12-381 G1 (a hash to the curve: computed once).
    static let pedersenH = PedersenVSS<BLS12381G1Group>.defaultH()

    /// GJKR's session id for a key: SHA-256("thresig/ceremony/v1" ‖ key id). Key ids are unique
    /// in the log, so session ids (and the DKG ceremony ids derived from them) are too.
    public static func sessionID(for keyID: KeyID) -> [UInt8] {
        SHA256.hash(Array("thresig/ceremony/v1".utf8) + keyID.bytes)
    }

    /// The DKG parameters of a ceremony, from the members' logged X25519 keys.
    public func ceremonyParameters(keyID: KeyID, t: Int, n: Int, committee: [MemberID]) throws(DKGParameterError) -> CeremonyParameters {
        let dkgMembers = committee.enumerated().map { i, id in
            DKG.Member(index: i + 1, encryptionKey: member(id)?.x25519PublicKey ?? [])
        }
        return try CeremonyParameters(sessionID: Self.sessionID(for: keyID), n: n, t: t, members: dkgMembers)
    }

    mutating func startCeremony(keyID: KeyID, scheme: Scheme, t: Int, n: Int, committee: [MemberID], label: String,
                                phaseMillis: UInt64, _ events: inout [SessionEvent]) -> Result<SessionReply, SessionRejection> {
        guard ceremonies[keyID] == nil, keys[keyID] == nil else { return .failure(.keyExists) }
        guard let members, phaseMillis >= 1,
              Rendezvous.committee(keyID: keyID.bytes, size: n, members: members.map(\.id)) == committee
        else { return .failure(.invalidCommittee) }
        // The DKG's own bounds (1 ≤ t ≤ n, distinct valid X25519 keys) decide too.
        guard let parameters = try? ceremonyParameters(keyID: keyID, t: t, n: n, committee: committee) else {
            return .failure(.invalidCommittee)
        }
        let record = CeremonyRecord(
            spec: KeySpec(keyID: keyID, scheme: scheme, t: t, n: n, committee: committee, label: label), phaseMillis: phaseMillis,
            ceremonyID: scheme == .bls ? parameters.ceremonyID(for: BLS12381G1Group.self) : parameters.ceremonyID(for: Secp256k1Group.self),
            progress: .running(phase: .dealing, deadlineMillis: deadline(after: phaseMillis)),
            broadcasts: [], done: [], registrations: [:])
        ceremonies[keyID] = record
        activeCeremonies.insert(keyID)
        events.append(.ceremonyStarted(keyID))
        return .success(.ceremonyStarted(keyID))
    }

    /// Ceremony message, phase done, key registered: common checks (ceremony, committee,
    /// signature), then the command's own.
    mutating func ceremonyTraffic(_ command: SessionCommand, _ events: inout [SessionEvent]) -> Result<SessionReply, SessionRejection> {
        let keyID: KeyID, memberID: MemberID, signature: [UInt8]
        switch command {
        case let .ceremonyMessage(k, m, _, s), let .phaseDone(k, m, _, s), let .keyRegistered(k, m, _, s):
            (keyID, memberID, signature) = (k, m, s)
        default:
            return .failure(.wrongPhase)
        }
        guard var record = ceremonies[keyID] else { return .failure(.unknownKey) }
        guard let index = record.index(of: memberID), let logged = member(memberID) else { return .failure(.notOnCommittee) }
        guard Ed25519.verify(signature: signature, message: SessionEntry.signingBytes(command), publicKey: logged.ed25519PublicKey)
        else { return .failure(.badSignature) }
        let result: Result<SessionReply, SessionRejection>
        switch command {
        case let .ceremonyMessage(_, _, bytes, _):
            result = acceptBroadcast(&record, index: index, bytes: bytes, &events)
        case let .phaseDone(_, _, phase, _):
            result = acceptDone(&record, index: index, phase: phase, &events)
        case let .keyRegistered(_, _, output, _):
            result = acceptRegistration(&record, index: index, output: output, &events)
            if case .success(.keyRegistered) = result {
                keys[keyID] = KeyRecord(spec: record.spec, output: output, registeredAtMillis: clockMillis)
                if record.scheme == .ecdsaSecp256k1 { startAuxInfo(record.spec, &events) }
            }
        default:
            result = .failure(.wrongPhase)
        }
        if case .success = result {
            ceremonies[keyID] = record
            if record.progress == .complete { activeCeremonies.remove(keyID) }
        }
        return result
    }

    func acceptBroadcast(_ record: inout CeremonyRecord, index: Int, bytes: [UInt8],
                         _ events: inout [SessionEvent]) -> Result<SessionReply, SessionRejection> {
        guard case let .running(phase, _) = record.progress else { return .failure(.wrongPhase) }
        guard !record.done.contains(index), !record.senders(in: phase, n: record.n).contains(index) else {
            return .failure(.duplicate)
        }
        // Validated on public data only (encoding, sender, phase, points in the subgroup), so
        // every replica accepts exactly the same broadcasts; share decryption is each member's.
        let check = record.scheme == .bls
            ? Self.checkBroadcast(BLS12381G1Group.self, bytes, record: record, index: index, phase: phase, h: Self.pedersenH)
            : Self.checkBroadcast(Secp256k1Group.self, bytes, record: record, index: index, phase: phase, h: Self.secp256k1PedersenH)
        if let refusal = check { return .failure(refusal) }
        record.broadcasts.append(CeremonyBroadcast(from: index, bytes: bytes))
        events.append(.ceremonyBroadcast(record.keyID, from: index, bytes: bytes))
        return .success(.accepted)
    }

    /// Pedersen's second generator for secp256k1 (hash to the curve, computed once).
    static let secp256k1PedersenH = PedersenVSS<Secp256k1Group>.defaultH()

    /// A broadcast's public checks in group `G`: it decodes for the ceremony, names its sender,
    /// is of the open phase, and a dealing's proof of knowledge of the opening of C_i0 (DKG wire
    /// v2) verifies — so that a dealing every member will refuse never counts as dealt.
    static func checkBroadcast<G: PrimeOrderGroup>(_: G.Type, _ bytes: [UInt8], record: CeremonyRecord, index: Int, phase: Phase,
                                                  h: G.Element) -> SessionRejection? {
        guard let message = try? DKGMessage<G>.decode(bytes, ceremonyID: record.ceremonyID, n: record.n, t: record.t),
              message.sender == index
        else { return .invalidCeremonyMessage }
        guard message.phase == phase else { return .wrongPhase }
        if case let .dealing(d) = message,
           !d.proof.verify(ceremonyID: record.ceremonyID, sender: d.sender, commitments: d.commitments, h: h) {
            return .invalidCeremonyMessage
        }
        return nil
    }

    func acceptDone(_ record: inout CeremonyRecord, index: Int, phase: Phase,
                    _ events: inout [SessionEvent]) -> Result<SessionReply, SessionRejection> {
        guard case let .running(current, _) = record.progress, current == phase else { return .failure(.wrongPhase) }
        guard record.done.insert(index).inserted else { return .failure(.duplicate) }
        if record.done.count == record.n { advance(&record, &events) }
        return .success(.accepted)
    }

    func acceptRegistration(_ record: inout CeremonyRecord, index: Int, output: RegisteredKeyOutput,
                            _ events: inout [SessionEvent]) -> Result<SessionReply, SessionRejection> {
        switch record.progress {
        case .running, .awaitingRegistration: break
        case .complete, .failed: return .failure(.wrongPhase)
        }
        guard output.sharePublicKeys.count == record.n else { return .failure(.invalidRegistration) }
        guard record.registrations[index] == nil else { return .failure(.duplicate) }
        record.registrations[index] = output
        // t identical outputs include at least one honest member's (≤ t − 1 corrupt, GJKR §4).
        guard record.registrations.values.filter({ $0 == output }).count >= record.t else { return .success(.accepted) }
        record.progress = .complete
        events.append(.keyRegistered(record.keyID))
        return .success(.keyRegistered(record.keyID))
    }

    /// Closes every phase whose deadline the clock has reached, in key order.
    mutating func closeDuePhases(_ events: inout [SessionEvent]) {
        for keyID in activeCeremonies.sorted() {
            guard var record = ceremonies[keyID] else { continue }
            switch record.progress {
            case let .running(_, deadline) where deadline <= clockMillis:
                advance(&record, &events)
            case let .awaitingRegistration(deadline) where deadline <= clockMillis:
                record.progress = .failed(.noRegistrationQuorum)
                activeCeremonies.remove(keyID)
                events.append(.ceremonyFailed(keyID, .noRegistrationQuorum))
            default:
                continue
            }
            ceremonies[keyID] = record
        }
    }

    /// Closes the current phase at this op and opens the next (or the wait for registrations).
    func advance(_ record: inout CeremonyRecord, _ events: inout [SessionEvent]) {
        guard case let .running(phase, _) = record.progress else { return }
        events.append(.phaseClosed(record.keyID, phase))
        record.done = []
        let next = deadline(after: record.phaseMillis)
        if let following = Phase(rawValue: phase.rawValue + 1) {
            record.progress = .running(phase: following, deadlineMillis: next)
        } else {
            record.progress = .awaitingRegistration(deadlineMillis: next)
        }
    }

    /// `clock + millis`, saturating (a huge phase duration means "no deadline", not a wrap).
    func deadline(after millis: UInt64) -> UInt64 {
        let (sum, overflow) = clockMillis.addingReportingOverflow(millis)
        return overflow ? .max : sum
    }
}
