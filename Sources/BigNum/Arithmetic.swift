import CGMP

// Arithmetic operators. Each allocates a fresh result; compound assignments reuse the
// left operand's storage when it is uniquely referenced.

extension BigInt {
    /// Sum.
    public static func + (lhs: BigInt, rhs: BigInt) -> BigInt {
        make { __gmpz_add($0, lhs.ptr, rhs.ptr) }
    }
    /// Difference.
    public static func - (lhs: BigInt, rhs: BigInt) -> BigInt {
        make { __gmpz_sub($0, lhs.ptr, rhs.ptr) }
    }
    /// Product.
    public static func * (lhs: BigInt, rhs: BigInt) -> BigInt {
        make { __gmpz_mul($0, lhs.ptr, rhs.ptr) }
    }
    /// Negation.
    public static prefix func - (x: BigInt) -> BigInt {
        make { __gmpz_neg($0, x.ptr) }
    }

    /// Sum with an `Int`.
    public static func + (lhs: BigInt, rhs: Int) -> BigInt {
        make { r in
            if rhs >= 0 { __gmpz_add_ui(r, lhs.ptr, UInt(rhs)) } else { __gmpz_sub_ui(r, lhs.ptr, rhs.magnitude) }
        }
    }
    /// Sum with an `Int`.
    public static func + (lhs: Int, rhs: BigInt) -> BigInt { rhs + lhs }
    /// Difference with an `Int`.
    public static func - (lhs: BigInt, rhs: Int) -> BigInt {
        make { r in
            if rhs >= 0 { __gmpz_sub_ui(r, lhs.ptr, UInt(rhs)) } else { __gmpz_add_ui(r, lhs.ptr, rhs.magnitude) }
        }
    }
    /// Difference with an `Int`.
    public static func - (lhs: Int, rhs: BigInt) -> BigInt { -(rhs - lhs) }
    /// Product with an `Int`.
    public static func * (lhs: BigInt, rhs: Int) -> BigInt {
        make { __gmpz_mul_si($0, lhs.ptr, rhs) }
    }
    /// Product with an `Int`.
    public static func * (lhs: Int, rhs: BigInt) -> BigInt { rhs * lhs }

    /// In-place sum.
    public static func += (lhs: inout BigInt, rhs: BigInt) {
        let p = lhs.mutablePtr(); __gmpz_add(p, p, rhs.ptr)
    }
    /// In-place difference.
    public static func -= (lhs: inout BigInt, rhs: BigInt) {
        let p = lhs.mutablePtr(); __gmpz_sub(p, p, rhs.ptr)
    }
    /// In-place product.
    public static func *= (lhs: inout BigInt, rhs: BigInt) {
        let p = lhs.mutablePtr(); __gmpz_mul(p, p, rhs.ptr)
    }
    /// In-place sum with an `Int`.
    public static func += (lhs: inout BigInt, rhs: Int) {
        let p = lhs.mutablePtr()
        if rhs >= 0 { __gmpz_add_ui(p, p, UInt(rhs)) } else { __gmpz_sub_ui(p, p, rhs.magnitude) }
    }
    /// In-place difference with an `Int`.
    public static func -= (lhs: inout BigInt, rhs: Int) {
        let p = lhs.mutablePtr()
        if rhs >= 0 { __gmpz_sub_ui(p, p, UInt(rhs)) } else { __gmpz_add_ui(p, p, rhs.magnitude) }
    }
    /// In-place product with an `Int`.
    public static func *= (lhs: inout BigInt, rhs: Int) {
        let p = lhs.mutablePtr(); __gmpz_mul_si(p, p, rhs)
    }

    /// `|self|`.
    public var magnitude: BigInt { BigInt.make { __gmpz_abs($0, ptr) } }

    /// `self` raised to a non-negative `Int` power (no modulus; the result can be huge).
    public func power(_ exponent: Int) -> BigInt {
        precondition(exponent >= 0, "power: negative exponent")
        return BigInt.make { __gmpz_pow_ui($0, ptr, UInt(exponent)) }
    }

    // MARK: Division (floor semantics)

    /// Floor division: `q = ⌊self / divisor⌋` and `r = self − q·divisor`, so
    /// `self == q * divisor + r` and `r` has the sign of the divisor (`0 ≤ r < divisor` for a
    /// positive divisor, `divisor < r ≤ 0` for a negative one). This is GMP's `fdiv_qr`,
    /// and differs from Swift's `Int` (truncating) for negative operands.
    /// Throws ``BigNumError/divisionByZero`` when `divisor` is zero.
    public func quotientAndRemainder(dividingBy divisor: BigInt) throws(BigNumError) -> (quotient: BigInt, remainder: BigInt) {
        guard !divisor.isZero else { throw .divisionByZero }
        let q = MPZ(), r = MPZ()
        __gmpz_fdiv_qr(q.p, r.p, ptr, divisor.ptr)
        return (BigInt(storage: q), BigInt(storage: r))
    }

    /// Floor quotient (see ``quotientAndRemainder(dividingBy:)``).
    /// - Precondition: `rhs != 0` (a crash, as for `Int`). Use
    ///   ``quotientAndRemainder(dividingBy:)`` where the divisor comes from input.
    public static func / (lhs: BigInt, rhs: BigInt) -> BigInt {
        precondition(!rhs.isZero, "BigInt division by zero")
        return make { __gmpz_fdiv_q($0, lhs.ptr, rhs.ptr) }
    }

    /// Floor remainder: the sign of `rhs` (see ``quotientAndRemainder(dividingBy:)``).
    /// - Precondition: `rhs != 0`. Use ``quotientAndRemainder(dividingBy:)`` or
    ///   ``checkedMod(_:)`` where the divisor comes from input.
    public static func % (lhs: BigInt, rhs: BigInt) -> BigInt {
        precondition(!rhs.isZero, "BigInt division by zero")
        return make { __gmpz_fdiv_r($0, lhs.ptr, rhs.ptr) }
    }

    /// `self mod m`, always in `[0, |m|)` whatever the signs (the mathematician's residue).
    /// - Precondition: `m != 0`. Use ``checkedMod(_:)`` where `m` comes from input.
    public func mod(_ m: BigInt) -> BigInt {
        precondition(!m.isZero, "BigInt.mod: zero modulus")
        // mpz_mod ignores the sign of the divisor and returns a non-negative residue.
        return BigInt.make { __gmpz_mod($0, ptr, m.ptr) }
    }

    /// ``mod(_:)`` that throws ``BigNumError/divisionByZero`` instead of trapping.
    public func checkedMod(_ m: BigInt) throws(BigNumError) -> BigInt {
        guard !m.isZero else { throw .divisionByZero }
        return BigInt.make { __gmpz_mod($0, ptr, m.ptr) }
    }

    // MARK: Shifts and bits

    /// `self · 2^n`; a negative `n` shifts right (Swift's "smart shift" convention).
    public static func << (lhs: BigInt, rhs: Int) -> BigInt {
        if rhs < 0 { return lhs >> -rhs }
        return make { __gmpz_mul_2exp($0, lhs.ptr, mp_bitcnt_t(rhs)) }
    }

    /// `⌊self / 2^n⌋` (arithmetic shift: rounds toward −∞ like `Int`'s `>>`); a negative `n`
    /// shifts left.
    public static func >> (lhs: BigInt, rhs: Int) -> BigInt {
        if rhs < 0 { return lhs << -rhs }
        return make { __gmpz_fdiv_q_2exp($0, lhs.ptr, mp_bitcnt_t(rhs)) }
    }

    /// In-place left shift.
    public static func <<= (lhs: inout BigInt, rhs: Int) { lhs = lhs << rhs }
    /// In-place right shift.
    public static func >>= (lhs: inout BigInt, rhs: Int) { lhs = lhs >> rhs }

    /// Bitwise AND in two's complement (infinite sign extension, as GMP).
    public static func & (lhs: BigInt, rhs: BigInt) -> BigInt { make { __gmpz_and($0, lhs.ptr, rhs.ptr) } }
    /// Bitwise OR in two's complement.
    public static func | (lhs: BigInt, rhs: BigInt) -> BigInt { make { __gmpz_ior($0, lhs.ptr, rhs.ptr) } }
    /// Bitwise XOR in two's complement.
    public static func ^ (lhs: BigInt, rhs: BigInt) -> BigInt { make { __gmpz_xor($0, lhs.ptr, rhs.ptr) } }

    /// `⌊√self⌋`. - Precondition: `self >= 0`.
    public func squareRootFloor() -> BigInt {
        precondition(sign >= 0, "square root of a negative number")
        return BigInt.make { __gmpz_sqrt($0, ptr) }
    }

    /// True when `self` is a perfect square (0 and 1 included; negatives are not).
    public var isPerfectSquare: Bool { __gmpz_perfect_square_p(ptr) != 0 }
}
