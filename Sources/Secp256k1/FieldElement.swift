/// An element of GF(p), p = 2^256 − 2^32 − 977, held as its canonical value (< p) in four
/// 64-bit limbs. Multiplication and squaring use p's special form: the 512-bit product
/// H·2^256 + L is folded as L + H·c with c = 2^256 − p = 2^32 + 977 (twice, then one
/// masked conditional subtraction), which needs 21 (squaring: 15) 64-bit multiplications
/// against 32 for the generic Montgomery kernel. Everything is branch-free on the data
/// (carries become masks). Internal: point arithmetic, SEC1 decoding, hash-to-curve.
struct FieldElement: Hashable, Sendable {
    /// The canonical value, < p.
    var v: U256

    /// From a value already known to be < p.
    @inline(__always) init(value: U256) { v = value }

    static let zero = FieldElement(value: .zero)
    static let one = FieldElement(value: U256(1, 0, 0, 0))

    init(_ x: UInt64) { v = U256(x, 0, 0, 0) }

    /// From 32 big-endian bytes; nil if the value is ≥ p.
    init?(canonical bytes: [UInt8], offset: Int = 0) {
        let x = U256(bigEndian: bytes, offset: offset)
        guard U256.lessThan(x, Modulus.field.m) else { return nil }
        v = x
    }

    /// From a hex constant (64 hex digits, trusted).
    init(hex: String) {
        var bytes = [UInt8]()
        var it = Array(hex.utf8)[...]
        while let a = it.popFirst(), let b = it.popFirst() {
            func nib(_ c: UInt8) -> UInt8 { c <= 57 ? c - 48 : (c | 0x20) - 87 }
            bytes.append(nib(a) << 4 | nib(b))
        }
        self.init(canonical: [UInt8](repeating: 0, count: 32 - bytes.count) + bytes)!
    }

    /// Big-endian bytes of any length reduced mod p.
    init(reducing bytes: [UInt8]) {
        v = Modulus.field.fromMont(Modulus.field.reduceToMont(bigEndian: bytes))
    }

    var bytes: [UInt8] { v.bigEndianBytes }
    var isZero: Bool { v.isZeroMask != 0 }
    /// sgn0 for m = 1 (RFC 9380 §4.1): parity of the canonical value.
    var sgn0: Bool { v.l0 & 1 == 1 }

    /// c = 2^256 − p = 2^32 + 977.
    @usableFromInline static let c: UInt64 = 0x1_0000_03d1

    /// Reduces the 512-bit r₇…r₀ modulo p (branch-free).
    @inline(__always)
    static func reduce(_ r0: UInt64, _ r1: UInt64, _ r2: UInt64, _ r3: UInt64,
                       _ r4: UInt64, _ r5: UInt64, _ r6: UInt64, _ r7: UInt64) -> U256 {
        // L + H·c: a 256-bit value plus a top limb k < 2^34.
        var k: UInt64
        var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64
        (s0, k) = mac(r0, r4, c, 0)
        (s1, k) = mac(r1, r5, c, k)
        (s2, k) = mac(r2, r6, c, k)
        (s3, k) = mac(r3, r7, c, k)
        // Fold k·c (< 2^67).
        let (hi, lo) = k.multipliedFullWidth(by: c)
        var o: UInt64
        (s0, o) = addc(s0, lo, 0)
        (s1, o) = addc(s1, hi, o)
        (s2, o) = addc(s2, 0, o)
        (s3, o) = addc(s3, 0, o)
        // An overflow leaves a tiny value: add c once more (cannot overflow again).
        (s0, o) = addc(s0, c & (0 &- o), 0)
        (s1, o) = addc(s1, 0, o)
        (s2, o) = addc(s2, 0, o)
        s3 = s3 &+ o
        // s < 2^256; subtract p iff s ≥ p, i.e. iff s + c carries out.
        let (t0, q0) = addc(s0, c, 0)
        let (t1, q1) = addc(s1, 0, q0)
        let (t2, q2) = addc(s2, 0, q1)
        let (t3, q3) = addc(s3, 0, q2)
        return U256.select(0 &- q3, U256(t0, t1, t2, t3), U256(s0, s1, s2, s3))
    }

    @inline(__always) static func mulRaw(_ a: U256, _ b: U256) -> U256 {
        let r = U256.wideProduct(a, b)
        return reduce(r.0, r.1, r.2, r.3, r.4, r.5, r.6, r.7)
    }

    @inline(__always) static func sqrRaw(_ a: U256) -> U256 {
        var c: UInt64
        var r1: UInt64, r2: UInt64, r3: UInt64, r4: UInt64, r5: UInt64, r6: UInt64
        // Cross products aᵢaⱼ (i < j).
        (r1, c) = mac(0, a.l0, a.l1, 0)
        (r2, c) = mac(0, a.l0, a.l2, c)
        (r3, c) = mac(0, a.l0, a.l3, c)
        r4 = c
        (r3, c) = mac(r3, a.l1, a.l2, 0)
        (r4, c) = mac(r4, a.l1, a.l3, c)
        r5 = c
        (r5, c) = mac(r5, a.l2, a.l3, 0)
        r6 = c
        // Doubled.
        let r7 = r6 >> 63
        r6 = (r6 << 1) | (r5 >> 63)
        r5 = (r5 << 1) | (r4 >> 63)
        r4 = (r4 << 1) | (r3 >> 63)
        r3 = (r3 << 1) | (r2 >> 63)
        r2 = (r2 << 1) | (r1 >> 63)
        r1 = r1 << 1
        // Plus the squares aᵢ².
        let (h0, r0) = a.l0.multipliedFullWidth(by: a.l0)
        let (h1, l1) = a.l1.multipliedFullWidth(by: a.l1)
        let (h2, l2) = a.l2.multipliedFullWidth(by: a.l2)
        let (h3, l3) = a.l3.multipliedFullWidth(by: a.l3)
        (r1, c) = addc(r1, h0, 0)
        (r2, c) = addc(r2, l1, c)
        (r3, c) = addc(r3, h1, c)
        (r4, c) = addc(r4, l2, c)
        (r5, c) = addc(r5, h2, c)
        (r6, c) = addc(r6, l3, c)
        let (t7, _) = addc(r7, h3, c)
        return reduce(r0, r1, r2, r3, r4, r5, r6, t7)
    }

    @inline(__always) static func + (a: Self, b: Self) -> Self { Self(value: Modulus.field.add(a.v, b.v)) }
    @inline(__always) static func - (a: Self, b: Self) -> Self { Self(value: Modulus.field.sub(a.v, b.v)) }
    @inline(__always) static func * (a: Self, b: Self) -> Self { Self(value: mulRaw(a.v, b.v)) }
    @inline(__always) static prefix func - (a: Self) -> Self { Self(value: Modulus.field.neg(a.v)) }
    @inline(__always) var squared: Self { Self(value: FieldElement.sqrRaw(v)) }

    /// All-ones when zero, else 0 (branch-free).
    @inline(__always) var isZeroMask: UInt64 { v.isZeroMask }

    /// `mask` all-ones selects `a`, zero selects `b` (branch-free).
    @inline(__always) static func select(_ mask: UInt64, _ a: Self, _ b: Self) -> Self {
        Self(value: U256.select(mask, a.v, b.v))
    }

    /// self^(2^n) (n squarings).
    @inline(__always) func squared(times n: Int) -> Self {
        var r = self
        for _ in 0..<n { r = r.squared }
        return r
    }

    /// self^e for a PUBLIC exponent e: fixed 4-bit windows (the operations and table
    /// indices depend only on e).
    func pow(_ e: U256) -> Self {
        var t = [FieldElement](repeating: .one, count: 16)
        t[1] = self
        for i in 2..<16 { t[i] = t[i - 1] * self }
        var r = FieldElement.one
        let limbs = [e.l0, e.l1, e.l2, e.l3]
        for i in stride(from: 63, through: 0, by: -1) {
            if i != 63 { r = r.squared.squared.squared.squared }
            let nibble = Int((limbs[i >> 4] >> UInt64((i & 15) * 4)) & 15)
            if nibble != 0 { r = r * t[nibble] }
        }
        return r
    }

    /// inv0 (RFC 9380 §4): a^(p−2), which maps 0 to 0. Constant time: a fixed addition
    /// chain for p − 2 (255 squarings, 15 multiplications; the chain of libsecp256k1's
    /// field inversion), xₖ = a^(2^k − 1).
    var inverse: Self {
        let a = self
        let x2 = a.squared * a
        let x3 = x2.squared * a
        let x6 = x3.squared(times: 3) * x3
        let x9 = x6.squared(times: 3) * x3
        let x11 = x9.squared(times: 2) * x2
        let x22 = x11.squared(times: 11) * x11
        let x44 = x22.squared(times: 22) * x22
        let x88 = x44.squared(times: 44) * x44
        let x176 = x88.squared(times: 88) * x88
        let x220 = x176.squared(times: 44) * x44
        let x223 = x220.squared(times: 3) * x3
        // p − 2 = 1^223 0 1^22 0000 1 011 01 (binary)
        var t = x223.squared(times: 23) * x22
        t = t.squared(times: 5) * a
        t = t.squared(times: 3) * x2
        t = t.squared(times: 2) * a
        return t
    }

    /// (p + 1)/4.
    static let sqrtExponent = U256(0xffffffffbfffff0c, 0xffffffffffffffff, 0xffffffffffffffff, 0x3fffffffffffffff)
    /// (p − 1)/2.
    static let legendreExponent = U256(0xffffffff7ffffe17, 0xffffffffffffffff, 0xffffffffffffffff, 0x7fffffffffffffff)

    /// A square root (p ≡ 3 mod 4: a^((p+1)/4)), or nil when `self` is not a square.
    var squareRoot: Self? {
        let r = pow(Self.sqrtExponent)
        return r.squared == self ? r : nil
    }

    /// is_square (RFC 9380 §4): true for 0 and the quadratic residues.
    var isSquare: Bool {
        let l = pow(Self.legendreExponent)
        return l == .zero || l == .one
    }

    /// The curve equation's right-hand side x³ + 7.
    static func curveRHS(_ x: Self) -> Self { x.squared * x + Self(7) }
}
