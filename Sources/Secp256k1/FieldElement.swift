/// An element of GF(p), p = 2^256 − 2^32 − 977, in Montgomery form over the same limb
/// kernel as ``Scalar``. Internal: used for SEC1 decoding and hash-to-curve.
struct FieldElement: Hashable, Sendable {
    var mont: U256

    init(mont: U256) { self.mont = mont }

    static let zero = FieldElement(mont: .zero)
    static let one = FieldElement(mont: Modulus.field.one)

    init(_ v: UInt64) { mont = Modulus.field.toMont(U256(v, 0, 0, 0)) }

    /// From 32 big-endian bytes; nil if the value is ≥ p.
    init?(canonical bytes: [UInt8], offset: Int = 0) {
        let v = U256(bigEndian: bytes, offset: offset)
        guard U256.lessThan(v, Modulus.field.m) else { return nil }
        mont = Modulus.field.toMont(v)
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
    init(reducing bytes: [UInt8]) { mont = Modulus.field.reduceToMont(bigEndian: bytes) }

    var bytes: [UInt8] { Modulus.field.fromMont(mont).bigEndianBytes }
    var isZero: Bool { mont.isZeroMask != 0 }
    /// sgn0 for m = 1 (RFC 9380 §4.1): parity of the canonical value.
    var sgn0: Bool { Modulus.field.fromMont(mont).l0 & 1 == 1 }

    static func + (a: Self, b: Self) -> Self { Self(mont: Modulus.field.add(a.mont, b.mont)) }
    static func - (a: Self, b: Self) -> Self { Self(mont: Modulus.field.sub(a.mont, b.mont)) }
    static func * (a: Self, b: Self) -> Self { Self(mont: Modulus.field.mul(a.mont, b.mont)) }
    static prefix func - (a: Self) -> Self { Self(mont: Modulus.field.neg(a.mont)) }
    var squared: Self { self * self }

    func pow(_ e: U256) -> Self { Self(mont: Modulus.field.pow(mont, e)) }

    /// inv0 (RFC 9380 §4): a^(p−2), which maps 0 to 0.
    var inverse: Self { pow(Modulus.field.mMinus2) }

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
