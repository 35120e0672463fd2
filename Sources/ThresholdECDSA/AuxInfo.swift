import BigNum
import Paillier
import Primitives

/// One party's public auxiliary information: its Paillier key and ring-Pedersen parameters.
public struct AuxPublic: Sendable, Hashable {
    /// The party's Paillier key N_j (also the modulus of its ring-Pedersen parameters).
    public let paillier: PaillierPublicKey
    /// (N̂_j, s_j, t_j).
    public let ringPedersen: RingPedersenParameters
}

/// The result of aux-info at one party: everyone's public aux info and its own Paillier key.
public struct AuxInfo: Sendable {
    /// The run's session id.
    public let sessionID: [UInt8]
    /// Every party's public aux info, by index.
    public let parties: [Int: AuxPublic]
    /// The holder's index.
    public let index: Int
    /// The holder's Paillier secret key (redacted when printed).
    public let secretKey: PaillierSecretKey
}

/// Aux-info round 1 message (broadcast): a commitment to the party's parameters.
public struct AuxInfoCommit: Sendable, Hashable {
    public let commitment: [UInt8]
}

/// Aux-info round 2 message (broadcast): the parameters, Πprm, and the commitment's opening.
public struct AuxInfoReveal: Sendable, Hashable {
    public var n: BigInt
    public var s: BigInt
    public var t: BigInt
    public var prm: PiPrm
    /// Random contribution to the session's joint randomness `rid` (32 bytes).
    public var rid: [UInt8]
    /// Commitment randomness (32 bytes).
    public var opening: [UInt8]
}

/// Aux-info round 3 message: Πmod (to everyone) and the Πfac made for one verifier.
public struct AuxInfoProofs: Sendable, Hashable {
    public var mod: PiMod
    public var fac: PiFac
}

/// Aux-info (CGGMP21, eprint 2021/060, Figure 6 without the key refresh — the share comes
/// from the GJKR DKG — as in the cggmp21 crate's `aux_info_gen`), as a sans-I/O state
/// machine driven round by round:
///
/// 1. generate ring-Pedersen parameters over one's own Paillier modulus, prove them with
///    Πprm, broadcast a hash commitment `V_i = H(sid, i, N_i, s_i, t_i, Πprm, rid_i, u_i)`;
/// 2. reveal; everyone checks the opening, N_i ≥ 3071 bits, no modulus or (s, t) used by
///    two parties, gcd(s, N) = gcd(t, N) = 1, and Πprm;
/// 3. with `rid = ⊕ rid_j` bound into the proofs' session, send Πmod to everyone and Πfac
///    to each verifier j against j's parameters; everyone checks the Πmod of all and the
///    Πfac addressed to it.
///
/// Commit-then-reveal stops a party from choosing its parameters after seeing the others'
/// (e.g. copying one to make a duplicate). Each failed check names the sender.
public struct AuxInfoParty: Sendable {
    public let sessionID: [UInt8]
    public let index: Int
    public let parties: [Int]
    let key: PaillierSecretKey
    let source: RandomSource
    var rp: RingPedersenParameters?
    var reveal: AuxInfoReveal?
    var commitments: [Int: AuxInfoCommit] = [:]
    var revealed: [Int: AuxInfoReveal] = [:]
    var jointRID: [UInt8] = []
    var round = 0

    /// A party of `parties` (distinct indices ≥ 1, including `index`) with its Paillier key.
    public init(sessionID: [UInt8], index: Int, parties: [Int], paillierKey: PaillierSecretKey,
                source: RandomSource = .system) throws(ECDSAProtocolError) {
        guard Set(parties).count == parties.count, parties.contains(index), parties.allSatisfy({ $0 >= 1 }), parties.count >= 2 else {
            throw .invalidParameters("parties must be ≥ 2 distinct indices ≥ 1 including the holder")
        }
        guard paillierKey.publicKey.n.bitLength >= PaillierPublicKey.minimumBits else {
            throw .invalidParameters("Paillier modulus below \(PaillierPublicKey.minimumBits) bits")
        }
        self.sessionID = sessionID; self.index = index; self.parties = parties.sorted()
        self.key = paillierKey; self.source = source
    }

    static func commitment(sessionID: [UInt8], index: Int, _ r: AuxInfoReveal) -> [UInt8] {
        var t = Transcript(domain: "thresig/cggmp21/aux-info-commit/v1")
        t.append("session-id", sessionID); t.append("party", uint64: UInt64(index))
        t.append("N", Signed.encode(r.n)); t.append("s", Signed.encode(r.s)); t.append("t", Signed.encode(r.t))
        t.append("prm.A", r.prm.commitments.flatMap { Signed.encode($0) + [0xff] })
        t.append("prm.z", r.prm.responses.flatMap { Signed.encode($0) + [0xff] })
        t.append("rid", r.rid); t.append("u", r.opening)
        return t.digest()
    }

    /// The first party (in index order) whose modulus or (s, t) another party already
    /// uses. Two parties can only share them by sharing the secret behind them (each
    /// proved Πprm under its own index), so both are colluding; the later one is named.
    static func firstDuplicate(_ reveals: [(Int, AuxInfoReveal)]) -> (Int, String)? {
        var seenN = Set<BigInt>(), seenST = Set<[BigInt]>()
        for (j, r) in reveals {
            guard seenN.insert(r.n).inserted else { return (j, "Paillier modulus used by another party") }
            guard seenST.insert([r.s, r.t]).inserted else { return (j, "ring-Pedersen (s, t) used by another party") }
        }
        return nil
    }

    func context(_ prover: Int) -> ProofContext { ProofContext(sessionID: sessionID, prover: prover) }
    func contextWithRID(_ prover: Int) -> ProofContext { ProofContext(sessionID: sessionID + jointRID, prover: prover) }

    /// Round 1: parameters, Πprm, commitment (broadcast).
    public mutating func round1() throws(ECDSAProtocolError) -> AuxInfoCommit {
        guard round == 0 else { throw .wrongRound("round1") }
        let (params, secret) = RingPedersenSecret.generate(for: key, source: source)
        let prm = PiPrm.prove(params: params, secret: secret, key: key, context: context(index), source: source)
        let r = AuxInfoReveal(n: params.n, s: params.s, t: params.t, prm: prm, rid: source.bytes(32), opening: source.bytes(32))
        rp = params; reveal = r; round = 1
        return AuxInfoCommit(commitment: Self.commitment(sessionID: sessionID, index: index, r))
    }

    /// Round 2: takes every party's commitment (its own included), returns the reveal (broadcast).
    public mutating func round2(commitments: [Int: AuxInfoCommit]) throws(ECDSAProtocolError) -> AuxInfoReveal {
        guard round == 1, let reveal else { throw .wrongRound("round2") }
        for j in parties where commitments[j] == nil { throw .missingMessage(party: j) }
        self.commitments = commitments
        round = 2
        return reveal
    }

    /// Round 3: checks every reveal, then returns Πmod and the Πfac for each other party.
    public mutating func round3(reveals: [Int: AuxInfoReveal]) throws(ECDSAProtocolError) -> [Int: AuxInfoProofs] {
        guard round == 2 else { throw .wrongRound("round3") }
        for j in parties where reveals[j] == nil { throw .missingMessage(party: j) }
        for j in parties {
            let r = reveals[j]!
            guard Self.commitment(sessionID: sessionID, index: j, r) == commitments[j]!.commitment else {
                throw .blame(party: j, reason: "reveal does not open the commitment")
            }
            guard r.rid.count == 32, r.opening.count == 32 else { throw .blame(party: j, reason: "rid or opening not 32 bytes") }
            let params: RingPedersenParameters
            do {
                _ = try PaillierPublicKey(n: r.n)
                params = try RingPedersenParameters(n: r.n, s: r.s, t: r.t)
            } catch { throw .blame(party: j, reason: "parameters refused: \(error)") }
            if j != index {
                // Πprm is bound to the prover's index: a party that copies another's
                // parameters and proof is caught here, before the duplicate check.
                do { try r.prm.verify(params: params, context: context(j)) } catch {
                    throw .blame(party: j, reason: "Πprm refused: \(error)")
                }
            }
        }
        if let (j, why) = Self.firstDuplicate(parties.map { ($0, reveals[$0]!) }) { throw .blame(party: j, reason: why) }
        revealed = reveals
        jointRID = parties.reduce([UInt8](repeating: 0, count: 32)) { acc, j in zip(acc, reveals[j]!.rid).map { $0 ^ $1 } }
        var out: [Int: AuxInfoProofs] = [:]
        let ctx = contextWithRID(index)
        let mod: PiMod
        do { mod = try PiMod.prove(key: key, context: ctx, source: source) } catch {
            throw .invalidParameters("own Paillier key is not a Blum modulus: \(error)")
        }
        for j in parties where j != index {
            let rpj = try! RingPedersenParameters(n: reveals[j]!.n, s: reveals[j]!.s, t: reveals[j]!.t)
            out[j] = AuxInfoProofs(mod: mod, fac: PiFac.prove(key: key, verifierParams: rpj, context: ctx, source: source))
        }
        round = 3
        return out
    }

    /// Final step: checks each party's Πmod and the Πfac it made for this party; returns
    /// the aux info. `proofs[j]` is what party j sent to this party.
    public mutating func finish(proofs: [Int: AuxInfoProofs]) throws(ECDSAProtocolError) -> AuxInfo {
        guard round == 3, let rp else { throw .wrongRound("finish") }
        var publics: [Int: AuxPublic] = [:]
        for j in parties {
            let r = revealed[j]!
            let pk = try! PaillierPublicKey(n: r.n)
            let params = try! RingPedersenParameters(n: r.n, s: r.s, t: r.t)
            publics[j] = AuxPublic(paillier: pk, ringPedersen: params)
            guard j != index else { continue }
            guard let p = proofs[j] else { throw .missingMessage(party: j) }
            do { try p.mod.verify(n: r.n, context: contextWithRID(j)) } catch { throw .blame(party: j, reason: "Πmod refused: \(error)") }
            do { try p.fac.verify(n0: r.n, verifierParams: rp, context: contextWithRID(j)) } catch {
                throw .blame(party: j, reason: "Πfac refused: \(error)")
            }
        }
        round = 4
        return AuxInfo(sessionID: sessionID, parties: publics, index: index, secretKey: key)
    }
}

extension AuxInfoParty: CustomStringConvertible, CustomReflectable {
    /// Redacted: the party holds its Paillier key (itself redacted) and, until round 1
    /// ends, its ring-Pedersen secret.
    public var description: String { "AuxInfoParty(index: \(index), parties: \(parties), round: \(round))" }
    /// No secret children through `dump` or `Mirror`.
    public var customMirror: Mirror { Mirror(self, children: ["index": index, "round": round]) }
}
