import BigNum
import Paillier
import Secp256k1

/// Πaff-g — Paillier affine operation with group commitment in range, CGGMP21 (eprint
/// 2021/060) Figure 15, against the verifier's ring-Pedersen (N̂, s, t). The MtA of
/// presigning round 2 is proven with it.
///
/// Statement: `D = C^x · (1+N0)^y · ρ^{N0} mod N0²` (the verifier's ciphertext C multiplied
/// by x, plus an encryption of y under the verifier's key N0), `Y = enc_{N1}(y; ρ_y)` (the
/// same y under the prover's key N1), `X = x·G`, with `x ∈ ±2^ℓ` and `y ∈ ±2^{ℓ′}`.
///
/// Prover: α ← ±2^{ℓ+ε}, β ← ±2^{ℓ′+ε}, r ← Z*_{N0}, r_y ← Z*_{N1}, γ, δ ← ±2^{ℓ+ε}·N̂,
/// m, μ ← ±2^ℓ·N̂; A = C^α (1+N0)^β r^{N0}, B_x = α·G, B_y = enc_{N1}(β; r_y), E = s^α t^γ,
/// S = s^x t^m, F = s^β t^δ, T = s^y t^μ. Response to e ← ±q: z1 = α + e·x, z2 = β + e·y,
/// z3 = γ + e·m, z4 = δ + e·μ, w = r·ρ^e mod N0, w_y = r_y·ρ_y^e mod N1.
/// Verifier: z1 ∈ ±2^{ℓ+ε}, z2 ∈ ±2^{ℓ′+ε}, C^{z1}(1+N0)^{z2} w^{N0} = A·D^e mod N0²,
/// z1·G = B_x + e·X, enc_{N1}(z2; w_y) = B_y·Y^e, s^{z1} t^{z3} = E·S^e, s^{z2} t^{z4} = F·T^e.
/// Why the ranges: an out-of-range y (the MtA mask β) or x lets the verifier's decryption
/// wrap modulo N0 and leak the prover's secret bit by bit (Alpha-Rays, TSSHOCK).
public struct PiAffG: Sendable, Hashable {
    public var A: BigInt, Bx: Point, By: BigInt, E: BigInt, S: BigInt, F: BigInt, T: BigInt
    public var z1: BigInt, z2: BigInt, z3: BigInt, z4: BigInt, w: BigInt, wy: BigInt

    static let tag = "pi-aff-g"

    /// The public statement.
    public struct Statement: Sendable {
        /// Verifier's key N0 and ciphertext C (e.g. K_j).
        public var verifierKey: PaillierPublicKey
        public var C: BigInt
        /// D = C^x (1+N0)^y ρ^N0.
        public var D: BigInt
        /// Prover's key N1 and Y = enc_{N1}(y).
        public var proverKey: PaillierPublicKey
        public var Y: BigInt
        /// X = x·G.
        public var X: Point

        public init(verifierKey: PaillierPublicKey, C: BigInt, D: BigInt, proverKey: PaillierPublicKey, Y: BigInt, X: Point) {
            self.verifierKey = verifierKey; self.C = C; self.D = D; self.proverKey = proverKey; self.Y = Y; self.X = X
        }
    }

    static func challenge(_ st: Statement, _ rp: RingPedersenParameters, _ A: BigInt, _ Bx: Point, _ rest: [BigInt], _ context: ProofContext) -> BigInt {
        var fs = FiatShamir(tag: tag, context: context)
        fs.int("N0", st.verifierKey.n); fs.int("N1", st.proverKey.n)
        fs.int("C", st.C); fs.int("D", st.D); fs.int("Y", st.Y); fs.point("X", st.X)
        fs.ringPedersen("rp", rp)
        fs.int("A", A); fs.point("Bx", Bx); fs.ints("By,E,S,F,T", rest)
        return fs.challengePlusMinusQ()
    }

    /// Proves the statement with witness (x, y, ρ, ρ_y). `proverSecretKey` (the key of N1,
    /// when the caller has it) lets the prover encrypt under N1 by CRT, about 2× faster.
    public static func prove(statement st: Statement, x: BigInt, y: BigInt, rho: BigInt, rhoY: BigInt,
                             verifierParams rp: RingPedersenParameters, context: ProofContext, source: RandomSource,
                             proverSecretKey: PaillierSecretKey? = nil) -> PiAffG {
        let (l, lp, eps) = (Ranges.ell, Ranges.ellPrime, Ranges.epsilon)
        let nh = rp.n
        let n0 = st.verifierKey.n, n0sq = st.verifierKey.nSquared, n1 = st.proverKey.n
        let alpha = source.signed(bits: l + eps)
        let beta = source.signed(bits: lp + eps)
        let r = source.unit(modulo: n0)
        let ry = source.unit(modulo: n1)
        let gamma = source.signed(bound: Ranges.pow2(l + eps) * nh)
        let delta = source.signed(bound: Ranges.pow2(l + eps) * nh)
        let m = source.signed(bound: Ranges.pow2(l) * nh)
        let mu = source.signed(bound: Ranges.pow2(l) * nh)
        let A = (st.verifierKey.multiply(st.C, by: alpha) * (try! st.verifierKey.encrypt(beta, randomness: r))).mod(n0sq)
        let Bx = Point.generatorMultiplySecret(Scalar(integer: alpha))
        let By = try! proverSecretKey.ownEncryption(under: st.proverKey)?.encrypt(beta, randomness: ry)
            ?? st.proverKey.encrypt(beta, randomness: ry)
        let E = rp.commitSecret(alpha, gamma)
        let S = rp.commitSecret(x, m)
        let F = rp.commitSecret(beta, delta)
        let T = rp.commitSecret(y, mu)
        let e = challenge(st, rp, A, Bx, [By, E, S, F, T], context)
        let w = (r * Signed.powSecret(rho, e, n0)!).mod(n0)
        let wy = (ry * Signed.powSecret(rhoY, e, n1)!).mod(n1)
        return PiAffG(A: A, Bx: Bx, By: By, E: E, S: S, F: F, T: T,
                      z1: alpha + e * x, z2: beta + e * y, z3: gamma + e * m, z4: delta + e * mu, w: w, wy: wy)
    }

    /// Verifies the proof against the verifier's own parameters. `verifierSecretKey` (the
    /// key of N0, which the verifier holds in presigning) computes `w^{N0} mod N0²` by CRT,
    /// about 2× faster; the equation checked is the same.
    public func verify(statement st: Statement, verifierParams rp: RingPedersenParameters, context: ProofContext,
                       verifierSecretKey: PaillierSecretKey? = nil) throws(ProofError) {
        let nh = rp.n
        let k0 = st.verifierKey, k1 = st.proverKey
        guard k0.isValidCiphertext(st.C), k0.isValidCiphertext(st.D), k0.isValidCiphertext(A) else { throw .invalidValue("C, D, A ∈ Z*_{N0²}") }
        guard k1.isValidCiphertext(st.Y), k1.isValidCiphertext(By) else { throw .invalidValue("Y, B_y ∈ Z*_{N1²}") }
        for (name, c) in [("E", E), ("S", S), ("F", F), ("T", T)] {
            guard c.sign > 0, c < nh, c.gcd(nh) == 1 else { throw .invalidValue("\(name) not a unit mod N̂") }
        }
        guard w.sign > 0, w < k0.n, w.gcd(k0.n) == 1 else { throw .invalidValue("w ∈ Z*_{N0}") }
        guard wy.sign > 0, wy < k1.n, wy.gcd(k1.n) == 1 else { throw .invalidValue("w_y ∈ Z*_{N1}") }
        guard Signed.inRange(z1, bits: Ranges.ell + Ranges.epsilon) else { throw .responseOutOfRange("z1 ∈ ±2^(ℓ+ε)") }
        guard Signed.inRange(z2, bits: Ranges.ellPrime + Ranges.epsilon) else { throw .responseOutOfRange("z2 ∈ ±2^(ℓ′+ε)") }
        let e = Self.challenge(st, rp, A, Bx, [By, E, S, F, T], context)
        let encZ2 = try! verifierSecretKey.ownEncryption(under: k0)?.encrypt(z2, randomness: w) ?? k0.encryptPublic(z2, randomness: w)
        let lhs = (Signed.powPublic(st.C, z1, k0.nSquared)! * encZ2).mod(k0.nSquared)
        guard lhs == (A * Signed.powPublic(st.D, e, k0.nSquared)!).mod(k0.nSquared) else {
            throw .equationFailed("C^z1 (1+N0)^z2 w^N0 = A·D^e mod N0²")
        }
        guard Point.generator.multiply(by: Scalar(integer: z1)) == Bx + st.X.multiply(by: Scalar(integer: e)) else {
            throw .equationFailed("z1·G = Bx + e·X")
        }
        guard try! k1.encryptPublic(z2, randomness: wy) == (By * Signed.powPublic(st.Y, e, k1.nSquared)!).mod(k1.nSquared) else {
            throw .equationFailed("(1+N1)^z2 w_y^N1 = B_y·Y^e mod N1²")
        }
        guard rp.commitPublic(z1, z3) == (E * Signed.powPublic(S, e, nh)!).mod(nh) else { throw .equationFailed("s^z1 t^z3 = E·S^e") }
        guard rp.commitPublic(z2, z4) == (F * Signed.powPublic(T, e, nh)!).mod(nh) else { throw .equationFailed("s^z2 t^z4 = F·T^e") }
    }
}
