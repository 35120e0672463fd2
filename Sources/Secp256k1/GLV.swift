// The GLV endomorphism of secp256k1 (Gallant–Lambert–Vanstone, CRYPTO 2001): for the
// cube roots of unity β mod p and λ mod n, λ·(x, y) = (β·x, y). A scalar k splits as
// k ≡ k₁ + k₂·λ (mod n) with |k₁|, |k₂| < 2^128, so k·P = k₁·P + k₂·(λP) needs only half
// the doublings. Constants as in libsecp256k1 (src/scalar_impl.h), re-derived and checked
// (λ³ = 1, β³ = 1, λ·G = (β·Gx, Gy), a₁b₂ − b₁a₂ = n, bounds on 20 000 random splits).
// Used only for PUBLIC scalars (the split itself is branch-free, the sign handling and
// the wNAF that follow are not).

enum GLV {
    /// β, a primitive cube root of unity mod p.
    static let beta = FieldElement(value: U256(0xc1396c28719501ee, 0x9cf0497512f58995, 0x6e64479eac3434e9, 0x7ae96a2b657c0710))
    /// λ, the matching cube root of unity mod n.
    static let lambda = U256(0xdf02967c1b23bd72, 0x122e22ea20816678, 0xa5261c028812645a, 0x5363ad4cc05c30e0)
    /// g₁ = round(2^384·b₂/n), g₂ = round(2^384·(−b₁)/n).
    static let g1 = U256(0xe893209a45dbb031, 0x3daa8a1471e8ca7f, 0xe86c90e49284eb15, 0x3086d221a7d46bcd)
    static let g2 = U256(0x1571b4ae8ac47f71, 0x221208ac9df506c6, 0x6f547fa90abfe4c4, 0xe4437ed6010e8828)
    /// −b₁, −b₂ and −λ mod n.
    static let minusB1 = Scalar(mont: Modulus.order.toMont(U256(0x6f547fa90abfe4c3, 0xe4437ed6010e8828, 0, 0)))
    static let minusB2 = Scalar(mont: Modulus.order.toMont(U256(0xd765cda83db1562c, 0x8a280ac50774346d, 0xfffffffffffffffe, 0xffffffffffffffff)))
    static let minusLambda = Scalar(mont: Modulus.order.toMont(U256(0xe0cfc810b51283cf, 0xa880b9fc8ec739c2, 0x5ad9e3fd77ed9ba4, 0xac9c52b33fa3cf1f)))

    /// round(k·g / 2^384) for k, g < 2^256 (< 2^128 here).
    @inline(__always) static func mulShift384(_ k: U256, _ g: U256) -> U256 {
        let r = U256.wideProduct(k, g)
        let (lo, carry) = addc(r.6, r.5 >> 63, 0)
        return U256(lo, r.7 &+ carry, 0, 0)
    }

    /// k ≡ k₁ + k₂·λ (mod n), each returned as a magnitude below 2^128 and a sign.
    static func split(_ k: Scalar) -> (k1: U256, negate1: Bool, k2: U256, negate2: Bool) {
        let kv = k.value
        let c1 = Scalar(mont: Modulus.order.toMont(mulShift384(kv, g1)))
        let c2 = Scalar(mont: Modulus.order.toMont(mulShift384(kv, g2)))
        let r2 = c1 * minusB1 + c2 * minusB2
        let r1 = k + r2 * minusLambda
        func signed(_ r: Scalar) -> (U256, Bool) { r.isHigh ? ((-r).value, true) : (r.value, false) }
        let (m1, s1) = signed(r1), (m2, s2) = signed(r2)
        return (m1, s1, m2, s2)
    }

    /// λ·P = (β·X, Y, Z).
    @inline(__always) static func apply(_ p: JacobianPoint) -> JacobianPoint {
        JacobianPoint(x: p.x * beta, y: p.y, z: p.z)
    }

    @inline(__always) static func apply(_ p: AffinePoint) -> AffinePoint {
        AffinePoint(x: p.x * beta, y: p.y)
    }
}
