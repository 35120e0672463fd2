import Primitives

/// An element of the BLS12-381 base field 𝔽p, p = 0x1a0111ea…ffffaaab (381 bits).
///
/// Six 64-bit little-endian limbs stored inline (no heap, no array), always fully reduced
/// (< p) and kept in Montgomery form: the limbs hold `a·R mod p` with R = 2³⁸⁴. Because the
/// representation is unique, equality compares limbs (without branching).
///
/// Every operation here runs in time independent of the values involved, except the
/// explicitly named variable-time helpers and the failure paths of decoding.
@frozen
public struct Fp: Sendable {
    @usableFromInline var l0: UInt64
    @usableFromInline var l1: UInt64
    @usableFromInline var l2: UInt64
    @usableFromInline var l3: UInt64
    @usableFromInline var l4: UInt64
    @usableFromInline var l5: UInt64

    /// Raw limbs (already in Montgomery form, already < p).
    @inlinable @inline(__always)
    init(montgomeryLimbs l0: UInt64, _ l1: UInt64, _ l2: UInt64, _ l3: UInt64, _ l4: UInt64, _ l5: UInt64) {
        self.l0 = l0; self.l1 = l1; self.l2 = l2; self.l3 = l3; self.l4 = l4; self.l5 = l5
    }

    // MARK: Constants (computed properties so that they fold to immediates; a `static let`
    // would go through a lazy-initialisation check on every use).

    /// The modulus p, limb by limb.
    @inlinable static var p0: UInt64 { 0xb9feffffffffaaab }
    @inlinable static var p1: UInt64 { 0x1eabfffeb153ffff }
    @inlinable static var p2: UInt64 { 0x6730d2a0f6b0f624 }
    @inlinable static var p3: UInt64 { 0x64774b84f38512bf }
    @inlinable static var p4: UInt64 { 0x4b1ba7b6434bacd7 }
    @inlinable static var p5: UInt64 { 0x1a0111ea397fe69a }
    /// −p⁻¹ mod 2⁶⁴ (Montgomery's p′).
    @inlinable static var pInv: UInt64 { 0x89f3fffcfffcfffd }

    /// R² mod p, used to enter Montgomery form.
    @inlinable static var r2: Fp {
        Fp(montgomeryLimbs: 0xf4df1f341c341746, 0x0a76e6a609d104f1, 0x8de5476c4c95b6d5,
           0x67eb88a9939d83c0, 0x9a793e85b519952d, 0x11988fe592cae3aa)
    }

    /// The additive identity.
    @inlinable public static var zero: Fp { Fp(montgomeryLimbs: 0, 0, 0, 0, 0, 0) }

    /// The multiplicative identity (R mod p in Montgomery form).
    @inlinable public static var one: Fp {
        Fp(montgomeryLimbs: 0x760900000002fffd, 0xebf4000bc40c0002, 0x5f48985753c758ba,
           0x77ce585370525745, 0x5c071a97a256ec6d, 0x15f65ec3fa80e493)
    }

    // MARK: Conversions

    /// The element whose canonical integer value has these little-endian limbs; the value
    /// must already be < p (internal: used for hard-coded constants).
    @inlinable
    init(canonicalLimbs l0: UInt64, _ l1: UInt64, _ l2: UInt64, _ l3: UInt64, _ l4: UInt64, _ l5: UInt64) {
        self = Fp(montgomeryLimbs: l0, l1, l2, l3, l4, l5) * Fp.r2
    }

    /// The small integer `value` as a field element.
    @inlinable
    public init(_ value: UInt64) { self.init(canonicalLimbs: value, 0, 0, 0, 0, 0) }

    /// The canonical (non-Montgomery) limbs of the value, little-endian.
    @inlinable
    var canonicalLimbs: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) {
        let c = self * Fp(montgomeryLimbs: 1, 0, 0, 0, 0, 0)
        return (c.l0, c.l1, c.l2, c.l3, c.l4, c.l5)
    }

    /// Decodes a 48-byte big-endian integer; refuses values ≥ p.
    public init<Bytes: Collection>(bigEndianBytes bytes: Bytes) throws(BLSError) where Bytes.Element == UInt8 {
        guard bytes.count == 48 else { throw .invalidLength(expected: 48, actual: bytes.count) }
        var w = (UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        var index = 0
        for byte in bytes {
            // Byte `index` belongs to limb 5 − index/8 (big-endian limb order).
            let limb = 5 - index / 8
            let v = UInt64(byte)
            switch limb {
            case 5: w.5 = w.5 << 8 | v
            case 4: w.4 = w.4 << 8 | v
            case 3: w.3 = w.3 << 8 | v
            case 2: w.2 = w.2 << 8 | v
            case 1: w.1 = w.1 << 8 | v
            default: w.0 = w.0 << 8 | v
            }
            index += 1
        }
        guard Fp.isLessThanModulus(w.0, w.1, w.2, w.3, w.4, w.5) else { throw .nonCanonicalFieldElement }
        self.init(canonicalLimbs: w.0, w.1, w.2, w.3, w.4, w.5)
    }

    /// 1 when the 384-bit integer is < p.
    @inlinable
    static func isLessThanModulus(_ a0: UInt64, _ a1: UInt64, _ a2: UInt64, _ a3: UInt64, _ a4: UInt64, _ a5: UInt64) -> Bool {
        var b: UInt64 = 0
        (_, b) = subBorrow(a0, p0, 0)
        (_, b) = subBorrow(a1, p1, b)
        (_, b) = subBorrow(a2, p2, b)
        (_, b) = subBorrow(a3, p3, b)
        (_, b) = subBorrow(a4, p4, b)
        (_, b) = subBorrow(a5, p5, b)
        return b == 1
    }

    /// The canonical 48-byte big-endian encoding.
    public var bigEndianBytes: [UInt8] {
        let c = canonicalLimbs
        var out = [UInt8](repeating: 0, count: 48)
        for (i, limb) in [c.5, c.4, c.3, c.2, c.1, c.0].enumerated() {
            for j in 0..<8 { out[i * 8 + j] = UInt8(truncatingIfNeeded: limb >> (56 - 8 * UInt64(j))) }
        }
        return out
    }

    /// A uniformly random element (rejection sampling of 381-bit strings; variable time in
    /// the number of rejections only, which reveals nothing about the result).
    public static func random() -> Fp {
        while true {
            var bytes = SecureRandom.bytes(48)
            bytes[0] &= 0x1f
            if let x = try? Fp(bigEndianBytes: bytes) { return x }
        }
    }

    // MARK: Predicates

    /// Whether the element is zero (constant time).
    @inlinable public var isZero: Bool { (l0 | l1 | l2 | l3 | l4 | l5) == 0 }

    /// 1 when zero, else 0 (branch-free, for masks).
    @inlinable var isZeroBit: UInt64 { BLS12381.isZeroBit(l0 | l1 | l2 | l3 | l4 | l5) }

    /// RFC 9380 §4.1 `sgn0` for 𝔽p: the parity of the canonical integer.
    @inlinable public var sgn0: Bool { canonicalLimbs.0 & 1 == 1 }

    /// Whether the canonical value is greater than (p−1)/2 — ZCash's "lexicographically
    /// largest" sign for compressed points.
    public var isLexicographicallyLargest: Bool {
        // value > (p−1)/2  ⇔  value ≥ (p+1)/2; compare by subtracting (p+1)/2.
        let c = canonicalLimbs
        var b: UInt64 = 0
        (_, b) = subBorrow(c.0, 0xdcff7fffffffd556, 0)
        (_, b) = subBorrow(c.1, 0x0f55ffff58a9ffff, b)
        (_, b) = subBorrow(c.2, 0xb39869507b587b12, b)
        (_, b) = subBorrow(c.3, 0xb23ba5c279c2895f, b)
        (_, b) = subBorrow(c.4, 0x258dd3db21a5d66b, b)
        (_, b) = subBorrow(c.5, 0x0d0088f51cbff34d, b)
        return b == 0
    }

    /// Returns `b` when `choice` is 1 and `a` when it is 0, without branching.
    @inlinable @inline(__always)
    static func select(_ a: Fp, _ b: Fp, _ choice: UInt64) -> Fp {
        let m = maskFromBit(choice)
        return Fp(montgomeryLimbs: a.l0 ^ ((a.l0 ^ b.l0) & m), a.l1 ^ ((a.l1 ^ b.l1) & m),
                  a.l2 ^ ((a.l2 ^ b.l2) & m), a.l3 ^ ((a.l3 ^ b.l3) & m),
                  a.l4 ^ ((a.l4 ^ b.l4) & m), a.l5 ^ ((a.l5 ^ b.l5) & m))
    }
}

extension Fp: Equatable {
    /// Constant-time equality (the representation is unique).
    @inlinable @inline(__always)
    public static func == (a: Fp, b: Fp) -> Bool {
        ((a.l0 ^ b.l0) | (a.l1 ^ b.l1) | (a.l2 ^ b.l2) | (a.l3 ^ b.l3) | (a.l4 ^ b.l4) | (a.l5 ^ b.l5)) == 0
    }
}

extension Fp: Hashable {
    /// Hashes the (unique) Montgomery limbs.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(l0); hasher.combine(l1); hasher.combine(l2)
        hasher.combine(l3); hasher.combine(l4); hasher.combine(l5)
    }
}

extension Fp: CustomStringConvertible {
    /// Hex of the canonical big-endian bytes.
    public var description: String { "0x" + Hex.encode(bigEndianBytes) }
}

// MARK: Additive group

extension Fp {
    /// Given t < 2p (as six limbs), returns t mod p by one masked subtraction.
    @inlinable @inline(__always)
    static func subtractModulusIfNeeded(_ t0: UInt64, _ t1: UInt64, _ t2: UInt64, _ t3: UInt64, _ t4: UInt64, _ t5: UInt64) -> Fp {
        var b: UInt64 = 0
        let s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64, s4: UInt64, s5: UInt64
        (s0, b) = subBorrow(t0, p0, 0)
        (s1, b) = subBorrow(t1, p1, b)
        (s2, b) = subBorrow(t2, p2, b)
        (s3, b) = subBorrow(t3, p3, b)
        (s4, b) = subBorrow(t4, p4, b)
        (s5, b) = subBorrow(t5, p5, b)
        // Borrow ⇒ t < p ⇒ keep t.
        let keep = maskFromBit(b)
        return Fp(montgomeryLimbs: s0 ^ ((s0 ^ t0) & keep), s1 ^ ((s1 ^ t1) & keep), s2 ^ ((s2 ^ t2) & keep),
                  s3 ^ ((s3 ^ t3) & keep), s4 ^ ((s4 ^ t4) & keep), s5 ^ ((s5 ^ t5) & keep))
    }

    /// a + b mod p. The sum of two values < p < 2³⁸¹ fits in six limbs.
    @inlinable @inline(__always)
    public static func + (a: Fp, b: Fp) -> Fp {
        var c: UInt64 = 0
        let t0: UInt64, t1: UInt64, t2: UInt64, t3: UInt64, t4: UInt64, t5: UInt64
        (t0, c) = addCarry(a.l0, b.l0, 0)
        (t1, c) = addCarry(a.l1, b.l1, c)
        (t2, c) = addCarry(a.l2, b.l2, c)
        (t3, c) = addCarry(a.l3, b.l3, c)
        (t4, c) = addCarry(a.l4, b.l4, c)
        (t5, _) = addCarry(a.l5, b.l5, c)
        return subtractModulusIfNeeded(t0, t1, t2, t3, t4, t5)
    }

    /// a − b mod p: subtract, then add p back under the borrow mask.
    @inlinable @inline(__always)
    public static func - (a: Fp, b: Fp) -> Fp {
        var br: UInt64 = 0
        let d0: UInt64, d1: UInt64, d2: UInt64, d3: UInt64, d4: UInt64, d5: UInt64
        (d0, br) = subBorrow(a.l0, b.l0, 0)
        (d1, br) = subBorrow(a.l1, b.l1, br)
        (d2, br) = subBorrow(a.l2, b.l2, br)
        (d3, br) = subBorrow(a.l3, b.l3, br)
        (d4, br) = subBorrow(a.l4, b.l4, br)
        (d5, br) = subBorrow(a.l5, b.l5, br)
        let m = maskFromBit(br)
        var c: UInt64 = 0
        let r0: UInt64, r1: UInt64, r2: UInt64, r3: UInt64, r4: UInt64, r5: UInt64
        (r0, c) = addCarry(d0, p0 & m, 0)
        (r1, c) = addCarry(d1, p1 & m, c)
        (r2, c) = addCarry(d2, p2 & m, c)
        (r3, c) = addCarry(d3, p3 & m, c)
        (r4, c) = addCarry(d4, p4 & m, c)
        (r5, _) = addCarry(d5, p5 & m, c)
        return Fp(montgomeryLimbs: r0, r1, r2, r3, r4, r5)
    }

    /// −a mod p (p − a, masked to zero when a = 0 so the result stays < p).
    @inlinable @inline(__always)
    public static prefix func - (a: Fp) -> Fp {
        let nz = ~maskFromBit(a.isZeroBit)
        var b: UInt64 = 0
        let r0: UInt64, r1: UInt64, r2: UInt64, r3: UInt64, r4: UInt64, r5: UInt64
        (r0, b) = subBorrow(p0, a.l0, 0)
        (r1, b) = subBorrow(p1, a.l1, b)
        (r2, b) = subBorrow(p2, a.l2, b)
        (r3, b) = subBorrow(p3, a.l3, b)
        (r4, b) = subBorrow(p4, a.l4, b)
        (r5, _) = subBorrow(p5, a.l5, b)
        return Fp(montgomeryLimbs: r0 & nz, r1 & nz, r2 & nz, r3 & nz, r4 & nz, r5 & nz)
    }

    /// 2a mod p.
    @inlinable @inline(__always)
    public func doubled() -> Fp { self + self }

    /// a/2 mod p without a multiplication: add p when the (Montgomery) limbs are odd —
    /// masked — then shift right by one; the sum is < 2p < 2³⁸², so the carry out of the
    /// top limb is the bit shifted back in. Constant time.
    @inlinable @inline(__always)
    public func halved() -> Fp {
        let m = maskFromBit(l0 & 1)
        var c: UInt64 = 0
        let t0: UInt64, t1: UInt64, t2: UInt64, t3: UInt64, t4: UInt64, t5: UInt64
        (t0, c) = addCarry(l0, Fp.p0 & m, 0)
        (t1, c) = addCarry(l1, Fp.p1 & m, c)
        (t2, c) = addCarry(l2, Fp.p2 & m, c)
        (t3, c) = addCarry(l3, Fp.p3 & m, c)
        (t4, c) = addCarry(l4, Fp.p4 & m, c)
        (t5, _) = addCarry(l5, Fp.p5 & m, c)
        return Fp(montgomeryLimbs: t0 >> 1 | t1 << 63, t1 >> 1 | t2 << 63, t2 >> 1 | t3 << 63,
                  t3 >> 1 | t4 << 63, t4 >> 1 | t5 << 63, t5 >> 1)
    }

    /// a += b.
    @inlinable @inline(__always)
    public static func += (a: inout Fp, b: Fp) { a = a + b }
    /// a −= b.
    @inlinable @inline(__always)
    public static func -= (a: inout Fp, b: Fp) { a = a - b }
    /// a ·= b.
    @inlinable @inline(__always)
    public static func *= (a: inout Fp, b: Fp) { a = a * b }
}
