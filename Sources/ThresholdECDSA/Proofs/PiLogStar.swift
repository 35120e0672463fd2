import BigNum
import Paillier
import Secp256k1

/// Πlog* — knowledge of exponent vs Paillier encryption: `C = enc_{N0}(x; ρ)` and
/// `X = x·g` for a base point g, with `x ∈ ±2^ℓ`, CGGMP21 (eprint 2021/060) Figure 25,
/// against the verifier's ring-Pedersen (N̂, s, t).
///
/// Prover: α ← ±2^{ℓ+ε}, μ ← ±2^ℓ·N̂, r ← Z*_{N0}, γ ← ±2^{ℓ+ε}·N̂; S = s^x t^μ,
/// A = enc(α; r), Y = α·g, D = s^α t^γ. Response to e ← ±q: z1 = α + e·x, z2 = r·ρ^e mod N0,
/// z3 = γ + e·μ. Verifier: z1 ∈ ±2^{ℓ+ε}; enc(z1; z2) = A·C^e; z1·g = Y + e·X;
/// s^{z1} t^{z3} = D·S^e. Used in presigning round 2 (Γ_i vs G_i, base G) and round 3
/// (Δ_i vs K_i, base Γ).
public struct PiLogStar: Sendable, Hashable {
    public var S: BigInt, A: BigInt, Y: Point, D: BigInt
    public var z1: BigInt, z2: BigInt, z3: BigInt

    static let tag = "pi-log-star"

    static func challenge(_ pk: PaillierPublicKey, _ C: BigInt, _ X: Point, _ g: Point, _ rp: RingPedersenParameters,
                          _ S: BigInt, _ A: BigInt, _ Y: Point, _ D: BigInt, _ context: ProofContext) -> BigInt {
        var fs = FiatShamir(tag: tag, context: context)
        fs.int("N0", pk.n); fs.int("C", C); fs.point("X", X); fs.point("g", g); fs.ringPedersen("rp", rp)
        fs.int("S", S); fs.int("A", A); fs.point("Y", Y); fs.int("D", D)
        return fs.challengePlusMinusQ()
    }

    /// Proves `C = enc(x; ρ)`, `X = x·g`, `x ∈ ±2^ℓ`. `proverSecretKey` (the key of `key`,
    /// when the prover holds it) speeds up the mask's encryption by CRT.
    public static func prove(key: PaillierPublicKey, ciphertext C: BigInt, point X: Point, base g: Point,
                             plaintext x: BigInt, randomness rho: BigInt, verifierParams rp: RingPedersenParameters,
                             context: ProofContext, source: RandomSource, proverSecretKey: PaillierSecretKey? = nil) -> PiLogStar {
        let c = EncryptionRangeCommitment(key: key, x: x, verifierParams: rp, source: source, secretKey: proverSecretKey)
        let Y = g.multiplySecret(Scalar(integer: c.alpha))
        let e = challenge(key, C, X, g, rp, c.S, c.A, Y, c.D, context)
        let (z1, z2, z3) = c.responses(e: e, x: x, rho: rho, key: key)
        return PiLogStar(S: c.S, A: c.A, Y: Y, D: c.D, z1: z1, z2: z2, z3: z3)
    }

    /// Verifies the proof.
    public func verify(key: PaillierPublicKey, ciphertext C: BigInt, point X: Point, base g: Point,
                       verifierParams rp: RingPedersenParameters, context: ProofContext) throws(ProofError) {
        try EncryptionRangeCommitment.checkShape(key: key, C: C, S: S, A: A, D: D, z1: z1, z2: z2, verifierParams: rp)
        let e = Self.challenge(key, C, X, g, rp, S, A, Y, D, context)
        try EncryptionRangeCommitment.checkEquations(key: key, C: C, S: S, A: A, D: D, e: e, z1: z1, z2: z2, z3: z3, verifierParams: rp)
        guard g.multiply(by: Scalar(integer: z1)) == Y + X.multiply(by: Scalar(integer: e)) else { throw .equationFailed("z1·g = Y + e·X") }
    }
}
