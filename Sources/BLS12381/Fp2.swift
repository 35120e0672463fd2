/// An element c0 + c1·u of 𝔽p² = 𝔽p[u]/(u² + 1).
@frozen
public struct Fp2: Sendable, Hashable {
    /// The coefficient of 1.
    public var c0: Fp
    /// The coefficient of u.
    public var c1: Fp

    /// c0 + c1·u.
    @inlinable @inline(__always)
    public init(_ c0: Fp, _ c1: Fp) { self.c0 = c0; self.c1 = c1 }

    /// The element c0 of the base field.
    @inlinable @inline(__always)
    public init(_ c0: Fp) { self.c0 = c0; self.c1 = .zero }

    /// 0.
    @inlinable public static var zero: Fp2 { Fp2(.zero, .zero) }
    /// 1.
    @inlinable public static var one: Fp2 { Fp2(.one, .zero) }
    /// u, the square root of −1.
    @inlinable public static var u: Fp2 { Fp2(.zero, .one) }

    /// A uniformly random element.
    public static func random() -> Fp2 { Fp2(.random(), .random()) }

    /// Whether zero (constant time).
    @inlinable public var isZero: Bool { c0.isZero && c1.isZero }

    @inlinable @inline(__always)
    static func select(_ a: Fp2, _ b: Fp2, _ choice: UInt64) -> Fp2 {
        Fp2(Fp.select(a.c0, b.c0, choice), Fp.select(a.c1, b.c1, choice))
    }

    /// a + b.
    @inlinable @inline(__always)
    public static func + (a: Fp2, b: Fp2) -> Fp2 { Fp2(a.c0 + b.c0, a.c1 + b.c1) }
    /// a − b.
    @inlinable @inline(__always)
    public static func - (a: Fp2, b: Fp2) -> Fp2 { Fp2(a.c0 - b.c0, a.c1 - b.c1) }
    /// −a.
    @inlinable @inline(__always)
    public static prefix func - (a: Fp2) -> Fp2 { Fp2(-a.c0, -a.c1) }
    /// 2a.
    @inlinable @inline(__always)
    public func doubled() -> Fp2 { Fp2(c0.doubled(), c1.doubled()) }

    /// a/2.
    @inlinable @inline(__always)
    public func halved() -> Fp2 { Fp2(c0.halved(), c1.halved()) }

    /// Karatsuba: three 𝔽p products instead of four, and two Montgomery reductions instead
    /// of three. Out of line (see `Fp.*` for why kernels are not inlined everywhere).
    @inlinable @inline(__always)
    public static func * (a: Fp2, b: Fp2) -> Fp2 { product(a, b) }

    @usableFromInline @inline(never)
    static func product(_ a: Fp2, _ b: Fp2) -> Fp2 {
        // Lazy reduction: three 768-bit products, two reductions (FpWide.swift).
        let t0 = Fp.wideProduct(a.c0, b.c0)
        let t1 = Fp.wideProduct(a.c1, b.c1)
        let t2 = Fp.wideProduct(Fp.addWithoutReduction(a.c0, a.c1), Fp.addWithoutReduction(b.c0, b.c1))
        let real = FpWide.subtractModPR(t0, t1)                            // a0b0 − a1b1
        let imaginary = FpWide.subtract(FpWide.subtract(t2, t0), t1)       // a0b1 + a1b0 < 2p²
        return Fp2(Fp.montgomeryReduce(real), Fp.montgomeryReduce(imaginary))
    }

    /// a·s for s in the base field.
    @inlinable @inline(__always)
    public static func * (a: Fp2, s: Fp) -> Fp2 { Fp2(a.c0 * s, a.c1 * s) }

    /// Complex squaring: (c0 + c1)(c0 − c1) + 2c0c1·u, two 𝔽p products.
    @inlinable @inline(__always)
    public func squared() -> Fp2 { Fp2.square(self) }

    @usableFromInline @inline(never)
    static func square(_ a: Fp2) -> Fp2 {
        let t = Fp.montgomeryProductInline(a.c0, a.c1)
        return Fp2(Fp.montgomeryProductInline(a.c0 + a.c1, a.c0 - a.c1), t.doubled())
    }

    /// Multiplication by the sextic non-residue ξ = 1 + u (defines 𝔽p⁶ and the twist):
    /// (c0 − c1) + (c0 + c1)·u.
    @inlinable @inline(__always)
    public func mulByNonresidue() -> Fp2 { Fp2(c0 - c1, c0 + c1) }

    /// The conjugate c0 − c1·u, which is also the Frobenius map x ↦ x^p.
    @inlinable @inline(__always)
    public func conjugate() -> Fp2 { Fp2(c0, -c1) }

    /// x^(p^power): the identity for even powers, conjugation for odd.
    @inlinable
    public func frobenius(_ power: Int) -> Fp2 { power & 1 == 1 ? conjugate() : self }

    /// The norm c0² + c1² ∈ 𝔽p.
    @inlinable public var norm: Fp { c0.squared() + c1.squared() }

    /// The inverse (c0 − c1·u)/(c0² + c1²); zero maps to zero. Constant time.
    public func inverse() -> Fp2 {
        let t = norm.inverse()
        return Fp2(c0 * t, -(c1 * t))
    }

    /// a += b.
    @inlinable @inline(__always)
    public static func += (a: inout Fp2, b: Fp2) { a = a + b }
    /// a −= b.
    @inlinable @inline(__always)
    public static func -= (a: inout Fp2, b: Fp2) { a = a - b }
    /// a ·= b.
    @inlinable @inline(__always)
    public static func *= (a: inout Fp2, b: Fp2) { a = a * b }
}

extension Fp2: MultiplicativeField {}

extension Fp2: CustomStringConvertible {
    /// `c0 + c1·u` with hex coefficients.
    public var description: String { "\(c0) + \(c1)·u" }
}

// MARK: Square roots, signs, encoding

extension Fp2 {
    /// self^e for a public exponent (little-endian limbs), constant time in self.
    public func power(_ exponent: [UInt64]) -> Fp2 { fixedPower(exponent) }

    /// Whether a square in 𝔽p²: exactly when the norm is a square in 𝔽p.
    public var isSquare: Bool { norm.isSquare }

    /// A square root when one exists, by the "complex method" in 𝔽p (Scott, "Implementing
    /// cryptographic pairings", §3.3; Adj–Rodríguez-Henríquez, eprint 2012/685, Alg. 8):
    /// for a = a0 + a1·u with a1 ≠ 0, let γ = √(a0² + a1²) ∈ 𝔽p and δ = (a0 + γ)/2; then
    /// x = √δ + a1/(2√δ)·u. Two 𝔽p exponentiations in all, with no inversion and no second
    /// attempt: t = δ^((p−3)/4) satisfies t²δ = (δ/p), so
    ///   δ a square:      √δ = tδ and 1/√δ = t, x = tδ + (a1·t/2)·u;
    ///   δ a non-square:  δ′ = (a0 − γ)/2 = −a1²/(4δ) is the square, √δ′ = a1·t/2 and
    ///                    a1/(2√δ′) = 1/t = −tδ, so x = a1·t/2 − tδ·u.
    /// The result is checked (x² = a), so a non-square input returns nil. Which of the two
    /// roots is returned is unspecified. Branches on squareness; inputs here are public
    /// (decoding, hashing public messages).
    public func squareRoot() -> Fp2? {
        if c1.isZero {
            // √a0 if a0 is a square, else √(−a0)·u (−1 is a non-square since p ≡ 3 mod 4).
            if let r = c0.squareRoot() { return Fp2(r, .zero) }
            return (-c0).squareRoot().map { Fp2(.zero, $0) }
        }
        guard let gamma = norm.squareRoot() else { return nil }
        let delta = (c0 + gamma).halved()                 // ≠ 0 since a1 ≠ 0
        let t = delta.power(Fp.exponentPMinus3Over4)
        let tDelta = t * delta
        let halfA1T = (c1 * t).halved()
        let candidate = (tDelta * t == .one) ? Fp2(tDelta, halfA1T) : Fp2(halfA1T, -tDelta)
        return candidate.squared() == self ? candidate : nil
    }

    /// RFC 9380 §4.1 `sgn0` for 𝔽p²: sgn0(c0), or sgn0(c1) when c0 = 0.
    public var sgn0: Bool {
        let sign0 = c0.sgn0
        return sign0 || (c0.isZero && c1.sgn0)
    }

    /// ZCash ordering for compressed G2 points: compare c1 first, then c0 when c1 = 0.
    public var isLexicographicallyLargest: Bool {
        c1.isZero ? c0.isLexicographicallyLargest : c1.isLexicographicallyLargest
    }

    /// ZCash/IETF byte order: c1 (48 bytes, big-endian) then c0.
    public var bigEndianBytes: [UInt8] { c1.bigEndianBytes + c0.bigEndianBytes }

    /// Decodes 96 bytes `c1 ‖ c0`; refuses a coefficient ≥ p.
    public init<Bytes: Collection>(bigEndianBytes bytes: Bytes) throws(BLSError) where Bytes.Element == UInt8 {
        guard bytes.count == 96 else { throw .invalidLength(expected: 96, actual: bytes.count) }
        let array = Array(bytes)
        self.init(try Fp(bigEndianBytes: array[48..<96]), try Fp(bigEndianBytes: array[0..<48]))
    }
}
