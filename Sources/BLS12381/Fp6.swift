/// An element c0 + c1·v + c2·v² of 𝔽p⁶ = 𝔽p²[v]/(v³ − ξ), ξ = 1 + u.
@frozen
public struct Fp6: Sendable, Equatable {
    /// Coefficient of 1.
    public var c0: Fp2
    /// Coefficient of v.
    public var c1: Fp2
    /// Coefficient of v².
    public var c2: Fp2

    /// c0 + c1·v + c2·v².
    @inlinable @inline(__always)
    public init(_ c0: Fp2, _ c1: Fp2, _ c2: Fp2) { self.c0 = c0; self.c1 = c1; self.c2 = c2 }

    /// 0.
    @inlinable public static var zero: Fp6 { Fp6(.zero, .zero, .zero) }
    /// 1.
    @inlinable public static var one: Fp6 { Fp6(.one, .zero, .zero) }
    /// A uniformly random element.
    public static func random() -> Fp6 { Fp6(.random(), .random(), .random()) }
    /// Whether zero.
    @inlinable public var isZero: Bool { c0.isZero && c1.isZero && c2.isZero }

    @inlinable @inline(__always)
    static func select(_ a: Fp6, _ b: Fp6, _ choice: UInt64) -> Fp6 {
        Fp6(Fp2.select(a.c0, b.c0, choice), Fp2.select(a.c1, b.c1, choice), Fp2.select(a.c2, b.c2, choice))
    }

    /// a + b.
    @inlinable @inline(__always)
    public static func + (a: Fp6, b: Fp6) -> Fp6 { Fp6(a.c0 + b.c0, a.c1 + b.c1, a.c2 + b.c2) }
    /// a − b.
    @inlinable @inline(__always)
    public static func - (a: Fp6, b: Fp6) -> Fp6 { Fp6(a.c0 - b.c0, a.c1 - b.c1, a.c2 - b.c2) }
    /// −a.
    @inlinable @inline(__always)
    public static prefix func - (a: Fp6) -> Fp6 { Fp6(-a.c0, -a.c1, -a.c2) }
    /// 2a.
    @inlinable @inline(__always)
    public func doubled() -> Fp6 { Fp6(c0.doubled(), c1.doubled(), c2.doubled()) }

    /// Karatsuba-style product with six 𝔽p² multiplications (Devegili, Ó hÉigeartaigh,
    /// Scott, Dahab, "Multiplication and squaring on pairing-friendly fields", eprint 2006/471 §4).
    @inlinable
    public static func * (a: Fp6, b: Fp6) -> Fp6 {
        let t0 = a.c0 * b.c0
        let t1 = a.c1 * b.c1
        let t2 = a.c2 * b.c2
        let c0 = ((a.c1 + a.c2) * (b.c1 + b.c2) - t1 - t2).mulByNonresidue() + t0
        let c1 = (a.c0 + a.c1) * (b.c0 + b.c1) - t0 - t1 + t2.mulByNonresidue()
        let c2 = (a.c0 + a.c2) * (b.c0 + b.c2) - t0 - t2 + t1
        return Fp6(c0, c1, c2)
    }

    /// Chung–Hasan CH-SQR2 squaring (eprint 2006/471 §4.2): two squarings and three
    /// multiplications in 𝔽p².
    @inlinable
    public func squared() -> Fp6 {
        let s0 = c0.squared()
        let s1 = (c0 * c1).doubled()
        let s2 = (c0 - c1 + c2).squared()
        let s3 = (c1 * c2).doubled()
        let s4 = c2.squared()
        return Fp6(s3.mulByNonresidue() + s0, s4.mulByNonresidue() + s1, s1 + s2 + s3 - s0 - s4)
    }

    /// Multiplication by v: (c0, c1, c2) ↦ (ξ·c2, c0, c1). Makes 𝔽p¹² = 𝔽p⁶[w]/(w² − v).
    @inlinable @inline(__always)
    public func mulByNonresidue() -> Fp6 { Fp6(c2.mulByNonresidue(), c0, c1) }

    /// a·s for s ∈ 𝔽p².
    @inlinable @inline(__always)
    public static func * (a: Fp6, s: Fp2) -> Fp6 { Fp6(a.c0 * s, a.c1 * s, a.c2 * s) }

    /// Product with the sparse element b0 + b1·v (five 𝔽p² products instead of six).
    @inlinable
    public func mulBy01(_ b0: Fp2, _ b1: Fp2) -> Fp6 {
        let t0 = c0 * b0
        let t1 = c1 * b1
        let r0 = ((c1 + c2) * b1 - t1).mulByNonresidue() + t0
        let r1 = (c0 + c1) * (b0 + b1) - t0 - t1
        let r2 = (c0 + c2) * b0 - t0 + t1
        return Fp6(r0, r1, r2)
    }

    /// Product with the sparse element b1·v (three 𝔽p² products).
    @inlinable
    public func mulBy1(_ b1: Fp2) -> Fp6 {
        Fp6((c2 * b1).mulByNonresidue(), c0 * b1, c1 * b1)
    }

    /// The inverse (eprint 2010/354, Algorithm 17); zero maps to zero. Constant time.
    public func inverse() -> Fp6 {
        let t0 = c0.squared() - (c1 * c2).mulByNonresidue()
        let t1 = c2.squared().mulByNonresidue() - c0 * c1
        let t2 = c1.squared() - c0 * c2
        let denominator = c0 * t0 + (c2 * t1 + c1 * t2).mulByNonresidue()
        let inv = denominator.inverse()
        return Fp6(t0 * inv, t1 * inv, t2 * inv)
    }

    /// x^(p^power) for power in 1…5: conjugate-or-not each coefficient, then scale v and v²
    /// by ξ^((p^k−1)/3) and ξ^(2(p^k−1)/3).
    @inlinable
    public func frobenius(_ power: Int) -> Fp6 {
        let k = ((power % 6) + 6) % 6
        if k == 0 { return self }
        return Fp6(c0.frobenius(k), c1.frobenius(k) * FrobeniusCoefficients.v(k),
                   c2.frobenius(k) * FrobeniusCoefficients.vSquared(k))
    }
}

extension Fp6: MultiplicativeField {}
