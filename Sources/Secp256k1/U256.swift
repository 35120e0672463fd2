// A fixed 4×64-bit limb kernel for the two 256-bit moduli of secp256k1: the group order n
// (scalars) and the field prime p (coordinates, hash-to-curve). Everything here is
// allocation-free and branch-free on its data: carries are turned into masks, and the
// final conditional subtraction of Montgomery multiplication is a masked select.

/// 256-bit unsigned integer, little-endian 64-bit limbs (`l0` least significant).
@usableFromInline
struct U256: Hashable, Sendable {
    @usableFromInline var l0: UInt64, l1: UInt64, l2: UInt64, l3: UInt64

    @inlinable init(_ l0: UInt64, _ l1: UInt64, _ l2: UInt64, _ l3: UInt64) {
        self.l0 = l0; self.l1 = l1; self.l2 = l2; self.l3 = l3
    }

    static let zero = U256(0, 0, 0, 0)

    /// From exactly 32 big-endian bytes at `bytes[offset..<offset+32]`.
    init(bigEndian bytes: [UInt8], offset: Int = 0) {
        func limb(_ i: Int) -> UInt64 {
            var v: UInt64 = 0
            for j in 0..<8 { v = (v << 8) | UInt64(bytes[offset + i * 8 + j]) }
            return v
        }
        self.init(limb(3), limb(2), limb(1), limb(0))
    }

    /// 32 big-endian bytes.
    var bigEndianBytes: [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        let ls = [l3, l2, l1, l0]
        for i in 0..<4 {
            for j in 0..<8 { out[i * 8 + j] = UInt8(truncatingIfNeeded: ls[i] >> (56 - 8 * j)) }
        }
        return out
    }

    @inline(__always) var isZeroMask: UInt64 {
        // all-ones when zero, else 0
        let x = l0 | l1 | l2 | l3
        return ((x | (0 &- x)) >> 63) &- 1
    }

    /// a - b with the final borrow (0 or 1).
    @inline(__always) static func sub(_ a: U256, _ b: U256) -> (U256, UInt64) {
        let (d0, b0) = subb(a.l0, b.l0, 0)
        let (d1, b1) = subb(a.l1, b.l1, b0)
        let (d2, b2) = subb(a.l2, b.l2, b1)
        let (d3, b3) = subb(a.l3, b.l3, b2)
        return (U256(d0, d1, d2, d3), b3)
    }

    /// a + b with the final carry (0 or 1).
    @inline(__always) static func add(_ a: U256, _ b: U256) -> (U256, UInt64) {
        let (s0, c0) = addc(a.l0, b.l0, 0)
        let (s1, c1) = addc(a.l1, b.l1, c0)
        let (s2, c2) = addc(a.l2, b.l2, c1)
        let (s3, c3) = addc(a.l3, b.l3, c2)
        return (U256(s0, s1, s2, s3), c3)
    }

    /// `mask` all-ones selects `a`, zero selects `b`.
    @inline(__always) static func select(_ mask: UInt64, _ a: U256, _ b: U256) -> U256 {
        U256((a.l0 & mask) | (b.l0 & ~mask), (a.l1 & mask) | (b.l1 & ~mask),
             (a.l2 & mask) | (b.l2 & ~mask), (a.l3 & mask) | (b.l3 & ~mask))
    }

    /// Constant-time a < b.
    @inline(__always) static func lessThan(_ a: U256, _ b: U256) -> Bool {
        sub(a, b).1 == 1
    }

    /// self >> s for 0 < s < 64 (s public; branch-free on the value).
    @inline(__always) func shiftedRight(_ s: UInt64) -> U256 {
        U256((l0 >> s) | (l1 << (64 - s)), (l1 >> s) | (l2 << (64 - s)),
             (l2 >> s) | (l3 << (64 - s)), l3 >> s)
    }

    /// The full 512-bit product a·b as eight little-endian limbs (schoolbook, branch-free).
    @inline(__always)
    static func wideProduct(_ a: U256, _ b: U256)
        -> (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)
    {
        var c: UInt64
        var r0: UInt64, r1: UInt64, r2: UInt64, r3: UInt64, r4: UInt64, r5: UInt64, r6: UInt64, r7: UInt64
        (r0, c) = mac(0, a.l0, b.l0, 0)
        (r1, c) = mac(0, a.l0, b.l1, c)
        (r2, c) = mac(0, a.l0, b.l2, c)
        (r3, c) = mac(0, a.l0, b.l3, c)
        r4 = c
        (r1, c) = mac(r1, a.l1, b.l0, 0)
        (r2, c) = mac(r2, a.l1, b.l1, c)
        (r3, c) = mac(r3, a.l1, b.l2, c)
        (r4, c) = mac(r4, a.l1, b.l3, c)
        r5 = c
        (r2, c) = mac(r2, a.l2, b.l0, 0)
        (r3, c) = mac(r3, a.l2, b.l1, c)
        (r4, c) = mac(r4, a.l2, b.l2, c)
        (r5, c) = mac(r5, a.l2, b.l3, c)
        r6 = c
        (r3, c) = mac(r3, a.l3, b.l0, 0)
        (r4, c) = mac(r4, a.l3, b.l1, c)
        (r5, c) = mac(r5, a.l3, b.l2, c)
        (r6, c) = mac(r6, a.l3, b.l3, c)
        r7 = c
        return (r0, r1, r2, r3, r4, r5, r6, r7)
    }

    /// `count` (≤ 32) bits starting at bit `offset` (both public), as an Int.
    func bits(_ offset: Int, _ count: Int) -> Int {
        let ls = [l0, l1, l2, l3]
        let li = offset >> 6, sh = UInt64(offset & 63)
        var v = ls[li] >> sh
        if sh != 0 && li + 1 < 4 { v |= ls[li + 1] << (64 - sh) }
        return Int(v & ((1 << UInt64(count)) - 1))
    }

    /// Bit `i` (0 = least significant); `i` is public.
    func bit(_ i: Int) -> Bool {
        let limb: UInt64
        switch i >> 6 { case 0: limb = l0; case 1: limb = l1; case 2: limb = l2; default: limb = l3 }
        return (limb >> UInt64(i & 63)) & 1 == 1
    }
}

@inline(__always) func addc(_ a: UInt64, _ b: UInt64, _ carry: UInt64) -> (UInt64, UInt64) {
    let (s, o1) = a.addingReportingOverflow(b)
    let (t, o2) = s.addingReportingOverflow(carry)
    return (t, UInt64(o1 ? 1 : 0) | UInt64(o2 ? 1 : 0))
}

@inline(__always) func subb(_ a: UInt64, _ b: UInt64, _ borrow: UInt64) -> (UInt64, UInt64) {
    let (d, o1) = a.subtractingReportingOverflow(b)
    let (e, o2) = d.subtractingReportingOverflow(borrow)
    return (e, UInt64(o1 ? 1 : 0) | UInt64(o2 ? 1 : 0))
}

/// a + b·c + carry as (low, high); cannot overflow 128 bits.
@inline(__always) func mac(_ a: UInt64, _ b: UInt64, _ c: UInt64, _ carry: UInt64) -> (UInt64, UInt64) {
    let (hi, lo) = b.multipliedFullWidth(by: c)
    let (l1, o1) = lo.addingReportingOverflow(a)
    let (l2, o2) = l1.addingReportingOverflow(carry)
    return (l2, hi &+ UInt64(o1 ? 1 : 0) &+ UInt64(o2 ? 1 : 0))
}

/// A 256-bit odd modulus m with its Montgomery constants (R = 2^256).
@usableFromInline
struct Modulus: Sendable {
    let m: U256
    /// R² mod m.
    let r2: U256
    /// −m⁻¹ mod 2^64.
    let inv: UInt64
    /// R mod m (the Montgomery form of 1).
    let one: U256

    /// (a + b) mod m for a, b < m.
    @inline(__always) func add(_ a: U256, _ b: U256) -> U256 {
        let (s, carry) = U256.add(a, b)
        let (d, borrow) = U256.sub(s, m)
        // keep s iff s < m as a 257-bit number: borrow and no carry
        let keep = 0 &- (borrow & ~carry & 1)
        return U256.select(keep, s, d)
    }

    /// (a − b) mod m for a, b < m.
    @inline(__always) func sub(_ a: U256, _ b: U256) -> U256 {
        let (d, borrow) = U256.sub(a, b)
        let mask = 0 &- borrow
        let (r, _) = U256.add(d, U256(m.l0 & mask, m.l1 & mask, m.l2 & mask, m.l3 & mask))
        return r
    }

    /// (−a) mod m for a < m.
    @inline(__always) func neg(_ a: U256) -> U256 { sub(.zero, a) }

    /// Montgomery product a·b·R⁻¹ mod m (CIOS), for a, b < m.
    @inline(__always) func mul(_ a: U256, _ b: U256) -> U256 {
        var t0: UInt64 = 0, t1: UInt64 = 0, t2: UInt64 = 0, t3: UInt64 = 0, t4: UInt64 = 0
        @inline(__always) func round(_ ai: UInt64) {
            var c: UInt64
            (t0, c) = mac(t0, ai, b.l0, 0)
            (t1, c) = mac(t1, ai, b.l1, c)
            (t2, c) = mac(t2, ai, b.l2, c)
            (t3, c) = mac(t3, ai, b.l3, c)
            let (t4a, t5) = addc(t4, c, 0)
            let q = t0 &* inv
            (_, c) = mac(t0, q, m.l0, 0)
            (t0, c) = mac(t1, q, m.l1, c)
            (t1, c) = mac(t2, q, m.l2, c)
            (t2, c) = mac(t3, q, m.l3, c)
            let (s, c2) = addc(t4a, c, 0)
            t3 = s
            t4 = t5 &+ c2
        }
        round(a.l0); round(a.l1); round(a.l2); round(a.l3)
        let t = U256(t0, t1, t2, t3)
        let (d, borrow) = U256.sub(t, m)
        let keep = 0 &- (borrow & ~t4 & 1)
        return U256.select(keep, t, d)
    }

    @inline(__always) func square(_ a: U256) -> U256 { mul(a, a) }

    /// Into Montgomery form: a·R mod m (a < m).
    @inline(__always) func toMont(_ a: U256) -> U256 { mul(a, r2) }
    /// Out of Montgomery form: a·R⁻¹ mod m.
    @inline(__always) func fromMont(_ a: U256) -> U256 { mul(a, U256(1, 0, 0, 0)) }

    /// Reduces any 256-bit value once (valid since 2^256 < 2m for both moduli here).
    @inline(__always) func reduceOnce(_ a: U256) -> U256 {
        let (d, borrow) = U256.sub(a, m)
        return U256.select(0 &- borrow, a, d)
    }

    /// a^e for a in Montgomery form and a PUBLIC exponent e: fixed 4-bit windows over a
    /// 256-bit exponent (64 × (4 squarings + at most one multiplication by a table
    /// entry)). The sequence of operations and the table indices depend only on e, never
    /// on a, so a secret base (e.g. Fermat inversion of a nonce) is safe.
    func pow(_ a: U256, _ e: U256) -> U256 {
        var table = (one, a, one, one, one, one, one, one, one, one, one, one, one, one, one, one)
        return withUnsafeMutableBytes(of: &table) { raw -> U256 in
            let t = raw.bindMemory(to: U256.self)
            for i in 2..<16 { t[i] = mul(t[i - 1], a) }
            var r = one
            let limbs = [e.l0, e.l1, e.l2, e.l3]
            for i in stride(from: 63, through: 0, by: -1) {
                if i != 63 { r = square(square(square(square(r)))) }
                let nibble = Int((limbs[i >> 4] >> UInt64((i & 15) * 4)) & 15)
                if nibble != 0 { r = mul(r, t[nibble]) }
            }
            return r
        }
    }

    /// Wide reduction of an arbitrary-length big-endian integer into Montgomery form:
    /// Horner over 32-byte blocks, acc ← acc·2^256 + block (mod m).
    func reduceToMont(bigEndian bytes: [UInt8]) -> U256 {
        let pad = (32 - bytes.count % 32) % 32
        let padded = [UInt8](repeating: 0, count: pad) + bytes
        var acc = U256.zero
        var off = 0
        while off < padded.count {
            let block = reduceOnce(U256(bigEndian: padded, offset: off))
            acc = add(mul(acc, r2), toMont(block))
            off += 32
        }
        return acc
    }

    /// m − 2, the Fermat inversion exponent.
    var mMinus2: U256 { U256.sub(m, U256(2, 0, 0, 0)).0 }
}

extension Modulus {
    /// The secp256k1 group order n = FFFFFFFF FFFFFFFF FFFFFFFF FFFFFFFE BAAEDCE6 AF48A03B BFD25E8C D0364141.
    static let order = Modulus(
        m: U256(0xbfd25e8cd0364141, 0xbaaedce6af48a03b, 0xfffffffffffffffe, 0xffffffffffffffff),
        r2: U256(0x896cf21467d7d140, 0x741496c20e7cf878, 0xe697f5e45bcd07c6, 0x9d671cd581c69bc5),
        inv: 0x4b0dff665588b13f,
        one: U256(0x402da1732fc9bebf, 0x4551231950b75fc4, 0x0000000000000001, 0))

    /// The secp256k1 field prime p = 2^256 − 2^32 − 977.
    static let field = Modulus(
        m: U256(0xfffffffefffffc2f, 0xffffffffffffffff, 0xffffffffffffffff, 0xffffffffffffffff),
        r2: U256(0x000007a2000e90a1, 0x0000000000000001, 0, 0),
        inv: 0xd838091dd2253531,
        one: U256(0x00000001000003d1, 0, 0, 0))
}
