import Primitives
import Sharing

/// An input to a ceremony: a broadcast message as it appears in the session log, with the
/// member index the log authenticated as its sender, or the closing of a phase at a log
/// position. There is no clock: the node decides where in the log a phase ends, and
/// every member sees the same decision at the same position.
public enum CeremonyInput: Sendable, Hashable {
    case message(from: Int, bytes: [UInt8])
    case deadline(Phase)
}

/// Where a ceremony stands.
public enum CeremonyStatus: Sendable, Hashable {
    case notStarted
    case running(Phase)
    case finished
    case failed(CeremonyFailure)
}

/// What a step produced: messages for the node to broadcast (in order; typed and
/// encoded), and the result once the ceremony is over.
public struct CeremonyOutput<G: PrimeOrderGroup>: Sendable {
    public internal(set) var broadcasts: [DKGMessage<G>] = []
    /// `broadcasts`, encoded for the log.
    public internal(set) var encodedBroadcasts: [[UInt8]] = []
    /// Set on the step that finishes the ceremony.
    public internal(set) var result: DKGResult<G>?
    /// Set on the step at which the ceremony failed.
    public internal(set) var failure: CeremonyFailure?
}

/// One member's GJKR distributed key generation (Gennaro, Jarecki, Krawczyk, Rabin,
/// "Secure Distributed Key Generation for Discrete-Log Based Cryptosystems",
/// J. Cryptology 20(1), 2007, §4 and Fig. 2 "Protocol DKG"), as a sans-I/O state machine.
///
/// Notation: `t` here is the number of shares needed (polynomial degree `t − 1`); the
/// paper's `t` is the degree, so its "more than t complaints" reads "more than `t − 1`"
/// here, and its bound of `t < n/2` corruptions reads `t − 1 < n/2`, i.e. `n ≥ 2t − 1`.
///
/// A `Ceremony` is a value: copying it copies the state (the scalar source of a seeded
/// simulation is shared between copies, which matters only to the simulator).
///
/// Use: `start()` gives the dealing to broadcast; feed every log entry of the ceremony
/// to `handle(_:)` in log order (the member's own messages included), and each
/// `.deadline(phase)` when the node closes the current phase. Each step returns what to
/// broadcast; the last one carries the `DKGResult`. Phases:
/// 1. `dealing` (Fig. 2 step 1(a)) → at its deadline, complaints (1(b)) against
///    dealers whose share fails to decrypt or fails Eq. (4);
/// 2. `complaints` → at its deadline, complained-against dealers justify (1(c));
/// 3. `justifications` → at its deadline QUAL is fixed (step 2) and QUAL dealers
///    broadcast `A_ik` (4(a));
/// 4. `extraction` → at its deadline, complaints with proof (4(b));
/// 5. `extractionComplaints` → at its deadline, if a dealer must be reconstructed, every
///    member reveals its shares of it (4(c)); otherwise the ceremony finishes;
/// 6. `reconstruction` → at its deadline, the dealers' polynomials are interpolated in
///    public and the ceremony finishes.
public struct Ceremony<G: PrimeOrderGroup>: Sendable {
    public let parameters: CeremonyParameters
    /// This member's index.
    public let index: Int
    /// The 32-byte id carried by every message of this ceremony.
    public let ceremonyID: [UInt8]
    /// The Pedersen second generator `h` (`PedersenVSS.defaultH`).
    public let h: G.Element
    public private(set) var status: CeremonyStatus = .notStarted

    private let keyPair: X25519.KeyPair
    private let source: ScalarSource
    let behaviour: Behaviour?
    private var transcript: Transcript

    // Own dealing (GJKR Fig. 2 step 1(a)): f_i and f'_i.
    private var f: Polynomial<G.Scalar>
    private var fPrime: Polynomial<G.Scalar>

    // Phase 1 state.
    private var dealings: [Int: Dealing<G>] = [:]
    /// My share pair from each dealer, when it decrypted and satisfied Eq. (4).
    private var myShares: [Int: (s: G.Scalar, sp: G.Scalar)] = [:]
    private var complaintSenders: Set<Int> = []
    /// dealer → complainers
    private var complaints: [Int: Set<Int>] = [:]
    private var justifications: [Int: Justification<G>] = [:]
    private var qualified: [Int] = []
    private var disqualified: [Disqualification] = []

    // Phase 2 state.
    private var extractions: [Int: VSSCommitments<G>] = [:]
    private var extractionComplaintSenders: Set<Int> = []
    private var toReconstruct: [Int: ExtractionFault] = [:]
    private var revealSenders: Set<Int> = []
    /// dealer → (member → revealed share satisfying Eq. (4)), at most t per dealer
    private var revealed: [Int: [Int: G.Scalar]] = [:]

    /// A member of the ceremony `parameters` at position `index`, holding the X25519 key
    /// pair whose public key the parameters announce for it. Draws its polynomials from
    /// the operating system's CSPRNG.
    /// - Throws: `notAMember`, `encryptionKeyMismatch`.
    public init(parameters: CeremonyParameters, index: Int, encryptionKeyPair: X25519.KeyPair) throws(DKGParameterError) {
        try self.init(parameters: parameters, index: index, encryptionKeyPair: encryptionKeyPair, source: .system, behaviour: nil)
    }

    /// A member whose every secret — polynomials, sealed-box ephemeral keys, proof nonces — is
    /// derived from `seed` (32 bytes drawn from the OS CSPRNG and kept sealed, never reused for
    /// another ceremony), so that after a restart the member can be rebuilt with the same seed
    /// and the logged ceremony replayed into it: it then reproduces its own dealing byte for
    /// byte and holds the same secrets as before the crash. The derivation is `ScalarSource`'s
    /// SHA-256 counter mode keyed by the seed; its outputs are as secret as the seed.
    /// - Throws: `notAMember`, `encryptionKeyMismatch`, `invalidSeed` (not 32 bytes).
    public init(parameters: CeremonyParameters, index: Int, encryptionKeyPair: X25519.KeyPair,
                resumableSeed seed: SecretBytes) throws(DKGParameterError) {
        guard seed.count == 32 else { throw .invalidSeed(length: seed.count) }
        let bytes = seed.withUnsafeBytes { Array($0) }
        try self.init(parameters: parameters, index: index, encryptionKeyPair: encryptionKeyPair,
                      source: .seeded(bytes), behaviour: nil)
    }

    /// Simulation entry point: a seeded scalar source and/or a malicious behaviour.
    init(parameters: CeremonyParameters, index: Int, encryptionKeyPair: X25519.KeyPair,
         source: ScalarSource, behaviour: Behaviour?, h: G.Element? = nil) throws(DKGParameterError) {
        guard index >= 1, index <= parameters.n else { throw .notAMember(index) }
        guard parameters.members[index - 1].encryptionKey == encryptionKeyPair.publicKey else { throw .encryptionKeyMismatch }
        self.parameters = parameters
        self.index = index
        self.keyPair = encryptionKeyPair
        self.source = source
        self.behaviour = behaviour
        self.ceremonyID = parameters.ceremonyID(for: G.self)
        self.h = h ?? PedersenVSS<G>.defaultH()
        self.f = source.polynomial(threshold: parameters.t)
        self.fPrime = source.polynomial(threshold: parameters.t)
        var tr = Transcript(domain: "thresig/dkg/gjkr/transcript/v1")
        tr.append("ceremony-id", ceremonyID)
        self.transcript = tr
    }

    public var phase: Phase? {
        if case let .running(p) = status { return p }
        return nil
    }

    private var n: Int { parameters.n }
    private var t: Int { parameters.t }

    // MARK: - Driving

    /// Begins the ceremony: returns this member's dealing (GJKR Fig. 2 step 1(a)).
    public mutating func start() throws(CeremonyError) -> CeremonyOutput<G> {
        guard status == .notStarted else { throw .notStarted }
        status = .running(.dealing)
        var out = CeremonyOutput<G>()
        if behaviour != .silent { emit(.dealing(makeDealing()), &out) }
        return out
    }

    /// Convenience: encodes `message` and handles it as a log entry from `from`.
    public mutating func handle(message: DKGMessage<G>, from: Int) throws(CeremonyError) -> CeremonyOutput<G> {
        try handle(.message(from: from, bytes: message.encoded(ceremonyID: ceremonyID)))
    }

    /// Applies one log entry. A thrown error leaves the state (and transcript) unchanged.
    public mutating func handle(_ input: CeremonyInput) throws(CeremonyError) -> CeremonyOutput<G> {
        let current: Phase
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
            let message: DKGMessage<G>
            do { message = try DKGMessage<G>.decode(bytes, ceremonyID: ceremonyID, n: n, t: t) } catch { throw .decoding(error) }
            guard message.sender == from else { throw .senderMismatch(authenticated: from, claimed: message.sender) }
            guard message.phase == current else { throw .wrongPhase(expected: current, got: message.phase) }
            try accept(message)
            transcript.append("message", bytes)
            return CeremonyOutput()
        }
    }

    // MARK: - Accepting messages (validation is on public data only, so every member
    // accepts or refuses the same entries)

    private mutating func accept(_ message: DKGMessage<G>) throws(CeremonyError) {
        switch message {
        case let .dealing(d):
            guard dealings[d.sender] == nil else { throw .duplicateMessage(sender: d.sender) }
            // The log is ordered by a primary, not a simultaneous broadcast: without this
            // check a member could replay another's dealing as its own (DealingProof).
            guard d.proof.verify(ceremonyID: ceremonyID, sender: d.sender, commitments: d.commitments, h: h) else {
                throw .invalidDealingProof(sender: d.sender)
            }
            dealings[d.sender] = d
            if let pair = openMyShare(d) { myShares[d.sender] = pair }
        case let .complaints(c):
            guard complaintSenders.insert(c.sender).inserted else { throw .duplicateMessage(sender: c.sender) }
            for a in c.accused { complaints[a, default: []].insert(c.sender) }
        case let .justification(j):
            guard justifications[j.sender] == nil else { throw .duplicateMessage(sender: j.sender) }
            let complainers = complaints[j.sender] ?? []
            guard j.openedShares.allSatisfy({ complainers.contains($0.index) }) else {
                throw .irrelevant("justification for a complaint that was not made")
            }
            justifications[j.sender] = j
        case let .extraction(e):
            guard qualified.contains(e.sender) else { throw .senderNotQualified(e.sender) }
            guard extractions[e.sender] == nil else { throw .duplicateMessage(sender: e.sender) }
            extractions[e.sender] = e.commitments
        case let .extractionComplaints(c):
            guard !extractionComplaintSenders.contains(c.sender) else { throw .duplicateMessage(sender: c.sender) }
            for o in c.openedShares where extractions[o.index] == nil {
                throw .irrelevant("extraction complaint against \(o.index), which published no A_ik")
            }
            extractionComplaintSenders.insert(c.sender)
            for o in c.openedShares where toReconstruct[o.index] == nil {
                // GJKR Fig. 2 step 4(b): valid iff Eq. (4) holds and Eq. (5) fails.
                let dealing = dealings[o.index]!
                let pedersen = VSSChecks<G>.pedersen(share: o.share, blinding: o.blinding, index: c.sender,
                                                     commitments: dealing.commitments, h: h)
                let feldman = VSSChecks<G>.feldman(share: o.share, index: c.sender, commitments: extractions[o.index]!)
                if pedersen && !feldman { toReconstruct[o.index] = .invalidExtraction(complainer: c.sender) }
            }
        case let .reveal(r):
            guard !revealSenders.contains(r.sender) else { throw .duplicateMessage(sender: r.sender) }
            for o in r.openedShares where toReconstruct[o.index] == nil {
                throw .irrelevant("reveal for dealer \(o.index), which is not being reconstructed")
            }
            revealSenders.insert(r.sender)
            for o in r.openedShares where (revealed[o.index]?.count ?? 0) < t {
                // The first t valid pairs in log order suffice (any t points determine
                // f_i); later ones are not even checked, which every member does alike.
                let ok = VSSChecks<G>.pedersen(share: o.share, blinding: o.blinding, index: r.sender,
                                               commitments: dealings[o.index]!.commitments, h: h)
                if ok { revealed[o.index, default: [:]][r.sender] = o.share }
            }
        }
    }

    /// Decrypts and checks this member's pair from a dealing (Eq. (4)).
    private func openMyShare(_ d: Dealing<G>) -> (s: G.Scalar, sp: G.Scalar)? {
        guard let plain = try? X25519.open(d.sealedShares[index - 1], with: keyPair) else { return nil }
        let len = G.Scalar.byteLength
        guard plain.count == 2 * len else { return nil }
        var bytes = plain.unsafeCopyToArray()
        defer { Wipe.bytes(&bytes) }
        guard let s = try? G.Scalar(canonicalBytes: Array(bytes[0..<len])),
              let sp = try? G.Scalar(canonicalBytes: Array(bytes[len..<2 * len])) else { return nil }
        guard VSSChecks<G>.pedersen(share: s, blinding: sp, index: index, commitments: d.commitments, h: h) else { return nil }
        return (s, sp)
    }

    // MARK: - Closing phases

    private mutating func close(_ p: Phase) -> CeremonyOutput<G> {
        var out = CeremonyOutput<G>()
        switch p {
        case .dealing:
            // GJKR Fig. 2 step 1(b): complain against every dealer whose share failed.
            var accused = dealings.keys.filter { myShares[$0] == nil && $0 != index }
            if behaviour == .falseComplaint { accused = dealings.keys.filter { $0 != index } }
            accused.sort()
            status = .running(.complaints)
            if !accused.isEmpty, behaviour != .silent { emit(.complaints(Complaints(sender: index, accused: accused)), &out) }
        case .complaints:
            // Step 1(c): answer complaints, unless there are more than t − 1 (then we are
            // disqualified anyway, and answering would publish t shares).
            status = .running(.justifications)
            let complainers = (complaints[index] ?? []).sorted()
            if dealings[index] != nil, !complainers.isEmpty, complainers.count <= t - 1, behaviour != .silent {
                let opened = complainers.map { j in
                    var s = f.evaluate(at: j), sp = fPrime.evaluate(at: j)
                    if behaviour == .badShare { s = s + source.nonZeroScalar(G.Scalar.self); sp = sp + .one }
                    return OpenedShare<G>(index: j, share: s, blinding: sp)
                }
                emit(.justification(Justification(sender: index, openedShares: opened)), &out)
            }
        case .justifications:
            decideQualified()
            guard !qualified.isEmpty else { return fail(.emptyQualifiedSet, &out) }
            // Complainers use the published share (checked in decideQualified).
            for i in qualified where myShares[i] == nil || (complaints[i]?.contains(index) ?? false) {
                if let o = justifications[i]?.openedShares.first(where: { $0.index == index }) {
                    myShares[i] = (o.share, o.blinding)
                }
            }
            status = .running(.extraction)
            if qualified.contains(index), behaviour != .silent {
                // Step 4(a): A_ik = g^{a_ik}.
                let a: VSSCommitments<G> = behaviour == .badExtraction
                    ? VSSCommitments(elements: (0..<t).map { _ in G.multiplyGeneratorSecret(source.nonZeroScalar(G.Scalar.self)) })
                    : FeldmanVSS<G>.commit(f)
                emit(.extraction(Extraction(sender: index, commitments: a)), &out)
            }
        case .extraction:
            // Step 4(b): check g^{s_ij} = Π A_ik^{j^k}; complain with (s_ij, s'_ij).
            var opened = [OpenedShare<G>]()
            for i in qualified {
                guard let a = extractions[i] else {
                    toReconstruct[i] = .missingExtraction
                    continue
                }
                guard let pair = myShares[i] else { continue }
                if behaviour == .falseComplaint, i != index {
                    opened.append(OpenedShare(index: i, share: pair.s + .one, blinding: pair.sp))
                } else if !VSSChecks<G>.feldman(share: pair.s, index: index, commitments: a), i != index {
                    opened.append(OpenedShare(index: i, share: pair.s, blinding: pair.sp))
                }
            }
            status = .running(.extractionComplaints)
            if !opened.isEmpty, behaviour != .silent {
                emit(.extractionComplaints(ExtractionComplaints(sender: index, openedShares: opened)), &out)
            }
        case .extractionComplaints:
            if toReconstruct.isEmpty { return finish(&out) }
            // Step 4(c): reveal our shares of every dealer being reconstructed.
            status = .running(.reconstruction)
            let opened = toReconstruct.keys.sorted().compactMap { i -> OpenedShare<G>? in
                guard let pair = myShares[i] else { return nil }
                return OpenedShare(index: i, share: pair.s, blinding: pair.sp)
            }
            if !opened.isEmpty, behaviour != .silent { emit(.reveal(Reveal(sender: index, openedShares: opened)), &out) }
        case .reconstruction:
            return finish(&out)
        }
        return out
    }

    /// GJKR Fig. 2 step 2: QUAL is every dealer that dealt, drew at most `t − 1`
    /// complaints, and answered each with a share satisfying Eq. (4).
    private mutating func decideQualified() {
        for i in 1...n {
            guard let d = dealings[i] else {
                disqualified.append(Disqualification(member: i, reason: .noDealing)); continue
            }
            let complainers = (complaints[i] ?? []).sorted()
            if complainers.count > t - 1 {
                disqualified.append(Disqualification(member: i, reason: .tooManyComplaints(count: complainers.count))); continue
            }
            var reason: DisqualificationReason?
            for j in complainers {
                guard let o = justifications[i]?.openedShares.first(where: { $0.index == j }) else {
                    reason = .unansweredComplaint(complainer: j); break
                }
                let ok = VSSChecks<G>.pedersen(share: o.share, blinding: o.blinding, index: j, commitments: d.commitments, h: h)
                if !ok { reason = .invalidJustification(complainer: j); break }
            }
            if let reason { disqualified.append(Disqualification(member: i, reason: reason)) } else { qualified.append(i) }
        }
    }

    private mutating func finish(_ out: inout CeremonyOutput<G>) -> CeremonyOutput<G> {
        // Step 4(c): reconstruct f_i from t valid revealed shares, A_ik = g^{a_ik}.
        var feldman = [VSSCommitments<G>]()
        for i in qualified {
            if toReconstruct[i] != nil {
                let shares = (revealed[i] ?? [:]).sorted { $0.key < $1.key }
                guard shares.count >= t else {
                    return fail(.reconstructionFailed(dealer: i, validShares: shares.count, needed: t), &out)
                }
                let coeffs = PolynomialInterpolation.coefficients(shares.map { (index: $0.key, value: $0.value) })
                feldman.append(VSSCommitments(elements: coeffs.map { G.multiplyGenerator($0) }))
            } else {
                feldman.append(extractions[i]!)
            }
        }
        let joint = VSSCommitments<G>.sum(feldman)
        let sharePublicKeys = (1...n).map { joint.evaluated(at: $0) }
        // Own share x_j = Σ_{i∈QUAL} s_ij (step 3).
        var x = G.Scalar.zero
        var complete = true
        for i in qualified {
            if let pair = myShares[i] { x = x + pair.s } else { complete = false }
        }
        guard complete, G.multiplyGeneratorSecret(x) == sharePublicKeys[index - 1] else {
            return fail(.ownShareInconsistent, &out)
        }
        status = .finished
        let publicOutput = DKGPublicOutput<G>(
            n: n, t: t, epoch: 0, qualified: qualified, disqualified: disqualified, reconstructed: toReconstruct,
            groupPublicKey: joint.constantTerm, commitments: joint, sharePublicKeys: sharePublicKeys,
            transcriptHash: transcript.digest())
        out.result = DKGResult(publicOutput: publicOutput, share: KeyShare(epoch: 0, index: index, value: x))
        return out
    }

    private mutating func fail(_ failure: CeremonyFailure, _ out: inout CeremonyOutput<G>) -> CeremonyOutput<G> {
        status = .failed(failure)
        out.failure = failure
        return out
    }

    private func emit(_ m: DKGMessage<G>, _ out: inout CeremonyOutput<G>) {
        out.broadcasts.append(m)
        out.encodedBroadcasts.append(m.encoded(ceremonyID: ceremonyID))
    }

    // MARK: - Dealing

    /// GJKR Fig. 2 step 1(a): `C_ik = g^{a_ik} h^{b_ik}`, and `(s_ij, s'_ij) = (f_i(j), f'_i(j))`
    /// sealed to each member `j`.
    private func makeDealing() -> Dealing<G> {
        // A bad-commitment dealer commits to polynomials unrelated to the shares it sends;
        // it knows their opening, so its proof verifies and the fault is caught by the
        // share checks (complaints), as GJKR intends.
        var committed = (f, fPrime)
        if behaviour == .badCommitment {
            committed = (source.polynomial(threshold: t), source.polynomial(threshold: t))
        }
        let commitments = PedersenVSS<G>.commit(committed.0, blinding: committed.1, h: h)
        let cheated: Set<Int>
        switch behaviour {
        case .badShare: cheated = Set((1...n).filter { $0 != index })
        case .badShareJustified: cheated = Set((1...n).filter { $0 != index }.prefix(t - 1))
        default: cheated = []
        }
        let sealed = parameters.members.map { m -> [UInt8] in
            var s = f.evaluate(at: m.index)
            if cheated.contains(m.index) { s = s + source.nonZeroScalar(G.Scalar.self) }
            var plain = s.canonicalBytes + fPrime.evaluate(at: m.index).canonicalBytes
            defer { Wipe.bytes(&plain) }
            // Keys were validated as 32 bytes; sealing cannot fail.
            return source.seal(SecretBytes(copying: plain), to: m.encryptionKey)
        }
        // Nonces from the ceremony's source: fresh CSPRNG scalars in a real ceremony, the
        // seed's stream in a simulation (so seeded runs stay byte-reproducible).
        let nonces = (u: source.scalar(G.Scalar.self), v: source.scalar(G.Scalar.self))
        let proof = DealingProof<G>.prove(secret: committed.0.coefficients[0], blinding: committed.1.coefficients[0], nonces: nonces,
                                          ceremonyID: ceremonyID, sender: index, commitments: commitments, h: h)
        return Dealing(sender: index, commitments: commitments, sealedShares: sealed, proof: proof)
    }
}
