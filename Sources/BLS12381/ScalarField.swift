import Primitives

// Arithmetic in 𝔽r (r the order of G1 and G2), so that `Scalar` can serve as the scalar
// field of the sharing schemes (Shamir shares, polynomial coefficients, Lagrange
// coefficients, DKG). Every operation is branch-free on the values: carries and borrows
// are 0/1 words turned into masks. Products use 4-limb Montgomery multiplication (CIOS)
// with the operands kept in canonical (non-Montgomery) form: a·b = REDC(REDC(a·b)·R²).

extension Scalar {
    /// −r⁻¹ mod 2⁶⁴.
    @usableFromInline static let montgomeryInverse: UInt64 = 0xffff_fffe_ffff_ffff
    /// R² mod r, R = 2²⁵⁶.
    @usableFromInline static let r2 = Scalar(uncheckedLimbs: 0xc999e990f3f29c6d, 0x2b6cedcb87925c23, 0x05d314967254398f, 0x0748d9d99f59ff11)
    /// r − 2, the exponent of Fermat inversion (public).
    @usableFromInline static let orderMinus2 = Scalar(uncheckedLimbs: 0xfffffffeffffffff, 0x53bda402fffe5bfe, 0x3339d80809a1d805, 0x73eda753299d7d48)

    /// 1.
    public static var one: Scalar { Scalar(1) }


    /// `t` (five limbs, value < 2r) reduced to [0, r) without a branch.
    @inlinable
    static func reduceOnce(_ t0: UInt64, _ t1: UInt64, _ t2: UInt64, _ t3: UInt64, _ t4: UInt64) -> Scalar {
        var b: UInt64 = 0
        let d0: UInt64, d1: UInt64, d2: UInt64, d3: UInt64
        (d0, b) = subBorrow(t0, order.0, 0)
        (d1, b) = subBorrow(t1, order.1, b)
        (d2, b) = subBorrow(t2, order.2, b)
        (d3, b) = subBorrow(t3, order.3, b)
        (_, b) = subBorrow(t4, 0, b)
        // b = 1: t < r, keep t; b = 0: take t − r.
        let keep = maskFromBit(b)
        return Scalar(uncheckedLimbs: (t0 & keep) | (d0 & ~keep), (t1 & keep) | (d1 & ~keep),
                      (t2 & keep) | (d2 & ~keep), (t3 & keep) | (d3 & ~keep))
    }

    /// REDC(a·b) = a·b·R⁻¹ mod r for a, b < r. Works in a stack buffer (no heap
    /// allocation, so no copies of secret limbs left on the heap).
    @inlinable
    static func montgomeryProduct(_ a: Scalar, _ b: Scalar) -> Scalar {
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 18) { buf in
            // x: 0..<4, y: 4..<8, m: 8..<12, t: 12..<18
            buf[0] = a.limbs.0; buf[1] = a.limbs.1; buf[2] = a.limbs.2; buf[3] = a.limbs.3
            buf[4] = b.limbs.0; buf[5] = b.limbs.1; buf[6] = b.limbs.2; buf[7] = b.limbs.3
            buf[8] = order.0; buf[9] = order.1; buf[10] = order.2; buf[11] = order.3
            for k in 12..<18 { buf[k] = 0 }
            for i in 0..<4 {
                var carry: UInt64 = 0
                for j in 0..<4 { (carry, buf[12 + j]) = mulAdd(buf[j], buf[4 + i], buf[12 + j], carry) }
                var c: UInt64
                (buf[16], c) = addCarry(buf[16], carry, 0)
                buf[17] = c
                let q = buf[12] &* montgomeryInverse
                (carry, _) = mulAdd(q, buf[8], buf[12], 0)
                for j in 1..<4 { (carry, buf[11 + j]) = mulAdd(q, buf[8 + j], buf[12 + j], carry) }
                (buf[15], c) = addCarry(buf[16], carry, 0)
                buf[16] = buf[17] &+ c
            }
            let result = reduceOnce(buf[12], buf[13], buf[14], buf[15], buf[16])
            for k in 0..<18 { buf[k] = 0 }
            return result
        }
    }

    /// The big-endian integer in `bytes` (any length) reduced mod r, reading the bytes in
    /// place (for secrets in `SecretBytes`); time depends only on the length.
    static func reducing(bigEndian bytes: UnsafeRawBufferPointer) -> Scalar {
        let twoTo64 = Scalar(uncheckedLimbs: 0, 1, 0, 0)
        var acc = Scalar.zero
        let lead = bytes.count % 8
        var index = 0
        var w: UInt64 = 0
        // A short leading word, then whole 8-byte words.
        for k in 0..<lead { w = w << 8 | UInt64(bytes[k]) }
        index = lead
        if lead > 0 { acc = Scalar(uncheckedLimbs: w, 0, 0, 0) }
        while index < bytes.count {
            w = 0
            for k in 0..<8 { w = w << 8 | UInt64(bytes[index + k]) }
            acc = acc * twoTo64 + Scalar(uncheckedLimbs: w, 0, 0, 0)   // w < 2⁶⁴ < r
            index += 8
        }
        return acc
    }

    /// Decodes 32 big-endian bytes known to encode a value < r, in place (for secrets).
    static func loading(bigEndian32 bytes: UnsafeRawBufferPointer) -> Scalar {
        precondition(bytes.count == 32)
        func word(_ i: Int) -> UInt64 {
            var w: UInt64 = 0
            for k in 0..<8 { w = w << 8 | UInt64(bytes[8 * i + k]) }
            return w
        }
        return Scalar(uncheckedLimbs: word(3), word(2), word(1), word(0))
    }

    /// Sum mod r.
    public static func + (a: Scalar, b: Scalar) -> Scalar {
        var c: UInt64 = 0
        let s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64
        (s0, c) = addCarry(a.limbs.0, b.limbs.0, 0)
        (s1, c) = addCarry(a.limbs.1, b.limbs.1, c)
        (s2, c) = addCarry(a.limbs.2, b.limbs.2, c)
        (s3, c) = addCarry(a.limbs.3, b.limbs.3, c)
        return reduceOnce(s0, s1, s2, s3, c)
    }

    /// Difference mod r.
    public static func - (a: Scalar, b: Scalar) -> Scalar {
        var br: UInt64 = 0
        let d0: UInt64, d1: UInt64, d2: UInt64, d3: UInt64
        (d0, br) = subBorrow(a.limbs.0, b.limbs.0, 0)
        (d1, br) = subBorrow(a.limbs.1, b.limbs.1, br)
        (d2, br) = subBorrow(a.limbs.2, b.limbs.2, br)
        (d3, br) = subBorrow(a.limbs.3, b.limbs.3, br)
        let mask = maskFromBit(br)   // add r back when the subtraction wrapped
        var c: UInt64 = 0
        let e0: UInt64, e1: UInt64, e2: UInt64, e3: UInt64
        (e0, c) = addCarry(d0, order.0 & mask, 0)
        (e1, c) = addCarry(d1, order.1 & mask, c)
        (e2, c) = addCarry(d2, order.2 & mask, c)
        (e3, _) = addCarry(d3, order.3 & mask, c)
        return Scalar(uncheckedLimbs: e0, e1, e2, e3)
    }

    /// Additive inverse mod r.
    public static prefix func - (a: Scalar) -> Scalar { Scalar.zero - a }

    /// Product mod r.
    public static func * (a: Scalar, b: Scalar) -> Scalar {
        montgomeryProduct(montgomeryProduct(a, b), r2)
    }

    public static func += (a: inout Scalar, b: Scalar) { a = a + b }
    public static func -= (a: inout Scalar, b: Scalar) { a = a - b }
    public static func *= (a: inout Scalar, b: Scalar) { a = a * b }

    /// The multiplicative inverse a^(r−2) mod r, or nil for zero. The exponent is public and
    /// fixed, so the square-and-multiply sequence does not depend on `self`; the only
    /// branch is on whether `self` is zero.
    public func inverse() -> Scalar? {
        if isZero { return nil }
        let base = Scalar.montgomeryProduct(self, Scalar.r2)        // aR
        var acc = Scalar.montgomeryProduct(Scalar.one, Scalar.r2)  // R (Montgomery one)
        for i in stride(from: 254, through: 0, by: -1) {
            acc = Scalar.montgomeryProduct(acc, acc)
            if Scalar.orderMinus2.bit(i) == 1 { acc = Scalar.montgomeryProduct(acc, base) }
        }
        return Scalar.montgomeryProduct(acc, Scalar.one)
    }

    /// The big-endian integer `bytes` (any length) reduced mod r, in time that depends only
    /// on the length. Given ≥ 48 uniform bytes the result is statistically uniform.
    public init(reducing bytes: [UInt8]) {
        self = bytes.withUnsafeBytes { Scalar.reducing(bigEndian: $0) }
    }
}
