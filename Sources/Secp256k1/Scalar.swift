import Primitives

/// An integer modulo the secp256k1 group order
/// n = FFFFFFFF FFFFFFFF FFFFFFFF FFFFFFFE BAAEDCE6 AF48A03B BFD25E8C D0364141 (SEC 2 v2 §2.4.1).
///
/// Representation: four 64-bit limbs in Montgomery form (R = 2^256), computed by a
/// pure-Swift kernel (`Modulus`, CIOS Montgomery multiplication). It is preferred over
/// OpenSSL `BIGNUM` because it is allocation-free (a `Scalar` is a 32-byte value type),
/// several times faster for the many small operations of threshold protocols, and
/// branch-free on its data: additions, subtractions, multiplications and the final
/// conditional subtraction are masked selects, and ``inverse`` is Fermat exponentiation
/// with the public exponent n − 2, so the timing does not depend on secret values.
/// (Comparisons such as `==`, ``isZero`` and ``isHigh`` return a `Bool`: branching on their
/// result is the caller's decision.) Measured on this machine (release, one core): a
/// Montgomery multiplication ≈ 16 ns, an inversion ≈ 5 µs (4-bit windows); the compiled `mul`, `add` and
/// `sub` contain no conditional jumps. Scalars are plain values: they are not wiped from
/// memory (keep long-lived secrets in ``SecretKey``, which uses locked `SecretBytes`).
public struct Scalar: Hashable, Sendable, CustomStringConvertible {
    /// Montgomery form a·R mod n (unique, so synthesised `==`/`hash` are correct).
    @usableFromInline var mont: U256

    @usableFromInline init(mont: U256) { self.mont = mont }

    /// Length of a canonical encoding in bytes.
    public static let byteCount = 32

    /// The group order n as 32 big-endian bytes.
    public static let orderBytes: [UInt8] = Modulus.order.m.bigEndianBytes

    /// 0.
    public static let zero = Scalar(mont: .zero)
    /// 1.
    public static let one = Scalar(mont: Modulus.order.one)

    /// The scalar with value `v` (always < n).
    public init(_ v: UInt64) {
        mont = Modulus.order.toMont(U256(v, 0, 0, 0))
    }

    /// Parses a canonical 32-byte big-endian encoding.
    /// - Throws: ``Secp256k1Error/invalidLength(expected:actual:)`` unless exactly 32
    ///   bytes; ``Secp256k1Error/scalarOutOfRange`` if the value is ≥ n (no silent reduction).
    public init(bytes: [UInt8]) throws(Secp256k1Error) {
        guard bytes.count == 32 else { throw .invalidLength(expected: 32, actual: bytes.count) }
        let v = U256(bigEndian: bytes)
        guard U256.lessThan(v, Modulus.order.m) else { throw .scalarOutOfRange }
        mont = Modulus.order.toMont(v)
    }

    /// Parses a big-endian unsigned integer of any length that must be < n — e.g. an
    /// ASN.1/Java `BigInteger` magnitude with extra leading zero bytes or fewer than 32
    /// bytes. Leading zero bytes are ignored.
    /// - Throws: ``Secp256k1Error/scalarOutOfRange`` if the value is ≥ n.
    public init(integerBytes bytes: [UInt8]) throws(Secp256k1Error) {
        let trimmed = Array(bytes.drop(while: { $0 == 0 }))
        guard trimmed.count <= 32 else { throw .scalarOutOfRange }
        try self.init(bytes: [UInt8](repeating: 0, count: 32 - trimmed.count) + trimmed)
    }

    /// The big-endian integer `bytes` (any length, empty = 0) reduced modulo n
    /// ("wide reduction": e.g. 48 or 64 uniformly random bytes give a scalar with
    /// negligible bias).
    public init(reducing bytes: [UInt8]) {
        mont = Modulus.order.reduceToMont(bigEndian: bytes)
    }

    /// A uniformly random scalar in [0, n) from the OS CSPRNG (libsodium), by rejection
    /// sampling of 32-byte strings (rejection probability ≈ 2^-128).
    public static func random() -> Scalar {
        while true {
            var b = SecureRandom.bytes(32)
            defer { Wipe.bytes(&b) }
            if let s = try? Scalar(bytes: b) { return s }
        }
    }

    /// A uniformly random scalar in [1, n).
    public static func randomNonZero() -> Scalar {
        while true {
            let s = random()
            if !s.isZero { return s }
        }
    }

    /// The canonical 32-byte big-endian encoding.
    public var bytes: [UInt8] { Modulus.order.fromMont(mont).bigEndianBytes }

    /// The plain (non-Montgomery) value as limbs.
    var value: U256 { Modulus.order.fromMont(mont) }

    /// True for 0.
    public var isZero: Bool { mont.isZeroMask != 0 }

    /// True when the value is greater than (n − 1)/2, i.e. when `-self` is the "low"
    /// representative (BIP-62 / BIP-146 low-s rule).
    public var isHigh: Bool {
        // value > half  ⇔  half − value borrows
        U256.sub(Scalar.halfOrder, value).1 == 1
    }

    /// ⌊n/2⌋ = (n − 1)/2.
    static let halfOrder = U256(0xdfe92f46681b20a0, 0x5d576e7357a4501d, 0xffffffffffffffff, 0x7fffffffffffffff)

    /// The multiplicative inverse, or `nil` for zero. Constant time: Fermat, a^(n−2),
    /// with a fixed square-and-multiply schedule driven by the public exponent.
    public func inverse() -> Scalar? {
        if isZero { return nil }
        return Scalar(mont: Modulus.order.pow(mont, Modulus.order.mMinus2))
    }

    /// The inverse, throwing ``Secp256k1Error/zeroScalar`` for zero.
    public func inverted() throws(Secp256k1Error) -> Scalar {
        guard let i = inverse() else { throw .zeroScalar }
        return i
    }

    /// Sum mod n.
    public static func + (a: Scalar, b: Scalar) -> Scalar { Scalar(mont: Modulus.order.add(a.mont, b.mont)) }
    /// Difference mod n.
    public static func - (a: Scalar, b: Scalar) -> Scalar { Scalar(mont: Modulus.order.sub(a.mont, b.mont)) }
    /// Product mod n.
    public static func * (a: Scalar, b: Scalar) -> Scalar { Scalar(mont: Modulus.order.mul(a.mont, b.mont)) }
    /// Negation mod n.
    public static prefix func - (a: Scalar) -> Scalar { Scalar(mont: Modulus.order.neg(a.mont)) }
    /// In-place sum.
    public static func += (a: inout Scalar, b: Scalar) { a = a + b }
    /// In-place difference.
    public static func -= (a: inout Scalar, b: Scalar) { a = a - b }
    /// In-place product.
    public static func *= (a: inout Scalar, b: Scalar) { a = a * b }

    /// Redacted ("Scalar(…)"): scalars are often secret (keys, nonces, shares), so they
    /// never reach logs by accident. Print `bytes.hexString` explicitly for public ones.
    public var description: String { "Scalar(…)" }
}

extension Scalar {
    /// The inverse of a PUBLIC non-zero scalar (e.g. an ECDSA signature's s during
    /// verification), or nil for zero. VARIABLE TIME: binary extended Euclid on the plain
    /// value (the loop count and branches depend on the input), about twice as fast as
    /// the constant-time ``inverse()``. Never use it on secrets.
    func inverseVariableTime() -> Scalar? {
        if isZero { return nil }
        let n = Modulus.order.m
        var u = value, v = n
        var x1 = U256(1, 0, 0, 0), x2 = U256.zero
        let one = U256(1, 0, 0, 0)
        /// x/2 mod n for x < n.
        func half(_ x: U256) -> U256 {
            if x.l0 & 1 == 0 { return x.shiftedRight(1) }
            let (s, carry) = U256.add(x, n)
            var r = s.shiftedRight(1)
            r.l3 |= carry << 63
            return r
        }
        while u != one && v != one {
            while u.l0 & 1 == 0 { u = u.shiftedRight(1); x1 = half(x1) }
            while v.l0 & 1 == 0 { v = v.shiftedRight(1); x2 = half(x2) }
            if U256.lessThan(u, v) {
                v = U256.sub(v, u).0
                x2 = Modulus.order.sub(x2, x1)
            } else {
                u = U256.sub(u, v).0
                x1 = Modulus.order.sub(x1, x2)
            }
        }
        return Scalar(mont: Modulus.order.toMont(u == one ? x1 : x2))
    }
}

extension Scalar {
    /// Equality without an early exit: scalars hold secrets (shares, nonces), and the
    /// sharing layer compares them (`GroupScalar` asks for constant-time `==`).
    public static func == (a: Scalar, b: Scalar) -> Bool {
        let d = (a.mont.l0 ^ b.mont.l0) | (a.mont.l1 ^ b.mont.l1) | (a.mont.l2 ^ b.mont.l2) | (a.mont.l3 ^ b.mont.l3)
        return d == 0
    }
}

/// No children: `dump()` and reflection-based loggers must not print the limbs.
extension Scalar: CustomReflectable {
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}
