// The optimal ate pairing on BLS12-381: e(P, Q) = f_{u,Q}(P) raised to
// (p¹² − 1)/r, with u = −0xd201000000010000 (Vercauteren, "Optimal pairings", eprint
// 2008/096; draft-irtf-cfrg-pairing-friendly-curves §4.2).
//
// Miller loop: Q stays on the M-type twist in homogeneous projective coordinates; the
// doubling and addition steps are those of Costello, Lange and Naehrig, "Faster pairing
// computations on curves with high-degree twists" (eprint 2009/615, §5), in the form used
// by arkworks/zkcrypto, and each line is a sparse element c0 + c1·v + c4·v·w multiplied in
// with `mulBy014`. The sign of u is handled by one conjugation at the end (conjugation is
// x ↦ x^(p⁶), which agrees with inversion after the final exponentiation).
//
// Final exponentiation: easy part (p⁶ − 1)(p² + 1) with one 𝔽p¹² inversion; hard part by
// the decomposition of Hayashida, Hayasaka and Teruya, "Efficient final exponentiation
// via cyclotomic structure for pairings over families of elliptic curves" (eprint
// 2020/875): 3·(p⁴ − p² + 1)/r = λ₀ + λ₁p + λ₂p² + λ₃p³ with λ₃ = (u − 1)², λ₂ = λ₃u,
// λ₁ = λ₂u − λ₃, λ₀ = λ₁u + 3; four exponentiations by u with cyclotomic squarings.
// The result is therefore e(P, Q)³ relative to the textbook (p¹² − 1)/r exponent — still
// a non-degenerate bilinear pairing (gcd(3, r) = 1); PairingTests pins the exact relation
// to py_ecc's value: ours = e_py_ecc^(−3) (py_ecc also skips the conjugation for u < 0). Only products and equalities of pairings are ever used by the
// signature scheme.

/// The BLS parameter |u| = 0xd201000000010000 (u itself is negative).
@usableFromInline let blsParameterAbs: UInt64 = 0xd201000000010000

/// The state of one (P, Q) pair during the Miller loop.
@usableFromInline
struct MillerPair {
    @usableFromInline var px: Fp
    @usableFromInline var py: Fp
    @usableFromInline var qx: Fp2
    @usableFromInline var qy: Fp2
    @usableFromInline var t: G2Projective

    @usableFromInline
    init(_ p: G1Affine, _ q: G2Affine) {
        px = p.x; py = p.y; qx = q.x; qy = q.y
        t = q.projective
    }
}

extension MillerPair {
    /// T ← 2T; returns the tangent line at T evaluated at P as the (c0, c1, c4) of a
    /// sparse 𝔽p¹² element (CLN 2009/615 §5 doubling, b′ = 4ξ).
    @inlinable
    mutating func doublingStep() -> (Fp2, Fp2, Fp2) {
        let a = (t.x * t.y).halved()
        let b = t.y.squared()
        let c = t.z.squared()
        let e = (c.doubled() + c).doubled().doubled().mulByNonresidue()   // b′·3c = 12ξ·c
        let f = e.doubled() + e
        let g = (b + f).halved()
        let h = (t.y + t.z).squared() - (b + c)
        let i = e - b
        let j = t.x.squared()
        let eSquared = e.squared()
        t.x = a * (b - f)
        t.y = g.squared() - (eSquared.doubled() + eSquared)
        t.z = b * h
        return (i, (j.doubled() + j) * px, -(h * py))
    }

    /// T ← T + Q; returns the chord through T and Q evaluated at P.
    @inlinable
    mutating func additionStep() -> (Fp2, Fp2, Fp2) {
        let theta = t.y - qy * t.z
        let lambda = t.x - qx * t.z
        let c = theta.squared()
        let d = lambda.squared()
        let e = lambda * d
        let f = t.z * c
        let g = t.x * d
        let h = e + f - g.doubled()
        t.x = lambda * h
        t.y = theta * (g - h) - e * t.y
        t.z = t.z * e
        let j = theta * qx - lambda * qy
        return (j, -(theta * px), lambda * py)
    }
}

/// The pairing e: G1 × G2 → GT ⊂ 𝔽p¹².
public enum Pairing {
    /// The product of Miller loops f_{u,Qᵢ}(Pᵢ) over all pairs, sharing the squarings of
    /// the accumulator; pairs with an identity point contribute 1. Not yet exponentiated.
    public static func millerLoop(_ pairs: [(G1Affine, G2Affine)]) -> Fp12 {
        var states = pairs.filter { !$0.0.isIdentity && !$0.1.isIdentity }.map { MillerPair($0.0, $0.1) }
        if states.isEmpty { return .one }
        var f = Fp12.one
        var first = true
        // Bits of |u| below the leading one, most significant first.
        for bitIndex in stride(from: 62, through: 0, by: -1) {
            if !first { f = f.squared() }
            for k in states.indices {
                let (c0, c1, c4) = states[k].doublingStep()
                f = first && k == 0 ? Fp12(Fp6(c0, c1, .zero), Fp6(.zero, c4, .zero)) : f.mulBy014(c0, c1, c4)
            }
            first = false
            if (blsParameterAbs >> UInt64(bitIndex)) & 1 == 1 {
                for k in states.indices {
                    let (c0, c1, c4) = states[k].additionStep()
                    f = f.mulBy014(c0, c1, c4)
                }
            }
        }
        return f.conjugate()   // u < 0
    }

    /// f^((p¹²−1)/r · 3): easy part then the Hayashida–Hayasaka–Teruya hard part.
    public static func finalExponentiation(_ f: Fp12) -> Fp12 {
        // Easy part: f^((p⁶ − 1)(p² + 1)) lands in the cyclotomic subgroup.
        var m = f.conjugate() * f.inverse()
        m = m.frobenius(2) * m
        // Hard part.
        let t = m.cyclotomicPowerU() * m.conjugate()          // m^(u−1)
        let a = t.cyclotomicPowerU() * t.conjugate()          // m^λ₃, λ₃ = (u−1)²
        let b = a.cyclotomicPowerU()                          // m^λ₂
        let c = b.cyclotomicPowerU() * a.conjugate()          // m^λ₁
        let d = c.cyclotomicPowerU() * m.cyclotomicSquared() * m   // m^λ₀
        return d * c.frobenius(1) * b.frobenius(2) * a.frobenius(3)
    }

    /// e(P, Q).
    public static func pairing(_ p: G1Affine, _ q: G2Affine) -> Fp12 {
        finalExponentiation(millerLoop([(p, q)]))
    }

    /// Whether ∏ e(Pᵢ, Qᵢ) = 1, with one shared final exponentiation (the shape of every
    /// BLS verification).
    public static func productIsOne(_ pairs: [(G1Affine, G2Affine)]) -> Bool {
        finalExponentiation(millerLoop(pairs)).isOne
    }
}

extension Fp12 {
    /// x^u for x in the cyclotomic subgroup, u = −|u|: square-and-multiply over |u| with
    /// cyclotomic squarings (63 squarings, 5 multiplications), then conjugate (= invert).
    @inlinable
    func cyclotomicPowerU() -> Fp12 {
        var acc = self
        for i in stride(from: 62, through: 0, by: -1) {
            acc = acc.cyclotomicSquared()
            if (blsParameterAbs >> UInt64(i)) & 1 == 1 { acc = acc * self }
        }
        return acc.conjugate()
    }
}
