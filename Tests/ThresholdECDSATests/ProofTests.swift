import BigNum
@testable import Paillier
import Secp256k1
import Testing
@testable import ThresholdECDSA

@Suite("CGGMP21 proofs: honest, false statements, mutated fields, replay, ranges")
struct ProofTests {
    let ctx = Fixtures.context
    static func pow2(_ k: Int) -> BigInt { BigInt(1) << k }

    @Test("Πsch (Fig. 22)")
    func piSch() throws {
        let x = Scalar(reducing: Array("x".utf8))
        let X = Point.generatorMultiplySecret(x)
        let proof = PiSch.prove(x: x, publicPoint: X, context: ctx, source: Fixtures.source("sch"))
        try proof.verify(publicPoint: X, context: ctx)
        // False statement: a proof for x does not prove X + G.
        #expect(throws: ProofError.self) { try proof.verify(publicPoint: X + .generator, context: ctx) }
        // Wrong witness.
        let bad = PiSch.prove(x: x + .one, publicPoint: X, context: ctx, source: Fixtures.source("sch2"))
        #expect(throws: ProofError.self) { try bad.verify(publicPoint: X, context: ctx) }
        let edits: [Edit<PiSch>] = [("A", { $0.a = $0.a + .generator }), ("z", { $0.z += .one })]
        for (name, m) in mutations(proof, edits) {
            #expect(throws: ProofError.self, "mutated \(name)") { try m.verify(publicPoint: X, context: ctx) }
        }
        #expect(throws: ProofError.self) { try proof.verify(publicPoint: X, context: Fixtures.otherSession) }
        #expect(throws: ProofError.self) { try proof.verify(publicPoint: X, context: Fixtures.otherProver) }
    }

    @Test("Πmod (Fig. 16): Blum modulus; N prime, even, Jacobi(w) ≠ −1, gcd(w, N) ≠ 1 refused")
    func piMod() throws {
        let key = Fixtures.prover
        let n = key.publicKey.n
        let proof = try PiMod.prove(key: key, context: ctx, source: Fixtures.source("mod"))
        try proof.verify(n: n, context: ctx)
        #expect(proof.responses.count == 128)
        // The statement of another modulus.
        #expect(throws: ProofError.self) { try proof.verify(n: Fixtures.verifier.publicKey.n, context: ctx) }
        // Even N, prime N.
        #expect(throws: ProofError.invalidModulus("N must be odd")) { try proof.verify(n: n + 1, context: ctx) }
        #expect(throws: ProofError.invalidModulus("N is prime")) { try proof.verify(n: Fixtures.prime(0), context: ctx) }
        let edits: [Edit<PiMod>] = [
            ("w", { $0.w = $0.w + 1 }),
            ("x0", { $0.responses[0].x = $0.responses[0].x + 1 }),
            ("z0", { $0.responses[0].z = $0.responses[0].z + 1 }),
            ("a0", { $0.responses[0].a.toggle() }),
            ("b0", { $0.responses[0].b.toggle() }),
            ("x127", { $0.responses[127].x += 1 }),
            ("count", { $0.responses.removeLast() }),
            ("w=N−w·…", { $0.w = n }),
            ("x out of range", { $0.responses[0].x += n }),
        ]
        var muts = mutations(proof, edits)
        // Jacobi(w, N) = +1 (w²) and gcd(w, N) ≠ 1 (w = p).
        var jac = proof; jac.w = (proof.w * proof.w).mod(n)
        var gcd = proof; gcd.w = key.primes.p
        muts.append(("jacobi", jac))
        muts.append(("gcd", gcd))
        for (name, m) in muts {
            #expect(throws: ProofError.self, "mutated \(name)") { try m.verify(n: n, context: ctx) }
        }
        do { var p = proof; p.w = (proof.w * proof.w).mod(n); try p.verify(n: n, context: ctx) } catch {
            #expect(error == .invalidValue("Jacobi(w, N) ≠ −1"))
        }
        #expect(throws: ProofError.self) { try proof.verify(n: n, context: Fixtures.otherSession) }
        #expect(throws: ProofError.self) { try proof.verify(n: n, context: Fixtures.otherProver) }
        // (N − x_i is another fourth root of the same value: accepted, as the paper allows.)
        // A Blum modulus with a small factor passes Πmod: catching it is Πfac's job.
        #expect(throws: Never.self) { try PiMod.prove(key: Fixtures.smallFactorKey, context: ctx, source: Fixtures.source("m2")).verify(n: Fixtures.smallFactorKey.publicKey.n, context: ctx) }
    }

    @Test("Πprm (Fig. 17): s ∈ ⟨t⟩ with 128 binary challenges")
    func piPrm() throws {
        let (rp, secret) = Fixtures.proverRP
        let proof = PiPrm.prove(params: rp, secret: secret, key: Fixtures.prover, context: ctx, source: Fixtures.source("prm"))
        try proof.verify(params: rp, context: ctx)
        // False statement: parameters with s not a power of t (s = −t² … a different λ unknown): use s·t.
        let wrong = try RingPedersenParameters(n: rp.n, s: (rp.s * rp.t).mod(rp.n), t: rp.t)
        #expect(throws: ProofError.self) { try proof.verify(params: wrong, context: ctx) }
        // A prover with a wrong λ.
        let lying = PiPrm.prove(params: rp, secret: RingPedersenSecret(lambda: secret.lambda + 1, phi: secret.phi),
                                key: Fixtures.prover, context: ctx, source: Fixtures.source("prm2"))
        #expect(throws: ProofError.self) { try lying.verify(params: rp, context: ctx) }
        let edits: [Edit<PiPrm>] = [
            ("A0", { $0.commitments[0] = ($0.commitments[0] * 2).mod(rp.n) }),
            ("z0", { $0.responses[0] += 1 }),
            ("z127", { $0.responses[127] += 1 }),
            ("count", { $0.responses.removeLast(); $0.commitments.removeLast() }),
            ("z out of range", { $0.responses[3] += rp.n }),
        ]
        for (name, m) in mutations(proof, edits) {
            #expect(throws: ProofError.self, "mutated \(name)") { try m.verify(params: rp, context: ctx) }
        }
        #expect(throws: ProofError.self) { try proof.verify(params: rp, context: Fixtures.otherSession) }
        #expect(throws: ProofError.self) { try proof.verify(params: rp, context: Fixtures.otherProver) }
    }

    @Test("Πfac (Fig. 28): no small factor; a 256-bit factor is refused by the range check")
    func piFac() throws {
        let (rp, _) = Fixtures.verifierRP
        let key = Fixtures.prover
        let n0 = key.publicKey.n
        let proof = PiFac.prove(key: key, verifierParams: rp, context: ctx, source: Fixtures.source("fac"))
        try proof.verify(n0: n0, verifierParams: rp, context: ctx)
        // False statement: another modulus.
        #expect(throws: ProofError.self) { try proof.verify(n0: Fixtures.verifier.publicKey.n, verifierParams: rp, context: ctx) }
        // A modulus with a small factor: the honest prover's z2 = β + e·q is far out of range.
        let bad = Fixtures.smallFactorKey
        let badProof = PiFac.prove(key: bad, verifierParams: rp, context: ctx, source: Fixtures.source("fac-bad"))
        #expect(throws: ProofError.self) { try badProof.verify(n0: bad.publicKey.n, verifierParams: rp, context: ctx) }
        do { try badProof.verify(n0: bad.publicKey.n, verifierParams: rp, context: ctx) } catch {
            guard case .responseOutOfRange = error else { Issue.record("expected a range failure, got \(error)"); return }
        }
        let edits: [Edit<PiFac>] = [
            ("P", { $0.P = ($0.P * 2).mod(rp.n) }), ("Q", { $0.Q = ($0.Q * 2).mod(rp.n) }),
            ("A", { $0.A = ($0.A * 2).mod(rp.n) }), ("B", { $0.B = ($0.B * 2).mod(rp.n) }),
            ("T", { $0.T = ($0.T * 2).mod(rp.n) }), ("sigma", { $0.sigma += 1 }),
            ("z1", { $0.z1 += 1 }), ("z2", { $0.z2 += 1 }), ("w1", { $0.w1 += 1 }),
            ("w2", { $0.w2 += 1 }), ("v", { $0.v += 1 }),
            ("z1 out of range", { $0.z1 += Self.pow2(2100) }),
        ]
        for (name, m) in mutations(proof, edits) {
            #expect(throws: ProofError.self, "mutated \(name)") { try m.verify(n0: n0, verifierParams: rp, context: ctx) }
        }
        #expect(throws: ProofError.self) { try proof.verify(n0: n0, verifierParams: rp, context: Fixtures.otherSession) }
        #expect(throws: ProofError.self) { try proof.verify(n0: n0, verifierParams: rp, context: Fixtures.otherProver) }
    }

    @Test("Πenc (Fig. 14): k ∈ ±2^ℓ; k = 2^(ℓ+ε+8) refused by range")
    func piEnc() throws {
        let (rp, _) = Fixtures.verifierRP
        let pk = Fixtures.prover.publicKey
        let src = Fixtures.source("enc")
        let k = src.integer(below: CGGMPParameters.q)
        let (K, rho) = pk.encrypt(k, source: src)
        let proof = PiEnc.prove(key: pk, ciphertext: K, plaintext: k, randomness: rho, verifierParams: rp, context: ctx, source: src)
        try proof.verify(key: pk, ciphertext: K, verifierParams: rp, context: ctx)
        // False statements: another ciphertext; a lie about k.
        let (K2, _) = pk.encrypt(k, source: src)
        #expect(throws: ProofError.self) { try proof.verify(key: pk, ciphertext: K2, verifierParams: rp, context: ctx) }
        let lie = PiEnc.prove(key: pk, ciphertext: K, plaintext: k + 1, randomness: rho, verifierParams: rp, context: ctx, source: src)
        #expect(throws: ProofError.self) { try lie.verify(key: pk, ciphertext: K, verifierParams: rp, context: ctx) }
        // Out of range plaintext.
        let big = BigInt(1) << (CGGMPParameters.ell + CGGMPParameters.epsilon + 8)
        let (Kb, rb) = pk.encrypt(big, source: src)
        let ranged = PiEnc.prove(key: pk, ciphertext: Kb, plaintext: big, randomness: rb, verifierParams: rp, context: ctx, source: src)
        #expect(throws: ProofError.responseOutOfRange("z1 ∈ ±2^(ℓ+ε)")) { try ranged.verify(key: pk, ciphertext: Kb, verifierParams: rp, context: ctx) }
        let edits: [Edit<PiEnc>] = [
            ("S", { $0.S = ($0.S * 2).mod(rp.n) }), ("A", { $0.A = ($0.A * 2).mod(pk.nSquared) }),
            ("C", { $0.C = ($0.C * 2).mod(rp.n) }), ("z1", { $0.z1 += 1 }),
            ("z2", { $0.z2 = ($0.z2 * 2).mod(pk.n) }), ("z3", { $0.z3 += 1 }),
            ("z1 out of range", { $0.z1 += Self.pow2(800) }),
            ("z2 not a unit", { $0.z2 = Fixtures.prover.primes.p }),
        ]
        for (name, m) in mutations(proof, edits) {
            #expect(throws: ProofError.self, "mutated \(name)") { try m.verify(key: pk, ciphertext: K, verifierParams: rp, context: ctx) }
        }
        #expect(throws: ProofError.self) { try proof.verify(key: pk, ciphertext: K, verifierParams: rp, context: Fixtures.otherSession) }
        #expect(throws: ProofError.self) { try proof.verify(key: pk, ciphertext: K, verifierParams: rp, context: Fixtures.otherProver) }
    }

    @Test("Πlog* (Fig. 25): C = enc(x), X = x·g; out-of-range x refused")
    func piLogStar() throws {
        let (rp, _) = Fixtures.verifierRP
        let pk = Fixtures.prover.publicKey
        let src = Fixtures.source("log")
        let g = Point.generator.multiply(by: Scalar(7))
        let x = src.integer(below: CGGMPParameters.q)
        let X = g.multiply(by: Scalar(integer: x))
        let (C, rho) = pk.encrypt(x, source: src)
        let proof = PiLogStar.prove(key: pk, ciphertext: C, point: X, base: g, plaintext: x, randomness: rho, verifierParams: rp, context: ctx, source: src)
        try proof.verify(key: pk, ciphertext: C, point: X, base: g, verifierParams: rp, context: ctx)
        // False statements: another point, another base.
        #expect(throws: ProofError.self) { try proof.verify(key: pk, ciphertext: C, point: X + g, base: g, verifierParams: rp, context: ctx) }
        #expect(throws: ProofError.self) { try proof.verify(key: pk, ciphertext: C, point: X, base: .generator, verifierParams: rp, context: ctx) }
        // x out of range (x + q·2^300 has the same point but a huge plaintext).
        let big = x + CGGMPParameters.q << 300
        let (Cb, rb) = pk.encrypt(big, source: src)
        let ranged = PiLogStar.prove(key: pk, ciphertext: Cb, point: X, base: g, plaintext: big, randomness: rb, verifierParams: rp, context: ctx, source: src)
        #expect(throws: ProofError.responseOutOfRange("z1 ∈ ±2^(ℓ+ε)")) { try ranged.verify(key: pk, ciphertext: Cb, point: X, base: g, verifierParams: rp, context: ctx) }
        let edits: [Edit<PiLogStar>] = [
            ("S", { $0.S = ($0.S * 2).mod(rp.n) }), ("A", { $0.A = ($0.A * 2).mod(pk.nSquared) }),
            ("Y", { $0.Y = $0.Y + .generator }), ("D", { $0.D = ($0.D * 2).mod(rp.n) }),
            ("z1", { $0.z1 += 1 }), ("z2", { $0.z2 = ($0.z2 * 2).mod(pk.n) }), ("z3", { $0.z3 += 1 }),
        ]
        for (name, m) in mutations(proof, edits) {
            #expect(throws: ProofError.self, "mutated \(name)") { try m.verify(key: pk, ciphertext: C, point: X, base: g, verifierParams: rp, context: ctx) }
        }
        #expect(throws: ProofError.self) { try proof.verify(key: pk, ciphertext: C, point: X, base: g, verifierParams: rp, context: Fixtures.otherSession) }
        #expect(throws: ProofError.self) { try proof.verify(key: pk, ciphertext: C, point: X, base: g, verifierParams: rp, context: Fixtures.otherProver) }
    }

    @Test("Πaff-g (Fig. 15): the MtA statement; β outside ±2^ℓ′ refused by range")
    func piAffG() throws {
        let (rp, _) = Fixtures.verifierRP
        let k0 = Fixtures.verifier.publicKey, k1 = Fixtures.prover.publicKey
        let src = Fixtures.source("aff")
        let kj = src.integer(below: CGGMPParameters.q)
        let (C, _) = k0.encrypt(kj, source: src)
        func statement(x: BigInt, y: BigInt) -> (PiAffG.Statement, BigInt, BigInt) {
            let (Y, ry) = k1.encrypt(y, source: src)
            let (E, s) = k0.encrypt(y, source: src)
            let D = k0.add(k0.multiply(C, by: x), E)
            let X = Point.generatorMultiplySecret(Scalar(integer: x))
            return (PiAffG.Statement(verifierKey: k0, C: C, D: D, proverKey: k1, Y: Y, X: X), s, ry)
        }
        let x = src.integer(below: CGGMPParameters.q), y = src.signed(bits: CGGMPParameters.ellPrime)
        let (st, s, ry) = statement(x: x, y: y)
        let proof = PiAffG.prove(statement: st, x: x, y: y, rho: s, rhoY: ry, verifierParams: rp, context: ctx, source: src)
        try proof.verify(statement: st, verifierParams: rp, context: ctx)
        // The MtA is correct: the verifier's decryption is x·k_j + y.
        #expect(try Fixtures.verifier.decryptSigned(st.D) == x * kj + y)
        // False statements: another X, another D.
        var st2 = st; st2.X = st.X + .generator
        #expect(throws: ProofError.self) { try proof.verify(statement: st2, verifierParams: rp, context: ctx) }
        var st3 = st; st3.D = k0.add(st.D, k0.encrypt(1, source: src).ciphertext)
        #expect(throws: ProofError.self) { try proof.verify(statement: st3, verifierParams: rp, context: ctx) }
        // β (= y) far outside ±2^ℓ′: the bad-range attack.
        let bigY = BigInt(1) << (CGGMPParameters.ellPrime + CGGMPParameters.epsilon + 64)
        let (stb, sb, ryb) = statement(x: x, y: bigY)
        let ranged = PiAffG.prove(statement: stb, x: x, y: bigY, rho: sb, rhoY: ryb, verifierParams: rp, context: ctx, source: src)
        #expect(throws: ProofError.responseOutOfRange("z2 ∈ ±2^(ℓ′+ε)")) { try ranged.verify(statement: stb, verifierParams: rp, context: ctx) }
        // x out of range.
        let bigX = x + CGGMPParameters.q << 300
        let (stx, sx, ryx) = statement(x: bigX, y: y)
        let rangedX = PiAffG.prove(statement: stx, x: bigX, y: y, rho: sx, rhoY: ryx, verifierParams: rp, context: ctx, source: src)
        #expect(throws: ProofError.responseOutOfRange("z1 ∈ ±2^(ℓ+ε)")) { try rangedX.verify(statement: stx, verifierParams: rp, context: ctx) }
        let edits: [Edit<PiAffG>] = [
            ("A", { $0.A = ($0.A * 2).mod(k0.nSquared) }), ("Bx", { $0.Bx = $0.Bx + .generator }),
            ("By", { $0.By = ($0.By * 2).mod(k1.nSquared) }), ("E", { $0.E = ($0.E * 2).mod(rp.n) }),
            ("S", { $0.S = ($0.S * 2).mod(rp.n) }), ("F", { $0.F = ($0.F * 2).mod(rp.n) }),
            ("T", { $0.T = ($0.T * 2).mod(rp.n) }), ("z1", { $0.z1 += 1 }), ("z2", { $0.z2 += 1 }),
            ("z3", { $0.z3 += 1 }), ("z4", { $0.z4 += 1 }),
            ("w", { $0.w = ($0.w * 2).mod(k0.n) }), ("wy", { $0.wy = ($0.wy * 2).mod(k1.n) }),
        ]
        for (name, m) in mutations(proof, edits) {
            #expect(throws: ProofError.self, "mutated \(name)") { try m.verify(statement: st, verifierParams: rp, context: ctx) }
        }
        #expect(throws: ProofError.self) { try proof.verify(statement: st, verifierParams: rp, context: Fixtures.otherSession) }
        #expect(throws: ProofError.self) { try proof.verify(statement: st, verifierParams: rp, context: Fixtures.otherProver) }
    }
}
