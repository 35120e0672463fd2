import BigNum
import Paillier

/// Πfac — proof that a modulus N0 = p·q has no small factor (both factors about √N0),
/// CGGMP21 (eprint 2021/060) Figure 28 ("no small factor proof"), made against the
/// **verifier's** ring-Pedersen parameters (N̂, s, t).
///
/// Prover: α, β ← ±2^{ℓ+ε}·√N0; μ, ν ← ±2^ℓ·N̂; σ ← ±2^ℓ·N0·N̂; r ← ±2^{ℓ+ε}·N0·N̂;
/// x, y ← ±2^{ℓ+ε}·N̂; P = s^p t^μ, Q = s^q t^ν, A = s^α t^x, B = s^β t^y, T = Q^α t^r.
/// Response to e ← ±q: σ̂ = σ − ν·p, z1 = α + e·p, z2 = β + e·q, w1 = x + e·μ, w2 = y + e·ν,
/// v = r + e·σ̂. Verifier, with R = s^{N0} t^σ: s^{z1} t^{w1} = A·P^e, s^{z2} t^{w2} = B·Q^e,
/// Q^{z1} t^v = T·R^e, and z1, z2 ∈ ±√N0·2^{ℓ+ε}. Why: the range check on z1, z2 bounds
/// both factors by √N0·2^{ℓ+ε}, so neither can be small; a Paillier modulus with a small
/// factor is the TSSHOCK / BitForge (CVE-2023-33241) route to extracting key shares.
public struct PiFac: Sendable, Hashable {
    public var P: BigInt, Q: BigInt, A: BigInt, B: BigInt, T: BigInt, sigma: BigInt
    public var z1: BigInt, z2: BigInt, w1: BigInt, w2: BigInt, v: BigInt

    static let tag = "pi-fac"

    static func sqrtBound(_ n0: BigInt) -> BigInt { n0.squareRootFloor() + 1 }

    static func challenge(n0: BigInt, rp: RingPedersenParameters, _ c: [BigInt], context: ProofContext) -> BigInt {
        var fs = FiatShamir(tag: tag, context: context)
        fs.int("N0", n0); fs.ringPedersen("rp", rp)
        fs.ints("P,Q,A,B,T,sigma", c)
        return fs.challengePlusMinusQ()
    }

    /// Proves that the key's modulus has no small factor, against `verifierParams`.
    public static func prove(key: PaillierSecretKey, verifierParams rp: RingPedersenParameters,
                             context: ProofContext, source: RandomSource) -> PiFac {
        let (l, e) = (Ranges.ell, Ranges.epsilon)
        let n0 = key.publicKey.n, nh = rp.n
        let p = key.primes.p, q = key.primes.q
        let sq = sqrtBound(n0)
        let alpha = source.signed(bound: Ranges.pow2(l + e) * sq)
        let beta = source.signed(bound: Ranges.pow2(l + e) * sq)
        let mu = source.signed(bound: Ranges.pow2(l) * nh)
        let nu = source.signed(bound: Ranges.pow2(l) * nh)
        let sigma = source.signed(bound: Ranges.pow2(l) * n0 * nh)
        let r = source.signed(bound: Ranges.pow2(l + e) * n0 * nh)
        let x = source.signed(bound: Ranges.pow2(l + e) * nh)
        let y = source.signed(bound: Ranges.pow2(l + e) * nh)
        let P = rp.commitSecret(p, mu)
        let Q = rp.commitSecret(q, nu)
        let A = rp.commitSecret(alpha, x)
        let B = rp.commitSecret(beta, y)
        let T = (Signed.powSecret(Q, alpha, nh)! * Signed.powSecret(rp.t, r, nh)!).mod(nh)
        let ch = challenge(n0: n0, rp: rp, [P, Q, A, B, T, sigma], context: context)
        let sigmaHat = sigma - nu * p
        return PiFac(P: P, Q: Q, A: A, B: B, T: T, sigma: sigma,
                     z1: alpha + ch * p, z2: beta + ch * q, w1: x + ch * mu, w2: y + ch * nu, v: r + ch * sigmaHat)
    }

    /// Verifies the proof for modulus `n0` against the verifier's own parameters `rp`.
    public func verify(n0: BigInt, verifierParams rp: RingPedersenParameters, context: ProofContext) throws(ProofError) {
        let nh = rp.n
        for (name, c) in [("P", P), ("Q", Q), ("A", A), ("B", B), ("T", T)] {
            guard c.sign > 0, c < nh, c.gcd(nh) == 1 else { throw .invalidValue("\(name) not a unit mod N̂") }
        }
        let bound = Ranges.pow2(Ranges.ell + Ranges.epsilon) * Self.sqrtBound(n0)
        guard Signed.inRange(z1, bound: bound) else { throw .responseOutOfRange("z1 ∈ ±√N0·2^(ℓ+ε)") }
        guard Signed.inRange(z2, bound: bound) else { throw .responseOutOfRange("z2 ∈ ±√N0·2^(ℓ+ε)") }
        let e = Self.challenge(n0: n0, rp: rp, [P, Q, A, B, T, sigma], context: context)
        guard rp.commitPublic(z1, w1) == (A * Signed.powPublic(P, e, nh)!).mod(nh) else { throw .equationFailed("s^z1 t^w1 = A·P^e") }
        guard rp.commitPublic(z2, w2) == (B * Signed.powPublic(Q, e, nh)!).mod(nh) else { throw .equationFailed("s^z2 t^w2 = B·Q^e") }
        let R = rp.commitPublic(n0, sigma)
        let lhs = (Signed.powPublic(Q, z1, nh)! * rp.powerOfT(v)).mod(nh)
        guard lhs == (T * Signed.powPublic(R, e, nh)!).mod(nh) else { throw .equationFailed("Q^z1 t^v = T·R^e") }
    }
}
