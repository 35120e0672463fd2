import BigNum
import Paillier
import Primitives
import Secp256k1

/// Deterministic proof cases for the vectors (`vectors/ecdsa-threshold/`): each of the
/// seven proofs made honestly from the simulation pool and a seed, then checked as is
/// (must be accepted) and with one named field broken (must be refused). Another
/// implementation reproduces the honest proof from the same seed and the documented
/// derivation, and compares the digest.
public enum ProofCases {
    /// The proofs, by vector name.
    public static let proofNames = ["pi-sch", "pi-mod", "pi-prm", "pi-fac", "pi-enc", "pi-aff-g", "pi-log-star"]

    /// The fields each proof's vectors break, in order.
    public static let fields: [String: [String]] = [
        "pi-sch": ["A", "z"],
        "pi-mod": ["w", "x[0]", "z[0]", "a[0]", "b[0]", "z[127]", "count"],
        "pi-prm": ["A[0]", "z[0]", "z[127]", "count"],
        "pi-fac": ["P", "Q", "A", "B", "T", "sigma", "z1", "z2", "w1", "w2", "v", "z1-range"],
        "pi-enc": ["S", "A", "C", "z1", "z2", "z3", "z1-range"],
        "pi-aff-g": ["A", "Bx", "By", "E", "S", "F", "T", "z1", "z2", "z3", "z4", "w", "wy", "z2-range"],
        "pi-log-star": ["S", "A", "Y", "D", "z1", "z2", "z3", "z1-range"],
    ]

    /// The outcome of one case: accepted or refused, and the honest proof's digest.
    public struct Outcome: Sendable {
        public let accepted: Bool
        public let digest: String
        /// Seconds spent proving (including the statement's own encryptions) and verifying.
        public var proveSeconds = 0.0
        public var verifySeconds = 0.0
    }

    static func since(_ t: ContinuousClock.Instant) -> Double {
        let d = ContinuousClock.now - t
        return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    static func digest(_ values: [BigInt]) -> String {
        var t = Transcript(domain: "thresig/cggmp21/proof-digest/v1")
        for v in values { t.append("v", Signed.encode(v)) }
        return "0x" + Hex.encode(t.digest())
    }

    static func key(_ i: Int) -> PaillierSecretKey {
        let pool = SimulationPrimes.safePrimes1536
        return try! PaillierSecretKey(safePrimes: SecretPrimes(p: BigInt(hex: pool[2 * i])!, q: BigInt(hex: pool[2 * i + 1])!))
    }

    static func bump(_ x: inout BigInt) { x += 1 }
    static func double(_ x: inout BigInt, _ m: BigInt) { x = (x * 2).mod(m) }

    /// Makes `proof` from `seed` (prover: pool pair 0, verifier: pool pair 1), breaks
    /// `field` (nil: none) and verifies. Throws for an unknown proof or field.
    public static func run(proof: String, field: String?, seed: UInt64) throws(ECDSAProtocolError) -> Outcome {
        var sb: [UInt8] = Array("thresig/ecdsa-vectors/proof/\(proof)".utf8)
        for s in stride(from: 56, through: 0, by: -8) { sb.append(UInt8(truncatingIfNeeded: seed >> UInt64(s))) }
        let src = RandomSource.seeded(sb)
        let ctx = ProofContext(sessionID: sb, prover: 1)
        let prover = key(0), verifier = key(1)
        let (rp, _) = RingPedersenSecret.generate(for: verifier, source: src.derive("verifier-rp"))
        let q = CGGMPParameters.q
        let unknown = ECDSAProtocolError.invalidParameters("unknown field \(field ?? "") of \(proof)")
        var verifyTime = 0.0
        func check(_ body: () throws(ProofError) -> Void) -> Bool {
            let t0 = ContinuousClock.now
            defer { verifyTime = since(t0) }
            do { try body(); return true } catch { return false }
        }
        let start = ContinuousClock.now
        var proveTime = 0.0
        switch proof {
        case "pi-sch":
            let x = Scalar(reducing: src.bytes(48)), X = Point.generatorMultiplySecret(x)
            var p = PiSch.prove(x: x, publicPoint: X, context: ctx, source: src)
            let d = digest([BigInt(bytes: p.a.sec1()), p.z.integer])
            proveTime = since(start)
            switch field { case nil: break; case "A": p.a = p.a + .generator; case "z": p.z += .one; default: throw unknown }
            let ok = check { () throws(ProofError) in try p.verify(publicPoint: X, context: ctx) }
            return Outcome(accepted: ok, digest: d, proveSeconds: proveTime, verifySeconds: verifyTime)
        case "pi-mod":
            var p = try! PiMod.prove(key: prover, context: ctx, source: src)
            let n = prover.publicKey.n
            let d = digest([p.w] + p.responses.flatMap { [$0.x, $0.z, BigInt($0.a ? 1 : 0), BigInt($0.b ? 1 : 0)] })
            proveTime = since(start)
            switch field {
            case nil: break
            case "w": bump(&p.w)
            case "x[0]": bump(&p.responses[0].x)
            case "z[0]": bump(&p.responses[0].z)
            case "a[0]": p.responses[0].a.toggle()
            case "b[0]": p.responses[0].b.toggle()
            case "z[127]": bump(&p.responses[127].z)
            case "count": p.responses.removeLast()
            default: throw unknown
            }
            let ok = check { () throws(ProofError) in try p.verify(n: n, context: ctx) }
            return Outcome(accepted: ok, digest: d, proveSeconds: proveTime, verifySeconds: verifyTime)
        case "pi-prm":
            let (prp, secret) = RingPedersenSecret.generate(for: prover, source: src.derive("prover-rp"))
            var p = PiPrm.prove(params: prp, secret: secret, key: prover, context: ctx, source: src)
            let d = digest([prp.n, prp.s, prp.t] + p.commitments + p.responses)
            proveTime = since(start)
            switch field {
            case nil: break
            case "A[0]": double(&p.commitments[0], prp.n)
            case "z[0]": bump(&p.responses[0])
            case "z[127]": bump(&p.responses[127])
            case "count": p.responses.removeLast(); p.commitments.removeLast()
            default: throw unknown
            }
            let ok = check { () throws(ProofError) in try p.verify(params: prp, context: ctx) }
            return Outcome(accepted: ok, digest: d, proveSeconds: proveTime, verifySeconds: verifyTime)
        case "pi-fac":
            var p = PiFac.prove(key: prover, verifierParams: rp, context: ctx, source: src)
            let d = digest([p.P, p.Q, p.A, p.B, p.T, p.sigma, p.z1, p.z2, p.w1, p.w2, p.v])
            proveTime = since(start)
            let m = rp.n
            switch field {
            case nil: break
            case "P": double(&p.P, m); case "Q": double(&p.Q, m); case "A": double(&p.A, m)
            case "B": double(&p.B, m); case "T": double(&p.T, m); case "sigma": bump(&p.sigma)
            case "z1": bump(&p.z1); case "z2": bump(&p.z2); case "w1": bump(&p.w1); case "w2": bump(&p.w2); case "v": bump(&p.v)
            case "z1-range": p.z1 += BigInt(1) << 2400
            default: throw unknown
            }
            let ok = check { () throws(ProofError) in try p.verify(n0: prover.publicKey.n, verifierParams: rp, context: ctx) }
            return Outcome(accepted: ok, digest: d, proveSeconds: proveTime, verifySeconds: verifyTime)
        case "pi-enc":
            let pk = prover.publicKey
            let k = src.integer(below: q)
            let (K, rho) = pk.encrypt(k, source: src)
            var p = PiEnc.prove(key: pk, ciphertext: K, plaintext: k, randomness: rho, verifierParams: rp, context: ctx, source: src)
            let d = digest([K, p.S, p.A, p.C, p.z1, p.z2, p.z3])
            proveTime = since(start)
            switch field {
            case nil: break
            case "S": double(&p.S, rp.n); case "A": double(&p.A, pk.nSquared); case "C": double(&p.C, rp.n)
            case "z1": bump(&p.z1); case "z2": double(&p.z2, pk.n); case "z3": bump(&p.z3)
            case "z1-range": p.z1 += BigInt(1) << 800
            default: throw unknown
            }
            let ok = check { () throws(ProofError) in try p.verify(key: pk, ciphertext: K, verifierParams: rp, context: ctx) }
            return Outcome(accepted: ok, digest: d, proveSeconds: proveTime, verifySeconds: verifyTime)
        case "pi-log-star":
            let pk = prover.publicKey
            let x = src.integer(below: q)
            let g = Point.generator.multiply(by: Scalar(integer: src.integer(below: q - 1) + 1))
            let X = g.multiply(by: Scalar(integer: x))
            let (C, rho) = pk.encrypt(x, source: src)
            var p = PiLogStar.prove(key: pk, ciphertext: C, point: X, base: g, plaintext: x, randomness: rho, verifierParams: rp, context: ctx, source: src)
            let d = digest([C, p.S, p.A, BigInt(bytes: p.Y.sec1()), p.D, p.z1, p.z2, p.z3])
            proveTime = since(start)
            switch field {
            case nil: break
            case "S": double(&p.S, rp.n); case "A": double(&p.A, pk.nSquared); case "Y": p.Y = p.Y + .generator
            case "D": double(&p.D, rp.n); case "z1": bump(&p.z1); case "z2": double(&p.z2, pk.n); case "z3": bump(&p.z3)
            case "z1-range": p.z1 += BigInt(1) << 800
            default: throw unknown
            }
            let ok = check { () throws(ProofError) in try p.verify(key: pk, ciphertext: C, point: X, base: g, verifierParams: rp, context: ctx) }
            return Outcome(accepted: ok, digest: d, proveSeconds: proveTime, verifySeconds: verifyTime)
        case "pi-aff-g":
            let k0 = verifier.publicKey, k1 = prover.publicKey
            let (C, _) = k0.encrypt(src.integer(below: q), source: src)
            let x = src.integer(below: q), y = src.signed(bits: CGGMPParameters.ellPrime)
            let (Y, ry) = k1.encrypt(y, source: src)
            let (E, s) = k0.encrypt(y, source: src)
            let st = PiAffG.Statement(verifierKey: k0, C: C, D: k0.add(k0.multiply(C, by: x), E), proverKey: k1, Y: Y,
                                      X: Point.generatorMultiplySecret(Scalar(integer: x)))
            var p = PiAffG.prove(statement: st, x: x, y: y, rho: s, rhoY: ry, verifierParams: rp, context: ctx, source: src)
            let d = digest([st.C, st.D, st.Y, p.A, BigInt(bytes: p.Bx.sec1()), p.By, p.E, p.S, p.F, p.T, p.z1, p.z2, p.z3, p.z4, p.w, p.wy])
            proveTime = since(start)
            switch field {
            case nil: break
            case "A": double(&p.A, k0.nSquared); case "Bx": p.Bx = p.Bx + .generator; case "By": double(&p.By, k1.nSquared)
            case "E": double(&p.E, rp.n); case "S": double(&p.S, rp.n); case "F": double(&p.F, rp.n); case "T": double(&p.T, rp.n)
            case "z1": bump(&p.z1); case "z2": bump(&p.z2); case "z3": bump(&p.z3); case "z4": bump(&p.z4)
            case "w": double(&p.w, k0.n); case "wy": double(&p.wy, k1.n)
            case "z2-range": p.z2 += BigInt(1) << (CGGMPParameters.ellPrime + CGGMPParameters.epsilon + 8)
            default: throw unknown
            }
            let ok = check { () throws(ProofError) in try p.verify(statement: st, verifierParams: rp, context: ctx) }
            return Outcome(accepted: ok, digest: d, proveSeconds: proveTime, verifySeconds: verifyTime)
        default:
            throw .invalidParameters("unknown proof \(proof)")
        }
    }
}
