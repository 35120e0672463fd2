import BigNum
import Paillier
import Primitives
import Secp256k1

/// How a simulated party misbehaves (simulation and tests only; not reachable from the
/// public initialiser).
enum Misbehaviour: Sendable, Equatable {
    /// Round 2: the δ-MtA mask β is drawn far outside ±2^ℓ′ (the Alpha-Rays / TSSHOCK move
    /// that makes the victim's decryption wrap and leak); its Πaff-g cannot be in range.
    case badRange
    /// Round 3: sends δ_i + 1 (caught by δ·G ≠ ΣΔ_j, attributed by the reveal).
    case badDelta
    /// Online signing: sends σ_i + 1.
    case badSigma
}

/// One party's presigning (CGGMP21, eprint 2021/060, Figure 7 "Presigning" — three rounds),
/// as a sans-I/O state machine: each round takes the messages addressed to this party and
/// returns the messages to send, by recipient.
///
/// - Round 1: k_i, γ_i ← F_q; K_i = enc_i(k_i; ρ_i), G_i = enc_i(γ_i; ν_i); Πenc for K_i to each j.
/// - Round 2: checks Πenc; Γ_i = γ_i·G; for each j the two MtAs (D, F with Πaff-g for γ_i;
///   D̂, F̂ with Πaff-g for w_i) and Πlog* for (G_i, Γ_i).
/// - Round 3: checks them; Γ = ΣΓ_j, Δ_i = k_i·Γ, δ_i = γ_i k_i + Σ(α_{i,j} − β_{i,j}),
///   χ_i = w_i k_i + Σ(α̂_{i,j} − β̂_{i,j}), S_i = χ_i·Γ; Πlog* for (K_i, Δ_i) with base Γ.
/// - Finish: checks Πlog*; δ = Σδ_j; δ·G = ΣΔ_j (else identification); R = δ^{−1}·Γ ≠ O;
///   ΣS_j = δ·X; outputs the single-use ``Presignature``.
///
/// S_i = χ_i·Γ is published so that online signing can check each σ_i on its own
/// (σ_i·Γ = m·Δ_i + r·S_i) and name a party that sends a wrong one, as the revised
/// CGGMP21 does; ΣS_j = δ·X checks that the χ_i add up to k·x.
public struct Presigner: Sendable {
    public let sessionID: [UInt8]
    let setup: SignerSetup
    let source: RandomSource
    let misbehaviour: Misbehaviour?
    var round = 0
    // Round 1 secrets.
    var k = BigInt(), gamma = BigInt(), rho = BigInt(), nu = BigInt()
    var K = BigInt(), G = BigInt()
    // Received.
    var received1: [Int: PresignRound1] = [:]
    var received2: [Int: PresignRound2] = [:]
    var beta: [Int: BigInt] = [:], betaRandomness: [Int: BigInt] = [:]
    var betaHat: [Int: BigInt] = [:]
    var GammaSum = Point.identity
    var delta = Scalar.zero, chi = Scalar.zero
    var Delta = Point.identity
    var sent3: PresignRound3?

    var index: Int { setup.index }
    var others: [Int] { setup.signers.filter { $0 != setup.index } }
    var myKey: PaillierSecretKey { setup.aux.secretKey }
    func pub(_ j: Int) -> AuxPublic { setup.aux.parties[j]! }
    func ctx(_ prover: Int) -> ProofContext { ProofContext(sessionID: sessionID, prover: prover) }

    /// A presigning party. `sessionID` must be fresh for each presignature and known to all
    /// signers; it is bound into every proof together with the signer set.
    public init(sessionID: [UInt8], setup: SignerSetup, source: RandomSource = .system) {
        self.init(sessionID: sessionID, setup: setup, source: source, misbehaviour: nil)
    }

    init(sessionID: [UInt8], setup: SignerSetup, source: RandomSource, misbehaviour: Misbehaviour?) {
        var t = Transcript(domain: "thresig/cggmp21/presign-session/v1")
        t.append("session-id", sessionID)
        t.append("signers", setup.signers.flatMap { Array(String($0).utf8) + [0x2c] })
        t.append("aux-session", setup.aux.sessionID)
        self.sessionID = t.digest()
        self.setup = setup; self.source = source; self.misbehaviour = misbehaviour
    }

    /// Round 1: K_i, G_i and a Πenc per recipient.
    public mutating func round1() throws(ECDSAProtocolError) -> [Int: PresignRound1] {
        guard round == 0 else { throw .wrongRound("round1") }
        let q = CGGMPParameters.q
        k = source.integer(below: q - 1) + 1
        gamma = source.integer(below: q - 1) + 1
        (K, rho) = myKey.encrypt(k, source: source)
        (G, nu) = myKey.encrypt(gamma, source: source)
        var out: [Int: PresignRound1] = [:]
        for j in others {
            out[j] = PresignRound1(K: K, G: G, enc: PiEnc.prove(key: myKey.publicKey, ciphertext: K, plaintext: k, randomness: rho,
                                                                verifierParams: pub(j).ringPedersen, context: ctx(index), source: source,
                                                                proverSecretKey: myKey))
        }
        round = 1
        return out
    }

    /// Round 2: checks each Πenc, runs the two MtAs with each other signer.
    public mutating func round2(_ messages: [Int: PresignRound1]) throws(ECDSAProtocolError) -> [Int: PresignRound2] {
        guard round == 1 else { throw .wrongRound("round2") }
        let myRP = pub(index).ringPedersen
        for j in others {
            guard let m = messages[j] else { throw .missingMessage(party: j) }
            do { try m.enc.verify(key: pub(j).paillier, ciphertext: m.K, verifierParams: myRP, context: ctx(j)) } catch {
                throw .blame(party: j, reason: "Πenc refused: \(error)")
            }
            guard pub(j).paillier.isValidCiphertext(m.G) else { throw .blame(party: j, reason: "G_j not a valid ciphertext") }
        }
        received1 = messages
        let lp = CGGMPParameters.ellPrime
        let Gamma = Point.generatorMultiplySecret(Scalar(integer: gamma))
        let w = setup.additiveShare.integer
        let W = setup.additivePublicShares[index]!
        var out: [Int: PresignRound2] = [:]
        for j in others {
            let kj = pub(j).paillier, Kj = messages[j]!.K
            let rpj = pub(j).ringPedersen
            var b = source.signed(bits: lp)
            if misbehaviour == .badRange { b = source.signed(bits: lp + CGGMPParameters.epsilon + 64) }
            let bHat = source.signed(bits: lp)
            let (Fenc, r) = myKey.encrypt(b, source: source)
            let (FencHat, rHat) = myKey.encrypt(bHat, source: source)
            let (Ej, s) = kj.encrypt(b, source: source)
            let (EjHat, sHat) = kj.encrypt(bHat, source: source)
            let D = kj.add(kj.multiply(Kj, by: gamma), Ej)
            let Dhat = kj.add(kj.multiply(Kj, by: w), EjHat)
            let st = PiAffG.Statement(verifierKey: kj, C: Kj, D: D, proverKey: myKey.publicKey, Y: Fenc, X: Gamma)
            let stHat = PiAffG.Statement(verifierKey: kj, C: Kj, D: Dhat, proverKey: myKey.publicKey, Y: FencHat, X: W)
            let aff = PiAffG.prove(statement: st, x: gamma, y: b, rho: s, rhoY: r, verifierParams: rpj, context: ctx(index), source: source, proverSecretKey: myKey)
            let affHat = PiAffG.prove(statement: stHat, x: w, y: bHat, rho: sHat, rhoY: rHat, verifierParams: rpj, context: ctx(index), source: source, proverSecretKey: myKey)
            let log = PiLogStar.prove(key: myKey.publicKey, ciphertext: G, point: Gamma, base: .generator, plaintext: gamma,
                                      randomness: nu, verifierParams: rpj, context: ctx(index), source: source, proverSecretKey: myKey)
            beta[j] = b; betaRandomness[j] = s; betaHat[j] = bHat
            out[j] = PresignRound2(Gamma: Gamma, D: D, F: Fenc, Dhat: Dhat, Fhat: FencHat, aff: aff, affHat: affHat, logStar: log)
        }
        round = 2
        return out
    }

    /// Round 3: checks the MtA proofs and Πlog*, computes δ_i, χ_i, Δ_i, S_i.
    public mutating func round3(_ messages: [Int: PresignRound2]) throws(ECDSAProtocolError) -> [Int: PresignRound3] {
        guard round == 2 else { throw .wrongRound("round3") }
        let myPK = myKey.publicKey, myRP = pub(index).ringPedersen
        let q = CGGMPParameters.q
        var GammaSum = Point.generatorMultiplySecret(Scalar(integer: gamma))
        var deltaInt = k * gamma, chiInt = k * setup.additiveShare.integer
        for j in others {
            guard let m = messages[j] else { throw .missingMessage(party: j) }
            let kj = pub(j).paillier
            let st = PiAffG.Statement(verifierKey: myPK, C: K, D: m.D, proverKey: kj, Y: m.F, X: m.Gamma)
            let stHat = PiAffG.Statement(verifierKey: myPK, C: K, D: m.Dhat, proverKey: kj, Y: m.Fhat, X: setup.additivePublicShares[j]!)
            do { try m.aff.verify(statement: st, verifierParams: myRP, context: ctx(j), verifierSecretKey: myKey) } catch {
                throw .blame(party: j, reason: "Πaff-g (γ) refused: \(error)")
            }
            do { try m.affHat.verify(statement: stHat, verifierParams: myRP, context: ctx(j), verifierSecretKey: myKey) } catch {
                throw .blame(party: j, reason: "Πaff-g (x) refused: \(error)")
            }
            do { try m.logStar.verify(key: kj, ciphertext: received1[j]!.G, point: m.Gamma, base: .generator, verifierParams: myRP, context: ctx(j)) } catch {
                throw .blame(party: j, reason: "Πlog* (Γ_j) refused: \(error)")
            }
            guard !m.Gamma.isIdentity else { throw .blame(party: j, reason: "Γ_j is the identity") }
            // α_{i,j} = dec_i(D_{i,j}) as a signed integer, then mod q (the proofs' ranges keep it from wrapping mod N).
            let alpha: BigInt, alphaHat: BigInt
            do { alpha = try myKey.decryptSigned(m.D); alphaHat = try myKey.decryptSigned(m.Dhat) } catch {
                throw .blame(party: j, reason: "MtA ciphertext refused: \(error)")
            }
            deltaInt += alpha - beta[j]!
            chiInt += alphaHat - betaHat[j]!
            GammaSum = GammaSum + m.Gamma
        }
        received2 = messages
        guard !GammaSum.isIdentity else { throw .unattributedFailure("Γ = O") }
        self.GammaSum = GammaSum
        delta = Scalar(integer: deltaInt.mod(q))
        chi = Scalar(integer: chiInt.mod(q))
        let kS = Scalar(integer: k)
        Delta = GammaSum.multiplySecret(kS)
        let S = GammaSum.multiplySecret(chi)
        let sentDelta = misbehaviour == .badDelta ? delta + .one : delta
        var out: [Int: PresignRound3] = [:]
        for j in others {
            let log = PiLogStar.prove(key: myPK, ciphertext: K, point: Delta, base: GammaSum, plaintext: k, randomness: rho,
                                      verifierParams: pub(j).ringPedersen, context: ctx(index), source: source, proverSecretKey: myKey)
            out[j] = PresignRound3(delta: sentDelta, Delta: Delta, S: S, logStar: log)
        }
        sent3 = PresignRound3(delta: sentDelta, Delta: Delta, S: S, logStar: out.values.first!.logStar)
        round = 3
        return out
    }

    /// Finish: checks Πlog* for each Δ_j, then δ·G = ΣΔ_j, R ≠ O and ΣS_j = δ·X.
    /// On `.deltaMismatch` run ``PresignIdentification`` with everyone's ``reveal()``.
    public mutating func finish(_ messages: [Int: PresignRound3]) throws(PresignFailure) -> Presignature {
        guard round == 3, let mine = sent3 else { throw .protocolError(.wrongRound("finish")) }
        round = 4
        let myRP = pub(index).ringPedersen
        var deltaSum = mine.delta, DeltaSum = Delta, SSum = mine.S
        var deltas: [Int: Point] = [index: Delta], Ss: [Int: Point] = [index: mine.S]
        var sentDeltas: [Int: Scalar] = [index: mine.delta]
        for j in others {
            guard let m = messages[j] else { throw .protocolError(.missingMessage(party: j)) }
            do { try m.logStar.verify(key: pub(j).paillier, ciphertext: received1[j]!.K, point: m.Delta, base: GammaSum, verifierParams: myRP, context: ctx(j)) } catch {
                throw .protocolError(.blame(party: j, reason: "Πlog* (Δ_j) refused: \(error)"))
            }
            deltaSum += m.delta; DeltaSum = DeltaSum + m.Delta; SSum = SSum + m.S
            deltas[j] = m.Delta; Ss[j] = m.S; sentDeltas[j] = m.delta
        }
        guard Point.generator.multiply(by: deltaSum) == DeltaSum else { throw .deltaMismatch(sentDeltas) }
        guard let deltaInv = deltaSum.inverse() else { throw .protocolError(.unattributedFailure("δ = 0")) }
        let R = GammaSum.multiply(by: deltaInv)
        guard !R.isIdentity else { throw .protocolError(.unattributedFailure("R = O")) }
        guard SSum == setup.groupPublicKey.multiply(by: deltaSum) else {
            throw .protocolError(.unattributedFailure("Σ S_j ≠ δ·X: the χ shares do not add up to k·x"))
        }
        let pub = PresignaturePublic(sessionID: sessionID, signers: setup.signers, R: R, Gamma: GammaSum, Deltas: deltas, S: Ss,
                                     groupPublicKey: setup.groupPublicKey)
        return Presignature(index: index, k: Scalar(integer: k), chi: chi, public: pub,
                            misbehaviour: misbehaviour == .badSigma ? .badSigma : nil)
    }

    /// The δ-side values for identification after a `.deltaMismatch` (safe to publish: the
    /// presignature is burnt, and nothing here depends on the key share).
    public func reveal() -> PresignReveal {
        PresignReveal(k: k, gamma: gamma, rho: rho, nu: nu, beta: beta, betaRandomness: betaRandomness)
    }

    /// The round-1 ciphertexts (K_i, G_i) this party broadcast.
    public var round1Ciphertexts: (K: BigInt, G: BigInt) { (K, G) }
}

/// Why presigning did not produce a presignature.
public enum PresignFailure: Error, Equatable, Sendable {
    /// A check failed (see the error; `.blame` names the sender).
    case protocolError(ECDSAProtocolError)
    /// δ·G ≠ ΣΔ_j: some δ_j is wrong; the sent δ_j are attached for ``PresignIdentification``.
    case deltaMismatch([Int: Scalar])
}

extension Presigner: CustomStringConvertible, CustomReflectable {
    /// Redacted: a presigner holds k_i, γ_i, the MtA masks and the encryption randomness.
    public var description: String { "Presigner(index: \(setup.index), signers: \(setup.signers), round: \(round), secrets redacted)" }
    /// No secret children through `dump` or `Mirror`.
    public var customMirror: Mirror { Mirror(self, children: ["index": setup.index, "round": round]) }
}
