import BigNum
import Paillier

/// Πenc — range proof for a Paillier encryption: `K = enc_{N0}(k; ρ)` with `k ∈ ±2^ℓ`,
/// CGGMP21 (eprint 2021/060) Figure 14, against the verifier's ring-Pedersen (N̂, s, t).
///
/// Prover: α ← ±2^{ℓ+ε}, μ ← ±2^ℓ·N̂, r ← Z*_{N0}, γ ← ±2^{ℓ+ε}·N̂; S = s^k t^μ,
/// A = (1+N0)^α r^{N0} mod N0², C = s^α t^γ. Response to e ← ±q: z1 = α + e·k,
/// z2 = r·ρ^e mod N0, z3 = γ + e·μ. Verifier: z1 ∈ ±2^{ℓ+ε}, (1+N0)^{z1} z2^{N0} = A·K^e
/// mod N0², s^{z1} t^{z3} = C·S^e mod N̂. Why the range check: without it a party can
/// encrypt a k_i far larger than q and use the MtA to learn other parties' secrets
/// (Alpha-Rays, TSSHOCK).
public struct PiEnc: Sendable, Hashable {
    public var S: BigInt, A: BigInt, C: BigInt
    public var z1: BigInt, z2: BigInt, z3: BigInt

    static let tag = "pi-enc"

    static func challenge(_ pk: PaillierPublicKey, _ K: BigInt, _ rp: RingPedersenParameters, _ c: [BigInt], _ context: ProofContext) -> BigInt {
        var fs = FiatShamir(tag: tag, context: context)
        fs.int("N0", pk.n); fs.int("K", K); fs.ringPedersen("rp", rp)
        fs.ints("S,A,C", c)
        return fs.challengePlusMinusQ()
    }

    /// Proves that `K = enc(k; ρ)` under `key` with `k ∈ ±2^ℓ`. `proverSecretKey` (the key
    /// of `key`, which the prover holds in presigning) speeds up the mask's encryption by CRT.
    public static func prove(key: PaillierPublicKey, ciphertext K: BigInt, plaintext k: BigInt, randomness rho: BigInt,
                             verifierParams rp: RingPedersenParameters, context: ProofContext, source: RandomSource,
                             proverSecretKey: PaillierSecretKey? = nil) -> PiEnc {
        let c = EncryptionRangeCommitment(key: key, x: k, verifierParams: rp, source: source, secretKey: proverSecretKey)
        let e = challenge(key, K, rp, [c.S, c.A, c.D], context)
        let (z1, z2, z3) = c.responses(e: e, x: k, rho: rho, key: key)
        return PiEnc(S: c.S, A: c.A, C: c.D, z1: z1, z2: z2, z3: z3)
    }

    /// Verifies the proof for ciphertext `K` under `key`, against the verifier's parameters.
    public func verify(key: PaillierPublicKey, ciphertext K: BigInt, verifierParams rp: RingPedersenParameters,
                       context: ProofContext) throws(ProofError) {
        try EncryptionRangeCommitment.checkShape(key: key, C: K, S: S, A: A, D: C, z1: z1, z2: z2, verifierParams: rp)
        let e = Self.challenge(key, K, rp, [S, A, C], context)
        try EncryptionRangeCommitment.checkEquations(key: key, C: K, S: S, A: A, D: C, e: e, z1: z1, z2: z2, z3: z3, verifierParams: rp)
    }
}
