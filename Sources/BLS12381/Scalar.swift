import Primitives

/// An integer modulo the group order
/// r = 0x73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001 (255 bits),
/// as four little-endian 64-bit limbs, always < r. Used as the multiplier of G1/G2 scalar
/// multiplication (secret keys, shares, public coefficients). Arithmetic on scalars (the
/// field 𝔽r) is not part of this type yet.
@frozen
public struct Scalar: Sendable, Hashable {
    /// Little-endian limbs.
    public var limbs: (UInt64, UInt64, UInt64, UInt64)

    /// The group order r, little-endian.
    @usableFromInline static let order: (UInt64, UInt64, UInt64, UInt64) =
        (0xffffffff00000001, 0x53bda402fffe5bfe, 0x3339d80809a1d805, 0x73eda753299d7d48)

    /// Limbs of a value already known to be < r.
    @inlinable
    init(uncheckedLimbs l0: UInt64, _ l1: UInt64, _ l2: UInt64, _ l3: UInt64) { limbs = (l0, l1, l2, l3) }

    /// The scalar with this small value.
    public init(_ value: UInt64) { limbs = (value, 0, 0, 0) }

    /// 0.
    public static var zero: Scalar { Scalar(0) }

    /// Decodes a 32-byte big-endian integer; refuses values ≥ r (and other lengths).
    public init<Bytes: Collection>(bigEndianBytes bytes: Bytes) throws(BLSError) where Bytes.Element == UInt8 {
        guard bytes.count == 32 else { throw .invalidScalar }
        var w: [UInt64] = [0, 0, 0, 0]
        for (i, byte) in bytes.enumerated() { w[3 - i / 8] = w[3 - i / 8] << 8 | UInt64(byte) }
        var b: UInt64 = 0
        (_, b) = subBorrow(w[0], Scalar.order.0, 0)
        (_, b) = subBorrow(w[1], Scalar.order.1, b)
        (_, b) = subBorrow(w[2], Scalar.order.2, b)
        (_, b) = subBorrow(w[3], Scalar.order.3, b)
        guard b == 1 else { throw .invalidScalar }
        limbs = (w[0], w[1], w[2], w[3])
    }

    /// The 32-byte big-endian encoding.
    public var bigEndianBytes: [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        for (i, limb) in [limbs.3, limbs.2, limbs.1, limbs.0].enumerated() {
            for j in 0..<8 { out[i * 8 + j] = UInt8(truncatingIfNeeded: limb >> (56 - 8 * UInt64(j))) }
        }
        return out
    }

    /// A uniformly random scalar in [0, r) by rejection sampling of 255-bit strings.
    public static func random() -> Scalar {
        while true {
            var bytes = SecureRandom.bytes(32)
            bytes[0] &= 0x7f
            if let s = try? Scalar(bigEndianBytes: bytes) { return s }
        }
    }

    /// Constant-time equality.
    public static func == (a: Scalar, b: Scalar) -> Bool {
        ((a.limbs.0 ^ b.limbs.0) | (a.limbs.1 ^ b.limbs.1) | (a.limbs.2 ^ b.limbs.2) | (a.limbs.3 ^ b.limbs.3)) == 0
    }

    /// Hashes the limbs (not constant time; do not hash secret scalars into shared tables).
    public func hash(into hasher: inout Hasher) {
        hasher.combine(limbs.0); hasher.combine(limbs.1); hasher.combine(limbs.2); hasher.combine(limbs.3)
    }

    /// Whether zero.
    public var isZero: Bool { (limbs.0 | limbs.1 | limbs.2 | limbs.3) == 0 }

    /// Bit `index` (0 = least significant).
    @inlinable
    func bit(_ index: Int) -> UInt64 {
        let limb: UInt64
        switch index >> 6 {
        case 0: limb = limbs.0
        case 1: limb = limbs.1
        case 2: limb = limbs.2
        default: limb = limbs.3
        }
        return (limb >> UInt64(index & 63)) & 1
    }

    /// The 4-bit window starting at bit `4·index`.
    @inlinable
    func nibble(_ index: Int) -> Int {
        let limb: UInt64
        switch index >> 4 {
        case 0: limb = limbs.0
        case 1: limb = limbs.1
        case 2: limb = limbs.2
        default: limb = limbs.3
        }
        return Int((limb >> UInt64((index & 15) * 4)) & 0xf)
    }

    /// Width-w non-adjacent form, least significant digit first: odd digits in
    /// (−2^(w−1), 2^(w−1)), at most one non-zero digit in any w consecutive positions.
    /// Variable time: for public scalars only.
    @usableFromInline
    func wnaf(width: Int) -> [Int8] {
        var k: [UInt64] = [limbs.0, limbs.1, limbs.2, limbs.3, 0]
        var digits: [Int8] = []
        digits.reserveCapacity(257)
        let window = UInt64(1) << UInt64(width)
        func isZero() -> Bool { k.allSatisfy { $0 == 0 } }
        while !isZero() {
            var digit: Int64 = 0
            if k[0] & 1 == 1 {
                let mod = Int64(k[0] & (window - 1))
                digit = mod >= Int64(window / 2) ? mod - Int64(window) : mod
                // k −= digit (digit may be negative: then add).
                if digit >= 0 {
                    var b: UInt64 = 0
                    (k[0], b) = subBorrow(k[0], UInt64(digit), 0)
                    for i in 1..<5 { (k[i], b) = subBorrow(k[i], 0, b) }
                } else {
                    var c: UInt64 = 0
                    (k[0], c) = addCarry(k[0], UInt64(-digit), 0)
                    for i in 1..<5 { (k[i], c) = addCarry(k[i], 0, c) }
                }
            }
            digits.append(Int8(digit))
            // k >>= 1
            for i in 0..<4 { k[i] = k[i] >> 1 | k[i + 1] << 63 }
            k[4] >>= 1
        }
        return digits
    }
}

/// No children: `dump()` and reflection-based loggers must not print the limbs of a
/// secret scalar.
extension Scalar: CustomReflectable {
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}
