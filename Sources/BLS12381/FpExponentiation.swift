// Fixed-exponent powers in 𝔽p: inversion (Fermat), square root (p ≡ 3 mod 4) and the
// Legendre symbol. The exponents are public constants, so the window schedule may depend
// on them; the base never influences control flow or memory addresses.

extension Fp {
    /// Little-endian limbs of p − 2 (Fermat inversion exponent).
    @usableFromInline static let exponentPMinus2: [UInt64] = [
        0xb9feffffffffaaa9, 0x1eabfffeb153ffff, 0x6730d2a0f6b0f624, 0x64774b84f38512bf, 0x4b1ba7b6434bacd7, 0x1a0111ea397fe69a]
    /// (p + 1) / 4: x^((p+1)/4) is a square root of x when x is a square (p ≡ 3 mod 4).
    @usableFromInline static let exponentPPlus1Over4: [UInt64] = [
        0xee7fbfffffffeaab, 0x07aaffffac54ffff, 0xd9cc34a83dac3d89, 0xd91dd2e13ce144af, 0x92c6e9ed90d2eb35, 0x0680447a8e5ff9a6]
    /// (p − 1) / 2: Euler's criterion.
    @usableFromInline static let exponentPMinus1Over2: [UInt64] = [
        0xdcff7fffffffd555, 0x0f55ffff58a9ffff, 0xb39869507b587b12, 0xb23ba5c279c2895f, 0x258dd3db21a5d66b, 0x0d0088f51cbff34d]
    /// (p − 3) / 4: used by the 𝔽p² square root (eprint 2012/685, Algorithm 9).
    @usableFromInline static let exponentPMinus3Over4: [UInt64] = [
        0xee7fbfffffffeaaa, 0x07aaffffac54ffff, 0xd9cc34a83dac3d89, 0xd91dd2e13ce144af, 0x92c6e9ed90d2eb35, 0x0680447a8e5ff9a6]

    /// self^e for a public exponent given as little-endian limbs, by left-to-right
    /// sliding windows of up to 5 bits over the odd powers self, self³, …, self³¹:
    /// ≈ 380 squarings + ≈ 80 multiplications (15 for the table) for a 381-bit exponent
    /// (fixed 4-bit windows needed ≈ 109). The window schedule and the table indices depend
    /// only on the public exponent, so the sequence of operations and memory addresses is
    /// the same for every base: constant time in self.
    ///
    /// Written out for 𝔽p so that the products use the inlined kernel (about a quarter
    /// faster than calls; this loop is the whole cost of inversion, square roots and
    /// Legendre symbols).
    public func power(_ exponent: [UInt64]) -> Fp {
        withUnsafeTemporaryAllocation(of: Fp.self, capacity: 16) { odd in
            let square = Fp.montgomeryProductInline(self, self)
            odd.initialize(repeating: self)
            for i in 1..<16 { odd[i] = Fp.montgomeryProductInline(odd[i - 1], square) }
            @inline(__always) func bit(_ i: Int) -> UInt64 { (exponent[i >> 6] >> UInt64(i & 63)) & 1 }
            var acc = Fp.one
            var started = false
            var i = 64 * exponent.count - 1
            while i >= 0 {
                if bit(i) == 0 {
                    if started { acc = Fp.montgomeryProductInline(acc, acc) }
                    i -= 1
                    continue
                }
                var j = Swift.max(i - 4, 0)
                while bit(j) == 0 { j += 1 }                  // windows end in a set bit (odd value)
                var value = 0
                for b in stride(from: i, through: j, by: -1) { value = value << 1 | Int(bit(b)) }
                if started {
                    for _ in j...i { acc = Fp.montgomeryProductInline(acc, acc) }
                    acc = Fp.montgomeryProductInline(acc, odd[value >> 1])
                } else {
                    acc = odd[value >> 1]
                    started = true
                }
                i = j - 1
            }
            return acc
        }
    }

    /// The multiplicative inverse a^(p−2); zero maps to zero. Constant time.
    public func inverse() -> Fp { power(Fp.exponentPMinus2) }

    /// A square root when one exists: c = a^((p+1)/4) and c² = a. Which of ±c is returned
    /// is unspecified; use `sgn0` or `isLexicographicallyLargest` to choose.
    public func squareRoot() -> Fp? {
        let c = power(Fp.exponentPPlus1Over4)
        return c.squared() == self ? c : nil
    }

    /// The Legendre symbol (a/p) as 1, −1 or 0.
    public var legendreSymbol: Int {
        let e = power(Fp.exponentPMinus1Over2)
        if e.isZero { return 0 }
        return e == .one ? 1 : -1
    }

    /// Whether a is a square in 𝔽p (zero counts as a square, as in RFC 9380 `is_square`).
    public var isSquare: Bool { legendreSymbol >= 0 }
}
