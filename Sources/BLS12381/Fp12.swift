/// An element c0 + c1·w of 𝔽p¹² = 𝔽p⁶[w]/(w² − v). Pairing values (the group GT) live here.
///
/// Note for cross-checks: py_ecc represents 𝔽p¹² as 𝔽p[w]/(w¹² − 2w⁶ + 2). The w is the
/// same element (w⁶ = v³ = ξ = 1 + u, so (w⁶ − 1)² = u² = −1), and the coefficient of
/// w^(2k+i) in our a_{i,k} = x + y·u becomes x − y at w^(2k+i) and y at w^(2k+i+6) there.
@frozen
public struct Fp12: Sendable, Equatable {
    /// Coefficient of 1.
    public var c0: Fp6
    /// Coefficient of w.
    public var c1: Fp6

    /// c0 + c1·w.
    @inlinable @inline(__always)
    public init(_ c0: Fp6, _ c1: Fp6) { self.c0 = c0; self.c1 = c1 }

    /// 0.
    @inlinable public static var zero: Fp12 { Fp12(.zero, .zero) }
    /// 1.
    @inlinable public static var one: Fp12 { Fp12(.one, .zero) }
    /// A uniformly random element.
    public static func random() -> Fp12 { Fp12(.random(), .random()) }
    /// Whether zero.
    @inlinable public var isZero: Bool { c0.isZero && c1.isZero }
    /// Whether one (the identity of GT).
    @inlinable public var isOne: Bool { self == .one }

    @inlinable @inline(__always)
    static func select(_ a: Fp12, _ b: Fp12, _ choice: UInt64) -> Fp12 {
        Fp12(Fp6.select(a.c0, b.c0, choice), Fp6.select(a.c1, b.c1, choice))
    }

    /// a + b.
    @inlinable public static func + (a: Fp12, b: Fp12) -> Fp12 { Fp12(a.c0 + b.c0, a.c1 + b.c1) }
    /// a − b.
    @inlinable public static func - (a: Fp12, b: Fp12) -> Fp12 { Fp12(a.c0 - b.c0, a.c1 - b.c1) }
    /// −a.
    @inlinable public static prefix func - (a: Fp12) -> Fp12 { Fp12(-a.c0, -a.c1) }

    /// Karatsuba over 𝔽p⁶: three 𝔽p⁶ products.
    @inlinable
    public static func * (a: Fp12, b: Fp12) -> Fp12 {
        let t0 = a.c0 * b.c0
        let t1 = a.c1 * b.c1
        return Fp12(t0 + t1.mulByNonresidue(), (a.c0 + a.c1) * (b.c0 + b.c1) - t0 - t1)
    }

    /// a ·= b.
    @inlinable public static func *= (a: inout Fp12, b: Fp12) { a = a * b }

    /// Complex squaring over 𝔽p⁶: two 𝔽p⁶ products.
    @inlinable
    public func squared() -> Fp12 {
        let ab = c0 * c1
        let c0New = (c0 + c1) * (c0 + c1.mulByNonresidue()) - ab - ab.mulByNonresidue()
        return Fp12(c0New, ab.doubled())
    }

    /// The conjugate c0 − c1·w = x^(p⁶); on the cyclotomic subgroup (every pairing value)
    /// it is the inverse.
    @inlinable
    public func conjugate() -> Fp12 { Fp12(c0, -c1) }

    /// The inverse (c0 − c1·w)/(c0² − v·c1²); zero maps to zero. Constant time.
    public func inverse() -> Fp12 {
        let t = (c0.squared() - c1.squared().mulByNonresidue()).inverse()
        return Fp12(c0 * t, -(c1 * t))
    }

    /// x^(p^power) via precomputed coefficients.
    @inlinable
    public func frobenius(_ power: Int) -> Fp12 {
        let k = ((power % 12) + 12) % 12
        if k == 0 { return self }
        if k == 6 { return conjugate() }
        let k6 = k % 6
        let conjugated = k > 6   // x^(p^(6+j)) = (x̄)^(p^j): negate the w part
        let a0 = c0.frobenius(k6)
        var a1 = c1.frobenius(k6) * FrobeniusCoefficients.w(k6)
        if conjugated { a1 = -a1 }
        return Fp12(a0, a1)
    }

    /// self^e for a public exponent (little-endian limbs), constant time in self.
    public func power(_ exponent: [UInt64]) -> Fp12 { fixedPower(exponent) }

    /// Product with the sparse line value b0 + b1·v + b4·v·w (the "014" positions of the
    /// 𝔽p² coefficients c0.c0, c0.c1, c1.c1), as produced by the Miller loop on an
    /// M-type twist: 13 𝔽p² products instead of 18.
    @inlinable
    public func mulBy014(_ b0: Fp2, _ b1: Fp2, _ b4: Fp2) -> Fp12 {
        let aa = c0.mulBy01(b0, b1)
        let bb = c1.mulBy1(b4)
        let newC1 = (c1 + c0).mulBy01(b0, b1 + b4) - aa - bb
        return Fp12(bb.mulByNonresidue() + aa, newC1)
    }

    /// Granger–Scott squaring for elements of the cyclotomic subgroup (x^(p⁶+1)(p²+1)…,
    /// i.e. after the easy part of the final exponentiation): "Faster squaring in the
    /// cyclotomic subgroup of sixth degree extensions", PKC 2010 (eprint 2009/565), §3.2.
    /// Six 𝔽p² squarings instead of a full 𝔽p¹² squaring. Wrong for other elements.
    @inlinable
    public func cyclotomicSquared() -> Fp12 {
        var z0 = c0.c0, z4 = c0.c1, z3 = c0.c2
        var z2 = c1.c0, z1 = c1.c1, z5 = c1.c2
        // 𝔽p⁴ = 𝔽p²[s]/(s² − ξ) squarings of (z0, z1), (z2, z3), (z4, z5).
        let (t0, t1) = Fp12.fp4Square(z0, z1)
        z0 = (t0 - z0).doubled() + t0
        z1 = (t1 + z1).doubled() + t1
        let (t2, t3) = Fp12.fp4Square(z2, z3)
        let (t4, t5) = Fp12.fp4Square(z4, z5)
        z4 = (t2 - z4).doubled() + t2
        z5 = (t3 + z5).doubled() + t3
        let t6 = t5.mulByNonresidue()
        z2 = (t6 + z2).doubled() + t6
        z3 = (t4 - z3).doubled() + t4
        return Fp12(Fp6(z0, z4, z3), Fp6(z2, z1, z5))
    }

    /// (a + b·s)² in 𝔽p²[s]/(s² − ξ), returned as (c0, c1).
    @inlinable @inline(__always)
    static func fp4Square(_ a: Fp2, _ b: Fp2) -> (Fp2, Fp2) {
        let t0 = a.squared()
        let t1 = b.squared()
        let c0 = t1.mulByNonresidue() + t0
        let c1 = (a + b).squared() - t0 - t1
        return (c0, c1)
    }
}

extension Fp12: MultiplicativeField {}
