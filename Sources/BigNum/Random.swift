import CGMP
import Primitives

// All randomness comes from libsodium's `randombytes_buf` (through Primitives'
// `SecureRandom`), i.e. the operating system's CSPRNG. Temporary byte buffers are wiped
// because the values drawn are usually secrets.

extension BigInt {
    /// A uniformly random integer in `[0, 2^bits)`.
    /// - Precondition: `bits >= 0`.
    public static func random(bits: Int) -> BigInt {
        precondition(bits >= 0, "random(bits:) needs bits >= 0")
        if bits == 0 { return BigInt() }
        let byteCount = (bits + 7) / 8
        var buf = SecureRandom.bytes(byteCount)
        let excess = byteCount * 8 - bits
        buf[0] &= UInt8(0xff >> excess)
        let v = BigInt(bytes: buf)
        Wipe.bytes(&buf)
        return v
    }

    /// A uniformly random integer in `[0, bound)`, by rejection sampling: draw
    /// `bound.bitLength` random bits and retry while the draw is `>= bound`. Each draw is
    /// accepted with probability > 1/2, and the output has no modulo bias.
    /// - Precondition: `bound > 0`.
    public static func random(below bound: BigInt) -> BigInt {
        precondition(bound.sign > 0, "random(below:) needs a positive bound")
        let bits = bound.bitLength
        while true {
            let v = random(bits: bits)
            if v < bound { return v }
        }
    }

    /// A uniformly random unit modulo `m`: `x` in `[1, m)` with `gcd(x, m) == 1`
    /// (rejection sampling; for an RSA/Paillier modulus almost every draw is accepted).
    /// - Precondition: `m > 1`.
    public static func randomUnit(modulo m: BigInt) -> BigInt {
        precondition(m > 1, "randomUnit(modulo:) needs m > 1")
        while true {
            let x = random(below: m)
            if !x.isZero && x.gcd(m) == 1 { return x }
        }
    }
}
