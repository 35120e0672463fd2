import Primitives
import Sharing

/// The public parameters of a resharing (share redistribution): the old committee's
/// public data, and the new committee with its threshold. Identical at every party.
public struct ResharingParameters<G: PrimeOrderGroup>: Sendable, Hashable {
    public let sessionID: [UInt8]
    /// The epoch of the old shares; the new shares get `oldEpoch + 1`.
    public let oldEpoch: UInt64
    public let oldT: Int
    /// `g^{x_i}` of the old holders `i = 1…n_old`.
    public let oldSharePublicKeys: [G.Element]
    public let groupPublicKey: G.Element
    public let newT: Int
    /// The new committee, indices `1…n_new`.
    public let newMembers: [Member]

    public var oldN: Int { oldSharePublicKeys.count }
    public var newN: Int { newMembers.count }
    public var newEpoch: UInt64 { oldEpoch + 1 }

    /// - Throws: `invalidThreshold` for either committee, the member-list errors of
    ///   `CeremonyParameters`, `invalidSessionID`, and `inconsistentOldCommittee` unless
    ///   the old share public keys lie on one polynomial of degree `t_old − 1` whose value
    ///   at 0 is the group public key.
    public init(sessionID: [UInt8], oldEpoch: UInt64, oldT: Int, oldSharePublicKeys: [G.Element], groupPublicKey: G.Element,
                newT: Int, newMembers: [Member]) throws(DKGParameterError) {
        let oldN = oldSharePublicKeys.count
        guard oldT >= 1, oldT <= oldN, oldN <= Shamir.maxShareCount else { throw .invalidThreshold(t: oldT, n: oldN) }
        guard newT >= 1, newT <= newMembers.count, newMembers.count <= Shamir.maxShareCount else {
            throw .invalidThreshold(t: newT, n: newMembers.count)
        }
        guard !sessionID.isEmpty, sessionID.count <= 255 else { throw .invalidSessionID }
        guard oldEpoch < UInt64.max else { throw .inconsistentOldCommittee("epoch overflow") }
        self.newMembers = try CeremonyParameters.validate(members: newMembers, n: newMembers.count)
        // The old share public keys must interpolate to y, and every one beyond the
        // first t_old must lie on the same degree-(t_old − 1) polynomial in the exponent.
        let base = (1...oldT).map { (index: $0, element: oldSharePublicKeys[$0 - 1]) }
        guard let y = try? Lagrange.interpolateInExponent(points: base, in: G.self), y == groupPublicKey else {
            throw .inconsistentOldCommittee("old share public keys do not interpolate to the group public key")
        }
        if oldN > oldT {
            for j in (oldT + 1)...oldN {
                let l: [G.Scalar] = try! Lagrange.coefficients(indices: Array(1...oldT), at: G.Scalar(UInt64(j)))
                guard G.multiScalarMultiply(base.map(\.element), l) == oldSharePublicKeys[j - 1] else {
                    throw .inconsistentOldCommittee("share public key \(j) is off the committed polynomial")
                }
            }
        }
        self.sessionID = sessionID
        self.oldEpoch = oldEpoch
        self.oldT = oldT
        self.oldSharePublicKeys = oldSharePublicKeys
        self.groupPublicKey = groupPublicKey
        self.newT = newT
    }

    /// Parameters resharing a DKG's (or a previous resharing's) public output.
    public init(sessionID: [UInt8], from old: DKGPublicOutput<G>, newT: Int, newMembers: [Member]) throws(DKGParameterError) {
        try self.init(sessionID: sessionID, oldEpoch: old.epoch, oldT: old.t, oldSharePublicKeys: old.sharePublicKeys,
                      groupPublicKey: old.groupPublicKey, newT: newT, newMembers: newMembers)
    }

    /// The 32-byte id carried by every message of this resharing.
    public var ceremonyID: [UInt8] {
        var tr = Transcript(domain: "thresig/dkg/reshare/ceremony-id/v1")
        tr.append("group", string: G.name)
        tr.append("session", sessionID)
        tr.append("old-epoch", uint64: oldEpoch)
        tr.append("old-t", uint64: UInt64(oldT))
        for pk in oldSharePublicKeys { tr.append("old-share-key", G.encode(pk)) }
        tr.append("group-key", G.encode(groupPublicKey))
        tr.append("new-t", uint64: UInt64(newT))
        for m in newMembers {
            tr.append("new-member", uint64: UInt64(m.index))
            tr.append("key", m.encryptionKey)
        }
        return tr.digest()
    }
}

/// The public outcome of a resharing, identical at every honest party.
public struct ResharingPublicOutput<G: PrimeOrderGroup>: Sendable, Hashable {
    public let epoch: UInt64
    public let n: Int
    public let t: Int
    /// Old holders that dealt acceptably (QUAL'), ascending.
    public let qualified: [Int]
    /// The first `t_old` of QUAL', whose sub-sharings are combined.
    public let dealersUsed: [Int]
    public let disqualified: [Disqualification]
    /// Unchanged from the old committee (checked).
    public let groupPublicKey: G.Element
    /// `Σ_{i∈S} λ_i B_ik`: Feldman commitments of the new joint polynomial.
    public let commitments: VSSCommitments<G>
    public let sharePublicKeys: [G.Element]
    public let transcriptHash: [UInt8]

    /// As a `DKGPublicOutput` (e.g. to reshare again, or to print the same summary).
    public var asKeyOutput: DKGPublicOutput<G> {
        DKGPublicOutput(n: n, t: t, epoch: epoch, qualified: qualified, disqualified: disqualified, reconstructed: [:],
                        groupPublicKey: groupPublicKey, commitments: commitments, sharePublicKeys: sharePublicKeys,
                        transcriptHash: transcriptHash)
    }
}

/// What a party ends a resharing with; `share` is set for new holders.
public struct ResharingResult<G: PrimeOrderGroup>: Sendable {
    public let publicOutput: ResharingPublicOutput<G>
    public let share: KeyShare<G>?
}

public enum ResharingInput: Sendable, Hashable {
    case message(from: ResharingParty, bytes: [UInt8])
    case deadline(ResharingPhase)
}

public enum ResharingStatus: Sendable, Hashable {
    case notStarted
    case running(ResharingPhase)
    case finished
    case failed(CeremonyFailure)
}

/// Errors of the resharing state machine; a refused input changes nothing.
public enum ResharingError: Error, Equatable, Sendable {
    case decoding(DKGDecodingError)
    case senderMismatch(authenticated: ResharingParty, claimed: ResharingParty)
    case wrongPhase(expected: ResharingPhase, got: ResharingPhase)
    case unexpectedDeadline(current: ResharingPhase, got: ResharingPhase)
    case duplicateMessage(sender: ResharingParty)
    case irrelevant(String)
    case ceremonyOver
    case notStarted
}

public struct ResharingOutput<G: PrimeOrderGroup>: Sendable {
    public internal(set) var broadcasts: [ResharingMessage<G>] = []
    public internal(set) var encodedBroadcasts: [[UInt8]] = []
    public internal(set) var result: ResharingResult<G>?
    public internal(set) var failure: CeremonyFailure?
}

/// Share redistribution (Desmedt & Jajodia, "Redistributing secret shares to new access
/// structures and its applications", GMU tech. report ISSE-TR-97-01, 1997; Wong, Wang &
/// Wing, "Verifiable secret redistribution for archive systems", IEEE SISW 2002), as a
/// sans-I/O state machine for one party: an old holder (dealer), a new holder
/// (receiver), or both.
///
/// Each old holder `i` deals its share `x_i` with a Feldman VSS of threshold `t_new`:
/// `g_i(0) = x_i`, `B_ik = g^{b_ik}`, and every party checks `B_i0 = g^{x_i}` against the
/// old share public key — this is what keeps the group key: with `S` the first `t_old`
/// acceptable dealers and `λ_i` their Lagrange coefficients at 0,
/// `x'_j = Σ_{i∈S} λ_i x_ij` is a share of `Σ λ_i x_i = x` and `Σ λ_i B_i0 = y`.
/// Complaints and justifications work as in GJKR phase 1 (a dealer with more than
/// `t_new − 1` complaints, or an unanswered or invalid answer, is left out); Feldman
/// rather than Pedersen commitments suffice because `g^{x_i}` is public already.
///
/// The new shares carry epoch `oldEpoch + 1`; they lie on an unrelated polynomial, and
/// `KeyShare.reconstructSecret` refuses to mix epochs. Old holders should erase their
/// old shares once the new epoch is in use (Wong–Wang–Wing's erasure assumption).
public struct Resharing<G: PrimeOrderGroup>: Sendable {
    public let parameters: ResharingParameters<G>
    public let ceremonyID: [UInt8]
    public private(set) var status: ResharingStatus = .notStarted
    /// This party's old index (if it deals) and new index (if it receives).
    public let oldIndex: Int?
    public let newIndex: Int?

    private let oldShare: G.Scalar?
    private let keyPair: X25519.KeyPair?
    private let source: ScalarSource
    let behaviour: Behaviour?
    private var polynomial: Polynomial<G.Scalar>?
    private var transcript: Transcript

    private var dealings: [Int: ResharingDealing<G>] = [:]
    private var mySubShares: [Int: G.Scalar] = [:]
    private var complaintSenders: Set<Int> = []
    private var complaints: [Int: Set<Int>] = [:]
    private var justifications: [Int: ResharingJustification<G>] = [:]

    /// - Parameters:
    ///   - dealerShare: the old share, for an old holder (its epoch must be `oldEpoch` and
    ///     `g^{x_i}` its share public key).
    ///   - receiver: the new index and X25519 key pair, for a new holder.
    /// - Throws: `notAMember`, `encryptionKeyMismatch`, `oldShareMismatch`.
    public init(parameters: ResharingParameters<G>, dealerShare: KeyShare<G>?, receiver: (index: Int, keyPair: X25519.KeyPair)?) throws(DKGParameterError) {
        try self.init(parameters: parameters, dealerShare: dealerShare, receiver: receiver, source: .system, behaviour: nil)
    }

    init(parameters: ResharingParameters<G>, dealerShare: KeyShare<G>?, receiver: (index: Int, keyPair: X25519.KeyPair)?,
         source: ScalarSource, behaviour: Behaviour?) throws(DKGParameterError) {
        if let d = dealerShare {
            guard d.index >= 1, d.index <= parameters.oldN else { throw .notAMember(d.index) }
            guard d.epoch == parameters.oldEpoch, G.multiplyGeneratorSecret(d.value) == parameters.oldSharePublicKeys[d.index - 1] else {
                throw .oldShareMismatch(index: d.index)
            }
        }
        if let r = receiver {
            guard r.index >= 1, r.index <= parameters.newN else { throw .notAMember(r.index) }
            guard parameters.newMembers[r.index - 1].encryptionKey == r.keyPair.publicKey else { throw .encryptionKeyMismatch }
        }
        self.parameters = parameters
        self.ceremonyID = parameters.ceremonyID
        self.oldIndex = dealerShare?.index
        self.newIndex = receiver?.index
        self.oldShare = dealerShare?.value
        self.keyPair = receiver?.keyPair
        self.source = source
        self.behaviour = behaviour
        if let d = dealerShare { polynomial = source.polynomial(threshold: parameters.newT, constantTerm: d.value) }
        var tr = Transcript(domain: "thresig/dkg/reshare/transcript/v1")
        tr.append("ceremony-id", ceremonyID)
        transcript = tr
    }

    public var phase: ResharingPhase? {
        if case let .running(p) = status { return p }
        return nil
    }

    /// Begins: an old holder returns its dealing.
    public mutating func start() throws(ResharingError) -> ResharingOutput<G> {
        guard status == .notStarted else { throw .notStarted }
        status = .running(.dealing)
        var out = ResharingOutput<G>()
        if let i = oldIndex, let g = polynomial, behaviour != .silent {
            var commitments = FeldmanVSS<G>.commit(g)
            if behaviour == .badCommitment {
                commitments = VSSCommitments(elements: (0..<parameters.newT).map { _ in G.multiplyGeneratorSecret(source.nonZeroScalar(G.Scalar.self)) })
            }
            let cheated: Set<Int> = switch behaviour {
            case .badShare: Set(1...parameters.newN)
            case .badShareJustified: Set((1...parameters.newN).prefix(parameters.newT - 1))
            default: []
            }
            let sealed = parameters.newMembers.map { m -> [UInt8] in
                var v = g.evaluate(at: m.index)
                if cheated.contains(m.index) { v = v + source.nonZeroScalar(G.Scalar.self) }
                var plain = v.canonicalBytes
                defer { Wipe.bytes(&plain) }
                return source.seal(SecretBytes(copying: plain), to: m.encryptionKey)
            }
            emit(.dealing(ResharingDealing(sender: i, commitments: commitments, sealedSubShares: sealed)), &out)
        }
        return out
    }

    public mutating func handle(message: ResharingMessage<G>, from: ResharingParty) throws(ResharingError) -> ResharingOutput<G> {
        try handle(.message(from: from, bytes: message.encoded(ceremonyID: ceremonyID)))
    }

    /// Applies one log entry. A thrown error leaves the state unchanged.
    public mutating func handle(_ input: ResharingInput) throws(ResharingError) -> ResharingOutput<G> {
        let current: ResharingPhase
        switch status {
        case .notStarted: throw .notStarted
        case .finished, .failed: throw .ceremonyOver
        case let .running(p): current = p
        }
        switch input {
        case let .deadline(p):
            guard p == current else { throw .unexpectedDeadline(current: current, got: p) }
            transcript.append("deadline", [p.rawValue])
            return close(p)
        case let .message(from, bytes):
            let m: ResharingMessage<G>
            do {
                m = try ResharingMessage<G>.decode(bytes, ceremonyID: ceremonyID, oldN: parameters.oldN,
                                                   newN: parameters.newN, newT: parameters.newT)
            } catch { throw .decoding(error) }
            guard m.sender == from else { throw .senderMismatch(authenticated: from, claimed: m.sender) }
            guard m.phase == current else { throw .wrongPhase(expected: current, got: m.phase) }
            try accept(m)
            transcript.append("message", bytes)
            return ResharingOutput()
        }
    }

    private mutating func accept(_ m: ResharingMessage<G>) throws(ResharingError) {
        switch m {
        case let .dealing(d):
            guard dealings[d.sender] == nil else { throw .duplicateMessage(sender: .old(d.sender)) }
            dealings[d.sender] = d
            if let j = newIndex, let kp = keyPair,
               let plain = try? X25519.open(d.sealedSubShares[j - 1], with: kp), plain.count == G.Scalar.byteLength {
                var bytes = plain.unsafeCopyToArray()
                defer { Wipe.bytes(&bytes) }
                if let v = try? G.Scalar(canonicalBytes: bytes),
                   VSSChecks<G>.feldman(share: v, index: j, commitments: d.commitments) {
                    mySubShares[d.sender] = v
                }
            }
        case let .complaints(c):
            guard complaintSenders.insert(c.sender).inserted else { throw .duplicateMessage(sender: .new(c.sender)) }
            for a in c.accused { complaints[a, default: []].insert(c.sender) }
        case let .justification(j):
            guard justifications[j.sender] == nil else { throw .duplicateMessage(sender: .old(j.sender)) }
            let complainers = complaints[j.sender] ?? []
            guard j.subShares.allSatisfy({ complainers.contains($0.index) }) else {
                throw .irrelevant("justification for a complaint that was not made")
            }
            justifications[j.sender] = j
        }
    }

    private func constantTermOK(_ d: ResharingDealing<G>) -> Bool {
        d.commitments.constantTerm == parameters.oldSharePublicKeys[d.sender - 1]
    }

    private mutating func close(_ p: ResharingPhase) -> ResharingOutput<G> {
        var out = ResharingOutput<G>()
        switch p {
        case .dealing:
            status = .running(.complaints)
            if let j = newIndex, behaviour != .silent {
                let accused = dealings.keys.filter {
                    constantTermOK(dealings[$0]!) && (mySubShares[$0] == nil || behaviour == .falseComplaint) && $0 != oldIndex
                }.sorted()
                if !accused.isEmpty { emit(.complaints(ResharingComplaints(sender: j, accused: accused)), &out) }
            }
        case .complaints:
            status = .running(.justifications)
            if let i = oldIndex, let g = polynomial, dealings[i] != nil, behaviour != .silent {
                let complainers = (complaints[i] ?? []).sorted()
                if !complainers.isEmpty, complainers.count <= parameters.newT - 1 {
                    let list = complainers.map { j in
                        Share(index: j, value: behaviour == .badShare ? g.evaluate(at: j) + .one : g.evaluate(at: j))
                    }
                    emit(.justification(ResharingJustification(sender: i, subShares: list)), &out)
                }
            }
        case .justifications:
            return finish(&out)
        }
        return out
    }

    private mutating func finish(_ out: inout ResharingOutput<G>) -> ResharingOutput<G> {
        let newT = parameters.newT, newN = parameters.newN
        var qualified = [Int](), disqualified = [Disqualification]()
        for i in 1...parameters.oldN {
            guard let d = dealings[i] else { disqualified.append(.init(member: i, reason: .noDealing)); continue }
            guard constantTermOK(d) else { disqualified.append(.init(member: i, reason: .constantTermMismatch)); continue }
            let complainers = (complaints[i] ?? []).sorted()
            if complainers.count > newT - 1 {
                disqualified.append(.init(member: i, reason: .tooManyComplaints(count: complainers.count))); continue
            }
            var reason: DisqualificationReason?
            for j in complainers {
                guard let s = justifications[i]?.subShares.first(where: { $0.index == j }) else {
                    reason = .unansweredComplaint(complainer: j); break
                }
                if !VSSChecks<G>.feldman(share: s.value, index: s.index, commitments: d.commitments) {
                    reason = .invalidJustification(complainer: j); break
                }
                if j == newIndex { mySubShares[i] = s.value }
            }
            if let reason { disqualified.append(.init(member: i, reason: reason)) } else { qualified.append(i) }
        }
        guard qualified.count >= parameters.oldT else {
            status = .failed(.notEnoughQualifiedDealers(qualified: qualified.count, needed: parameters.oldT))
            out.failure = .notEnoughQualifiedDealers(qualified: qualified.count, needed: parameters.oldT)
            return out
        }
        let used = Array(qualified.prefix(parameters.oldT))
        let lambdas: [G.Scalar] = try! Lagrange.coefficientsAtZero(indices: used)
        let joint = VSSCommitments<G>(elements: (0..<newT).map { k in
            G.multiScalarMultiply(used.map { dealings[$0]!.commitments.elements[k] }, lambdas)
        })
        guard joint.constantTerm == parameters.groupPublicKey else {
            status = .failed(.groupKeyChanged); out.failure = .groupKeyChanged; return out
        }
        let sharePublicKeys = (1...newN).map { joint.evaluated(at: $0) }
        var share: KeyShare<G>?
        if let j = newIndex {
            var x = G.Scalar.zero
            for (i, l) in zip(used, lambdas) {
                guard let v = mySubShares[i] else {
                    status = .failed(.ownShareInconsistent); out.failure = .ownShareInconsistent; return out
                }
                x = x + l * v
            }
            guard G.multiplyGeneratorSecret(x) == sharePublicKeys[j - 1] else {
                status = .failed(.ownShareInconsistent); out.failure = .ownShareInconsistent; return out
            }
            share = KeyShare(epoch: parameters.newEpoch, index: j, value: x)
        }
        status = .finished
        let pub = ResharingPublicOutput<G>(epoch: parameters.newEpoch, n: newN, t: newT, qualified: qualified, dealersUsed: used,
                                           disqualified: disqualified, groupPublicKey: joint.constantTerm, commitments: joint,
                                           sharePublicKeys: sharePublicKeys, transcriptHash: transcript.digest())
        out.result = ResharingResult(publicOutput: pub, share: share)
        return out
    }

    private func emit(_ m: ResharingMessage<G>, _ out: inout ResharingOutput<G>) {
        out.broadcasts.append(m)
        out.encodedBroadcasts.append(m.encoded(ceremonyID: ceremonyID))
    }
}
