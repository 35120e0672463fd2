import BigNum

/// Helpers for the signed integers of CGGMP21 (ranges `±2^k`, responses `z = α + e·x`
/// that may be negative) and for exponentiation by them.
public enum Signed {
    /// True when `|x| ≤ 2^bits` — membership in CGGMP21's interval `±2^bits`.
    public static func inRange(_ x: BigInt, bits: Int) -> Bool {
        x.magnitude <= (BigInt(1) << bits)
    }

    /// True when `|x| ≤ bound`.
    public static func inRange(_ x: BigInt, bound: BigInt) -> Bool {
        x.magnitude <= bound
    }

    /// `base^e mod m` for a public signed exponent (variable time): a negative exponent
    /// inverts the base first. Nil when the base is not invertible and `e < 0`.
    public static func powPublic(_ base: BigInt, _ e: BigInt, _ m: BigInt) -> BigInt? {
        if e.sign >= 0 { return base.powm(e, m) }
        guard let inv = base.modInverse(m) else { return nil }
        return inv.powm(-e, m)
    }

    /// `base^e mod m` for a secret signed exponent, with GMP's constant-time `powm_sec`
    /// on `|e|` (only the sign and the limb count of `e` show in the timing; the sign of
    /// a uniformly masked value carries no information). `m` must be odd.
    public static func powSecret(_ base: BigInt, _ e: BigInt, _ m: BigInt) -> BigInt? {
        if e.isZero { return BigInt(1).mod(m) }
        let b: BigInt
        if e.sign < 0 {
            guard let inv = base.modInverse(m) else { return nil }
            b = inv
        } else {
            b = base
        }
        return try? b.powmSec(e.magnitude, m)
    }

    /// The injective encoding used in transcripts: one sign byte (0 non-negative, 1
    /// negative) then the minimal big-endian magnitude. Transcript items are length-prefixed,
    /// so the two parts never run together.
    public static func encode(_ x: BigInt) -> [UInt8] {
        [x.sign < 0 ? 1 : 0] + x.magnitude.bytes()
    }

    /// Inverse of ``encode(_:)``; refuses non-minimal magnitudes and a negative zero.
    public static func decode(_ b: [UInt8]) throws(PaillierError) -> BigInt {
        guard let s = b.first, s <= 1 else { throw .malformedEncoding }
        let mag = Array(b.dropFirst())
        if let f = mag.first, f == 0 { throw .malformedEncoding }
        if s == 1 && mag.isEmpty { throw .malformedEncoding }
        let v = BigInt(bytes: mag)
        return s == 1 ? -v : v
    }

    /// `x` mapped to the symmetric representative in `(−m/2, m/2]`.
    public static func centered(_ x: BigInt, modulus m: BigInt) -> BigInt {
        let r = x.mod(m)
        return r > (m >> 1) ? r - m : r
    }
}
