import BigNum
import Paillier

/// The part shared by Πenc (Figure 14) and Πlog* (Figure 25): a proof that a Paillier
/// ciphertext `C = enc_{N0}(x; ρ)` holds an `x ∈ ±2^ℓ`, through the verifier's ring-Pedersen
/// commitment `S = s^x t^μ`. First message: α ← ±2^{ℓ+ε}, μ ← ±2^ℓ·N̂, r ← Z*_{N0},
/// γ ← ±2^{ℓ+ε}·N̂; `S`, `A = enc(α; r)`, `D = s^α t^γ`. Responses to e: z1 = α + e·x,
/// z2 = r·ρ^e mod N0, z3 = γ + e·μ. Checks: z1 ∈ ±2^{ℓ+ε}, enc(z1; z2) = A·C^e mod N0²,
/// s^{z1} t^{z3} = D·S^e mod N̂. Πlog* adds the group equation for the same α.
struct EncryptionRangeCommitment {
    let alpha: BigInt, mu: BigInt, r: BigInt, gamma: BigInt
    let S: BigInt, A: BigInt, D: BigInt

    /// `secretKey`, when it is the key of `key` (the prover encrypts under its own key in
    /// Πenc and Πlog*), computes A's `r^{N0}` by CRT, about 2× faster; same output.
    init(key: PaillierPublicKey, x: BigInt, verifierParams rp: RingPedersenParameters, source: RandomSource,
         secretKey: PaillierSecretKey? = nil) {
        let (l, eps) = (Ranges.ell, Ranges.epsilon)
        alpha = source.signed(bits: l + eps)
        mu = source.signed(bound: Ranges.pow2(l) * rp.n)
        r = source.unit(modulo: key.n)
        gamma = source.signed(bound: Ranges.pow2(l + eps) * rp.n)
        S = rp.commitSecret(x, mu)
        A = try! secretKey.ownEncryption(under: key)?.encrypt(alpha, randomness: r) ?? key.encrypt(alpha, randomness: r)
        D = rp.commitSecret(alpha, gamma)
    }

    /// (z1, z2, z3) for challenge e, witness x and encryption randomness ρ.
    func responses(e: BigInt, x: BigInt, rho: BigInt, key: PaillierPublicKey) -> (BigInt, BigInt, BigInt) {
        (alpha + e * x, (r * Signed.powSecret(rho, e, key.n)!).mod(key.n), gamma + e * mu)
    }

    /// The first-message validity checks and the range check, before the challenge.
    static func checkShape(key: PaillierPublicKey, C: BigInt, S: BigInt, A: BigInt, D: BigInt, z1: BigInt, z2: BigInt,
                           verifierParams rp: RingPedersenParameters) throws(ProofError) {
        let nh = rp.n
        guard key.isValidCiphertext(C), key.isValidCiphertext(A) else { throw .invalidValue("C, A ∈ Z*_{N0²}") }
        guard S.sign > 0, S < nh, S.gcd(nh) == 1, D.sign > 0, D < nh, D.gcd(nh) == 1 else { throw .invalidValue("S, D ∈ Z*_N̂") }
        guard z2.sign > 0, z2 < key.n, z2.gcd(key.n) == 1 else { throw .invalidValue("z2 ∈ Z*_{N0}") }
        guard Signed.inRange(z1, bits: Ranges.ell + Ranges.epsilon) else { throw .responseOutOfRange("z1 ∈ ±2^(ℓ+ε)") }
    }

    /// The Paillier and ring-Pedersen equations for challenge e.
    static func checkEquations(key: PaillierPublicKey, C: BigInt, S: BigInt, A: BigInt, D: BigInt, e: BigInt,
                               z1: BigInt, z2: BigInt, z3: BigInt, verifierParams rp: RingPedersenParameters) throws(ProofError) {
        guard try! key.encryptPublic(z1, randomness: z2) == (A * Signed.powPublic(C, e, key.nSquared)!).mod(key.nSquared) else {
            throw .equationFailed("(1+N0)^z1 z2^N0 = A·C^e mod N0²")
        }
        guard rp.commitPublic(z1, z3) == (D * Signed.powPublic(S, e, rp.n)!).mod(rp.n) else {
            throw .equationFailed("s^z1 t^z3 = D·S^e mod N̂")
        }
    }
}
