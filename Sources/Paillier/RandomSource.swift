import BigNum
import Primitives

/// Where Paillier and CGGMP21 code draws its randomness from.
///
/// Production code uses ``system``: every byte comes from libsodium (`SecureRandom`),
/// the operating system's CSPRNG. ``seeded(_:)`` exists **only** for the in-process
/// simulator, the dry run and the test vectors, so that a seed reproduces a whole run
/// byte for byte (the same idea as the DKG's seeded scalar source): a seeded run's secrets
/// are as secret as its seed, i.e. not at all.
///
/// The seeded generator is SHA-256 in counter mode, `SHA-256(seed ‖ counter)`, one block
/// per 32 bytes; it is a deterministic expander for simulations, not a DRBG for keys.
public final class RandomSource: @unchecked Sendable {
    private let seed: [UInt8]?
    private var counter: UInt64 = 0
    private var pool: [UInt8] = []

    private init(seed: [UInt8]?) { self.seed = seed }

    /// The operating system's CSPRNG (libsodium). Use this for anything real.
    public static var system: RandomSource { RandomSource(seed: nil) }

    /// A deterministic source for simulations and vectors only.
    public static func seeded(_ seed: [UInt8]) -> RandomSource { RandomSource(seed: SHA256.hash(seed)) }

    /// True for a seeded (simulation-only) source.
    public var isSeeded: Bool { seed != nil }

    /// A child source for one party or one purpose: seeded sources derive an independent
    /// seed from `label`; the system source stays the system source.
    public func derive(_ label: String) -> RandomSource {
        guard let seed else { return .system }
        return RandomSource(seed: SHA256.hash(seed + Array("derive:".utf8) + Array(label.utf8)))
    }

    /// `count` random bytes.
    public func bytes(_ count: Int) -> [UInt8] {
        guard let seed else { return SecureRandom.bytes(count) }
        while pool.count < count {
            var c: [UInt8] = []
            for s in stride(from: 56, through: 0, by: -8) { c.append(UInt8(truncatingIfNeeded: counter >> UInt64(s))) }
            counter += 1
            pool += SHA256.hash(seed + c)
        }
        let out = Array(pool.prefix(count))
        pool.removeFirst(count)
        return out
    }

    /// A uniform integer in `[0, 2^bits)`.
    public func integer(bits: Int) -> BigInt {
        precondition(bits >= 0)
        if bits == 0 { return BigInt() }
        var buf = bytes((bits + 7) / 8)
        buf[0] &= UInt8(0xff >> ((buf.count * 8) - bits))
        defer { Wipe.bytes(&buf) }
        return BigInt(bytes: buf)
    }

    /// A uniform integer in `[0, bound)` by rejection sampling (no modulo bias).
    public func integer(below bound: BigInt) -> BigInt {
        precondition(bound.sign > 0)
        let bits = bound.bitLength
        while true {
            let v = integer(bits: bits)
            if v < bound { return v }
        }
    }

    /// A uniform integer in the symmetric interval `[−bound, bound]` — CGGMP21's `±bound`.
    public func signed(bound: BigInt) -> BigInt {
        integer(below: 2 * bound + 1) - bound
    }

    /// A uniform integer in `±2^bits`.
    public func signed(bits: Int) -> BigInt { signed(bound: BigInt(1) << bits) }

    /// A uniform unit modulo `m` (`x` in `[1, m)` with `gcd(x, m) = 1`).
    public func unit(modulo m: BigInt) -> BigInt {
        precondition(m > 1)
        while true {
            let x = integer(below: m)
            if !x.isZero && x.gcd(m) == 1 { return x }
        }
    }
}
