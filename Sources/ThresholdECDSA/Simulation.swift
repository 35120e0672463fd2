import BigNum
import DKG
import Foundation
import Paillier
import Primitives
import Secp256k1
import Sharing

/// A misbehaviour of simulated members (dry run, tests, vectors).
public enum ECDSABehaviour: String, CaseIterable, Sendable {
    /// Aux-info with a 3072-bit Blum modulus that has a 256-bit factor: Πmod passes, Πfac fails.
    case badPaillierModulus = "bad-paillier-modulus"
    /// Presigning with an MtA mask β far outside ±2^ℓ′: its Πaff-g is out of range.
    case badRange = "bad-range"
    /// Presigning round 3 with a wrong δ_i: caught by δ·G ≠ ΣΔ_j, named by the reveal.
    case badDelta = "bad-delta"
    /// Online signing with a wrong σ_i: caught by the combiner's check of each σ_j.
    case badSigma = "bad-sigma"
}

/// One cheater named during a simulated run.
public struct NamedCheater: Sendable, Equatable {
    public let member: Int
    /// aux-info, presigning, identification or signing.
    public let phase: String
    public let reason: String
}

/// The outcome of a simulated threshold-ECDSA run.
public struct ECDSASimulationOutcome: Sendable {
    public let publicOutput: DKGPublicOutput<Secp256k1Group>
    /// Members whose aux info was accepted by everyone.
    public let auxMembers: [Int]
    /// Every member's Paillier modulus as accepted (hex), by index.
    public let paillierModuli: [Int: BigInt]
    /// Cheaters in the order they were caught.
    public let named: [NamedCheater]
    /// The signer set of the signature (nil when no signature could be made).
    public let signers: [Int]?
    /// The presignature's public part.
    public let presignature: PresignaturePublic?
    /// Partial signatures of the successful round.
    public let partials: [PartialECDSASignature]
    /// The signature (nil when too few honest members remained).
    public let signature: ThresholdECDSASignature?
    public let message: [UInt8]
    /// Wall-clock seconds per phase (summed over members, i.e. CPU-ish time).
    public let timings: [String: Double]
}

/// Why a simulated run could not start.
public enum ECDSASimulationError: Error, Equatable, Sendable {
    case parameters(String)
    case dkg(String)
    case notEnoughHonestMembers(needed: Int, remaining: Int)
    case protocolBug(String)
}

/// Runs the whole thing in-process, reproducibly from a seed: the GJKR DKG over secp256k1,
/// aux-info for every member (Paillier keys from ``SimulationPrimes`` chosen by the seed),
/// one presigning with the highest t members not yet named, and one signing. A member named
/// in any phase is excluded and the phase is run again without it, as a node would.
/// Members run concurrently on the machine's cores within each round; every member has its
/// own seeded randomness, so the result does not depend on scheduling.
public enum ECDSASimulation {
    /// `behaviours` are the CGGMP21 misbehaviours; `dkgBehaviours` (optional) apply to the
    /// DKG phase, after which only the members holding an honest share take part.
    public static func run(n: Int, t: Int, behaviours: [Int: ECDSABehaviour], dkgBehaviours: [Int: Behaviour] = [:],
                           seed: UInt64, message: [UInt8]) throws(ECDSASimulationError) -> ECDSASimulationOutcome {
        guard message.count == 32 else { throw .parameters("message must be a 32-byte digest") }
        let pool = SimulationPrimes.safePrimes1536
        guard n >= 2, 2 * n <= pool.count else { throw .parameters("the simulation prime pool serves 2…\(pool.count / 2) members") }
        guard t >= 1, t <= n else { throw .parameters("t must be in 1…n") }
        for i in behaviours.keys where i < 1 || i > n { throw .parameters("behaviour for member \(i) outside 1…\(n)") }
        var seedBytes: [UInt8] = Array("thresig/ecdsa/simulate/v1".utf8)
        for s in stride(from: 56, through: 0, by: -8) { seedBytes.append(UInt8(truncatingIfNeeded: seed >> UInt64(s))) }
        seedBytes += [UInt8(n), UInt8(t)]
        let root = RandomSource.seeded(seedBytes)

        let dkg: DKGSimulationOutcome<Secp256k1Group>
        do { dkg = try DKGSimulation<Secp256k1Group>.run(n: n, t: t, behaviours: dkgBehaviours, seed: seed) } catch { throw .dkg("\(error)") }
        let shares = Dictionary(uniqueKeysWithValues: dkg.honestShares.map { ($0.index, $0) })
        var timings: [String: Double] = [:]
        var named: [NamedCheater] = []

        // Paillier keys: a seeded permutation of the pool, two primes per member.
        var order = Array(pool.indices)
        for i in stride(from: order.count - 1, to: 0, by: -1) {
            let j = root.integer(below: BigInt(i + 1)).intValue!
            order.swapAt(i, j)
        }
        var keys: [Int: PaillierSecretKey] = [:]
        for i in 1...n {
            let primes: SecretPrimes
            if behaviours[i] == .badPaillierModulus {
                let pair = SimulationPrimes.smallFactorPair
                primes = SecretPrimes(p: BigInt(hex: pair.small)!, q: BigInt(hex: pair.large)!)
            } else {
                primes = SecretPrimes(p: BigInt(hex: pool[order[2 * i - 2]])!, q: BigInt(hex: pool[order[2 * i - 1]])!)
            }
            do { keys[i] = try PaillierSecretKey(primes: primes) } catch { throw .protocolBug("pool key refused: \(error)") }
        }

        // Aux-info, rerun without whoever is named.
        var members = dkg.honestShares.map(\.index).sorted()
        guard members.count >= max(t, 2) else { throw .notEnoughHonestMembers(needed: max(t, 2), remaining: members.count) }
        var aux: [Int: AuxInfo] = [:]
        var attempt = 0
        while true {
            attempt += 1
            let sid = Array("aux-info".utf8) + seedBytes + [UInt8(attempt)]
            let start = ContinuousClock.now
            let result = runAuxInfo(members: members, sessionID: sid, keys: keys, root: root.derive("aux-\(attempt)"))
            timings["aux-info", default: 0] += seconds(ContinuousClock.now - start)
            switch result {
            case let .success(a): aux = a
            case let .failure(e):
                guard let j = e.blamedParty else { throw .protocolBug("aux-info failed without blame: \(e)") }
                named.append(NamedCheater(member: j, phase: "aux-info", reason: reason(e)))
                members.removeAll { $0 == j }
                guard members.count >= max(t, 2) else { throw .notEnoughHonestMembers(needed: t, remaining: members.count) }
                continue
            }
            break
        }

        // Presigning and signing, rerun with a new signer set after each named cheater.
        var attemptP = 0
        while true {
            attemptP += 1
            let available = members.filter { !named.map(\.member).contains($0) }
            guard available.count >= t else {
                return ECDSASimulationOutcome(publicOutput: dkg.publicOutput, auxMembers: members,
                                              paillierModuli: keys.mapValues { $0.publicKey.n }, named: named, signers: nil,
                                              presignature: nil, partials: [], signature: nil, message: message, timings: timings)
            }
            // The highest t indices still trusted: the simulated cheaters (highest indices) are
            // in the first signer set, so that their misbehaviour is exercised and caught.
            let signers = Array(available.suffix(t))
            var setups: [Int: SignerSetup] = [:]
            for i in signers {
                do { setups[i] = try SignerSetup(share: shares[i]!, publicOutput: dkg.publicOutput, signers: signers, aux: aux[i]!) } catch {
                    throw .protocolBug("signer setup: \(error)")
                }
            }
            let sid = Array("presign".utf8) + seedBytes + [UInt8(attemptP)]
            let start = ContinuousClock.now
            let presign = runPresign(signers: signers, sessionID: sid, setups: setups, behaviours: behaviours, root: root.derive("presign-\(attemptP)"))
            timings["presign", default: 0] += seconds(ContinuousClock.now - start)
            let presigs: [Int: Presignature]
            switch presign {
            case let .success(p): presigs = p
            case let .failure(.blamed(j, phase, why)):
                named.append(NamedCheater(member: j, phase: phase, reason: why)); continue
            case let .failure(.other(why)): throw .protocolBug(why)
            }
            let startSign = ContinuousClock.now
            var partials: [PartialECDSASignature] = []
            for i in signers {
                do { partials.append(try presigs[i]!.partialSign(digest: message)) } catch { throw .protocolBug("partial: \(error)") }
            }
            let pub = presigs[signers[0]]!.publicPart
            do {
                let sig = try ECDSACombiner.combine(pub, digest: message, partials: partials)
                timings["sign", default: 0] += seconds(ContinuousClock.now - startSign)
                return ECDSASimulationOutcome(publicOutput: dkg.publicOutput, auxMembers: members,
                                              paillierModuli: keys.mapValues { $0.publicKey.n }, named: named, signers: signers,
                                              presignature: pub, partials: partials, signature: sig, message: message, timings: timings)
            } catch {
                guard let j = error.blamedParty else { throw .protocolBug("combine: \(error)") }
                named.append(NamedCheater(member: j, phase: "signing", reason: reason(error)))
            }
        }
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    static func reason(_ e: ECDSAProtocolError) -> String {
        switch e {
        case let .blame(_, r): r
        case .missingMessage: "no message"
        default: "\(e)"
        }
    }

    /// Runs `body` for every member concurrently; results by member.
    static func parallel<T: Sendable>(_ members: [Int], _ body: @Sendable (Int) -> T) -> [Int: T] {
        let box = ResultBox<T>()
        DispatchQueue.concurrentPerform(iterations: members.count) { k in
            let v = body(members[k])
            box.set(members[k], v)
        }
        return box.values
    }

    final class ResultBox<T: Sendable>: @unchecked Sendable {
        private let lock = NSLock()
        private var dict: [Int: T] = [:]
        func set(_ k: Int, _ v: T) { lock.withLock { dict[k] = v } }
        var values: [Int: T] { lock.withLock { dict } }
    }

    /// The lowest-indexed error among members (deterministic regardless of scheduling).
    static func firstError<T>(_ r: [Int: Result<T, ECDSAProtocolError>]) -> ECDSAProtocolError? {
        for k in r.keys.sorted() { if case let .failure(e) = r[k]! { return e } }
        return nil
    }

    static func runAuxInfo(members: [Int], sessionID: [UInt8], keys: [Int: PaillierSecretKey], root: RandomSource) -> Result<[Int: AuxInfo], ECDSAProtocolError> {
        var parties: [Int: AuxInfoParty] = [:]
        for i in members {
            do { parties[i] = try AuxInfoParty(sessionID: sessionID, index: i, parties: members, paillierKey: keys[i]!, source: root.derive("member-\(i)")) } catch {
                return .failure(error)
            }
        }
        let snapshot1 = parties
        let r1 = parallel(members) { i -> (AuxInfoParty, Result<AuxInfoCommit, ECDSAProtocolError>) in
            var p = snapshot1[i]!
            do throws(ECDSAProtocolError) { let r = try p.round1(); return (p, .success(r)) } catch { return (p, .failure(error)) }
        }
        var commits: [Int: AuxInfoCommit] = [:]
        for i in members { parties[i] = r1[i]!.0; if case let .success(c) = r1[i]!.1 { commits[i] = c } }
        var reveals: [Int: AuxInfoReveal] = [:]
        for i in members {
            do { reveals[i] = try parties[i]!.round2(commitments: commits) } catch { return .failure(error) }
        }
        let snapshot3 = parties
        let allReveals = reveals
        let r3 = parallel(members) { i -> (AuxInfoParty, Result<[Int: AuxInfoProofs], ECDSAProtocolError>) in
            var p = snapshot3[i]!
            do throws(ECDSAProtocolError) { let r = try p.round3(reveals: allReveals); return (p, .success(r)) } catch { return (p, .failure(error)) }
        }
        if let e = firstError(r3.mapValues { $0.1 }) { return .failure(e) }
        for i in members { parties[i] = r3[i]!.0 }
        let proofs = r3.mapValues { try! $0.1.get() }
        let snapshot4 = parties
        let r4 = parallel(members) { i -> Result<AuxInfo, ECDSAProtocolError> in
            var p = snapshot4[i]!
            var mine: [Int: AuxInfoProofs] = [:]
            for j in members where j != i { mine[j] = proofs[j]![i] }
            do throws(ECDSAProtocolError) { return .success(try p.finish(proofs: mine)) } catch { return .failure(error) }
        }
        if let e = firstError(r4) { return .failure(e) }
        return .success(r4.mapValues { try! $0.get() })
    }

    /// The messages addressed to `i`, by sender.
    static func inbox<M>(_ all: [Int: [Int: M]], to i: Int, _ signers: [Int]) -> [Int: M] {
        var m: [Int: M] = [:]
        for j in signers where j != i { m[j] = all[j]![i] }
        return m
    }

    enum PresignRunFailure: Error { case blamed(Int, String, String), other(String) }

    static func runPresign(signers: [Int], sessionID: [UInt8], setups: [Int: SignerSetup], behaviours: [Int: ECDSABehaviour],
                           root: RandomSource) -> Result<[Int: Presignature], PresignRunFailure> {
        func mis(_ i: Int) -> Misbehaviour? {
            switch behaviours[i] {
            case .badRange: .badRange
            case .badDelta: .badDelta
            case .badSigma: .badSigma
            default: nil
            }
        }
        var ps: [Int: Presigner] = [:]
        for i in signers {
            ps[i] = Presigner(sessionID: sessionID, setup: setups[i]!, source: root.derive("member-\(i)"), misbehaviour: mis(i))
        }
        func blame(_ e: ECDSAProtocolError, _ phase: String) -> PresignRunFailure {
            if let j = e.blamedParty { return .blamed(j, phase, reason(e)) }
            return .other("\(phase): \(e)")
        }
        // Round 1.
        let s1 = ps
        let r1 = parallel(signers) { i -> (Presigner, [Int: PresignRound1]) in
            var p = s1[i]!; let out = try! p.round1(); return (p, out)
        }
        for i in signers { ps[i] = r1[i]!.0 }
        let out1 = r1.mapValues { $0.1 }
        let s2 = ps
        let r2 = parallel(signers) { i -> (Presigner, Result<[Int: PresignRound2], ECDSAProtocolError>) in
            var p = s2[i]!
            do throws(ECDSAProtocolError) { let r = try p.round2(inbox(out1, to: i, signers)); return (p, .success(r)) } catch { return (p, .failure(error)) }
        }
        if let e = firstError(r2.mapValues { $0.1 }) { return .failure(blame(e, "presigning")) }
        for i in signers { ps[i] = r2[i]!.0 }
        let out2 = r2.mapValues { try! $0.1.get() }
        let s3 = ps
        let r3 = parallel(signers) { i -> (Presigner, Result<[Int: PresignRound3], ECDSAProtocolError>) in
            var p = s3[i]!
            do throws(ECDSAProtocolError) { let r = try p.round3(inbox(out2, to: i, signers)); return (p, .success(r)) } catch { return (p, .failure(error)) }
        }
        if let e = firstError(r3.mapValues { $0.1 }) { return .failure(blame(e, "presigning")) }
        for i in signers { ps[i] = r3[i]!.0 }
        let out3 = r3.mapValues { try! $0.1.get() }
        var presigs: [Int: Presignature] = [:]
        for i in signers {
            var p = ps[i]!
            do { presigs[i] = try p.finish(inbox(out3, to: i, signers)) } catch {
                switch error {
                case let .protocolError(e): return .failure(blame(e, "presigning"))
                case let .deltaMismatch(sent):
                    // Identification: everyone reveals the δ side; the record of j holds the D_{i,j} that each i received.
                    var records: [Int: PresignIdentification.PartyRecord] = [:]
                    for j in signers {
                        var sentD: [Int: BigInt] = [:]
                        for r in signers where r != j { sentD[r] = out2[j]![r]!.D }
                        let (K, G) = ps[j]!.round1Ciphertexts
                        records[j] = .init(K: K, G: G, sentDelta: sent[j]!, sentD: sentD, reveal: ps[j]!.reveal())
                    }
                    let keys = Dictionary(uniqueKeysWithValues: signers.map { ($0, setups[$0]!.aux.parties[$0]!.paillier) })
                    let culprits = PresignIdentification.identify(records: records, keys: keys)
                    guard let c = culprits.first else { return .failure(.other("δ mismatch and nobody identified")) }
                    return .failure(.blamed(c, "identification", "δ_i differs from the value its revealed nonces and MtA masks give"))
                }
            }
        }
        return .success(presigs)
    }
}
