import CGMP
import CSodium

/// Constant-time products of powers of fixed bases, `Π g_i^{e_i} mod m`, with signed
/// exponents — the ring-Pedersen commitment `s^a·t^b mod N̂` of CGGMP21 §2.4 in one pass.
///
/// Algorithm: Lim–Lee fixed-base comb over each base's ``FixedBasePowers``, all bases
/// interleaved (Straus's trick, so the 63 squarings are shared): for bit column
/// `j = 63 … 0`, square the accumulator, then for every subtable of every base gather bit
/// `j` of each of its blocks into an index, fetch that entry with `mpn_sec_tabselect`
/// (which reads every entry, whatever the index) and multiply it in.
///
/// Signed exponents without a sign branch: for a unit base the exponent is offset to
/// `e + 2^W` with `W = 64·max(1, limbs(|e|))`, which lies in `(0, 2^(W+1))`, and the
/// result is multiplied by the precomputed `g^{−2^W}`. What the running time and the
/// memory trace depend on: the moduli's sizes, the bases' subtables, and each exponent's
/// limb count — the same exposure as `mpz_powm_sec` — never the exponents' bits or signs.
/// (GMP's `mpz_add` for the offset branches on the sign internally; the magnitude masks in
/// CGGMP21 make the sign of a response uniform, as ``Signed`` notes.)
public enum FixedBaseExponentiation {
    /// `Π bases[i].base ^ exponents[i] mod m`, in `[0, m)`.
    /// - Throws: ``BigNumError/mismatchedModuli`` when the bases were prepared for different
    ///   moduli; ``BigNumError/notInvertible`` for a negative exponent on a non-unit base.
    public static func product(_ terms: [(FixedBasePowers, BigInt)]) throws(BigNumError) -> BigInt {
        guard let mod = terms.first?.0.modulus else { return BigInt(1) }
        for (powers, e) in terms {
            guard powers.modulus === mod else { throw .mismatchedModuli }
            guard e.sign >= 0 || powers.isInvertible else { throw .notInvertible }
        }
        let n = mod.n
        let ws = MontgomeryWorkspace(mod)
        // Per term: its subtables, its exponent as zero-padded limbs, and the block whose
        // inverse undoes the offset (nil for a non-unit base, whose exponent is not offset).
        var plans: [(tables: [CombSubtable], limbs: UnsafeMutablePointer<mp_limb_t>, limbCount: Int, offsetBlock: Int?)] = []
        defer {
            for p in plans {
                sodium_memzero(p.limbs, p.limbCount * MemoryLayout<mp_limb_t>.size)
                p.limbs.deallocate()
            }
        }
        for (powers, e) in terms {
            let w = Swift.max(1, e.limbCount)
            let offsetBlock: Int? = powers.isInvertible ? w : nil
            let shifted = powers.isInvertible ? e + (BigInt(1) << (64 * w)) : e
            let blocks = offsetBlock.map { $0 + 1 } ?? w
            let tableCount = (blocks + powers.teeth - 1) / powers.teeth
            let limbCount = tableCount * powers.teeth
            let limbs = UnsafeMutablePointer<mp_limb_t>.allocate(capacity: limbCount)
            shifted.copyLimbs(into: limbs, count: limbCount)
            plans.append((powers.subtables(count: tableCount), limbs, limbCount, offsetBlock))
        }
        let acc = UnsafeMutablePointer<mp_limb_t>.allocate(capacity: 2 * n)
        let selected = acc + n
        defer {
            sodium_memzero(acc, 2 * n * MemoryLayout<mp_limb_t>.size)
            acc.deallocate()
        }
        acc.update(from: mod.one, count: n)
        for j in stride(from: FixedBasePowers.blockBits - 1, through: 0, by: -1) {
            if j != FixedBasePowers.blockBits - 1 { mod.square(acc, acc, ws) }
            for plan in plans {
                for (u, table) in plan.tables.enumerated() {
                    var index = 0
                    for r in 0..<table.teeth {
                        index |= Int(truncatingIfNeeded: (plan.limbs[u * table.teeth + r] >> UInt64(j)) & 1) << r
                    }
                    __gmpn_sec_tabselect(selected, table.entries, n, table.entryCount, index)
                    mod.multiply(acc, acc, selected, ws)
                }
            }
        }
        for plan in plans {
            guard let k = plan.offsetBlock else { continue }
            let h = plan.tables[0].teeth
            mod.multiply(acc, acc, plan.tables[k / h].inverses! + (k % h) * n, ws)
        }
        return mod.fromMontgomery(acc, ws)
    }

    /// `base^e mod m` through the same comb (a product of one term).
    public static func power(_ powers: FixedBasePowers, _ e: BigInt) throws(BigNumError) -> BigInt {
        try product([(powers, e)])
    }
}
