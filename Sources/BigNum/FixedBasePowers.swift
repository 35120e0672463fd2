import CGMP
import Foundation

/// Precomputed powers of one fixed base `g` modulo an odd modulus, laid out for the
/// fixed-base comb of Lim and Lee ("More flexible exponentiation with precomputation",
/// CRYPTO '94, §3; Handbook of Applied Cryptography, Alg. 14.117): the exponent is cut
/// into 64-bit blocks (one limb each), block `k` standing for `g_k = g^(2^(64k))`, and
/// every `teeth` consecutive blocks form a subtable holding the `2^teeth` products of a
/// subset of their `g_k`. One bit column of the exponent then costs one table lookup and
/// one multiplication per subtable, and all columns share 63 squarings: a 3,600-bit
/// exponent costs ~63 squarings and ~720 multiplications (`teeth` = 5) instead of ~3,600
/// squarings and ~600 multiplications for `mpz_powm_sec`.
///
/// Used for the ring-Pedersen bases `s`, `t` of each verifier (CGGMP21 §2.4), which stay
/// fixed for an aux-info epoch while every Πenc, Πaff-g and Πlog* commits to secrets
/// with them. Subtables are built on demand, up to the widest exponent seen, and never
/// change once built; the values are powers of a public base, so building may be
/// variable time. When `g` is a unit the inverses `g_k^{−1}` are kept too, so that a
/// signed exponent is evaluated without branching on its sign (see
/// ``FixedBaseExponentiation``).
public final class FixedBasePowers: @unchecked Sendable {
    /// The base, reduced into `[0, m)`.
    public let base: BigInt
    /// The modulus, prepared.
    public let modulus: MontgomeryModulus
    /// Blocks per subtable (`h` in Lim–Lee); each subtable has `2^teeth` entries.
    public let teeth: Int
    /// Whether `base` is a unit, so that negative exponents are allowed.
    public let isInvertible: Bool

    /// Bits per block: one limb, so that a block is a limb of the exponent.
    static let blockBits = 64

    private let lock = NSLock()
    /// Built subtables, in block order; guarded by `lock`. Append-only.
    private var subtables: [CombSubtable] = []

    /// Powers of `base` mod `modulus`. `teeth` (1…8) trades memory (`2^teeth` entries
    /// per `64·teeth` exponent bits) for multiplications (one per `teeth` bits).
    public init(base: BigInt, modulus: MontgomeryModulus, teeth: Int = 5) throws(BigNumError) {
        guard (1...8).contains(teeth) else { throw .invalidBitLength }
        self.base = base.mod(modulus.modulus)
        self.modulus = modulus
        self.teeth = teeth
        isInvertible = self.base.gcd(modulus.modulus) == 1
    }

    /// Exponent bits one subtable covers.
    var bitsPerSubtable: Int { teeth * Self.blockBits }

    /// The first `count` subtables, building the missing ones (under the lock, so two
    /// threads never build the same subtable twice).
    func subtables(count: Int) -> [CombSubtable] {
        lock.lock()
        defer { lock.unlock() }
        while subtables.count < count {
            subtables.append(CombSubtable(index: subtables.count, previous: subtables.last, of: self))
        }
        return Array(subtables.prefix(count))
    }
}

/// One subtable of a ``FixedBasePowers``: for blocks `k = index·h … index·h + h − 1`,
/// entry `i` is `Π_{r : bit r of i} g_{index·h + r}` in Montgomery form; plus each
/// `g_k^{−1}` (when `g` is a unit) and `g_{(index+1)·h}`, the start of the next subtable.
/// Immutable after init.
final class CombSubtable: @unchecked Sendable {
    /// `2^h` entries of `n` limbs each, contiguous (the layout `mpn_sec_tabselect` reads).
    let entries: UnsafeMutablePointer<mp_limb_t>
    /// `h` inverses `g_k^{−1}` of `n` limbs each (Montgomery form), or nil.
    let inverses: UnsafeMutablePointer<mp_limb_t>?
    /// `g_{(index+1)·h}` in Montgomery form.
    let next: UnsafeMutablePointer<mp_limb_t>
    let entryCount: Int, limbs: Int, teeth: Int

    init(index: Int, previous: CombSubtable?, of powers: FixedBasePowers) {
        let mod = powers.modulus, n = mod.n, h = powers.teeth
        limbs = n; teeth = h; entryCount = 1 << h
        let ws = MontgomeryWorkspace(mod)
        entries = .allocate(capacity: entryCount * n)
        next = .allocate(capacity: n)
        // g_k for the h blocks of this subtable, the first one from the previous subtable.
        let gk = UnsafeMutablePointer<mp_limb_t>.allocate(capacity: (h + 1) * n)
        defer { gk.deallocate() }
        if let previous { gk.update(from: previous.next, count: n) } else { mod.toMontgomery(powers.base, into: gk) }
        for r in 1...h {
            mod.square(gk + r * n, gk + (r - 1) * n, ws)
            for _ in 1..<FixedBasePowers.blockBits { mod.square(gk + r * n, gk + r * n, ws) }
        }
        next.update(from: gk + h * n, count: n)
        // entry[i] = entry[i without its top bit] · g_(top bit).
        entries.update(from: mod.one, count: n)
        for i in 1..<entryCount {
            let top = Int.bitWidth - 1 - i.leadingZeroBitCount
            mod.multiply(entries + i * n, entries + (i ^ (1 << top)) * n, gk + top * n, ws)
        }
        if powers.isInvertible {
            let inv = UnsafeMutablePointer<mp_limb_t>.allocate(capacity: h * n)
            for r in 0..<h {
                // Public values: the variable-time inverse is fine.
                let value = mod.fromMontgomery(gk + r * n, ws)
                mod.toMontgomery(value.modInverse(mod.modulus)!, into: inv + r * n)
            }
            inverses = inv
        } else {
            inverses = nil
        }
    }

    deinit {
        entries.deallocate()
        inverses?.deallocate()
        next.deallocate()
    }
}
