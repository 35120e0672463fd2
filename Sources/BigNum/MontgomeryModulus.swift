import CGMP
import CSodium

/// An odd modulus `m > 1` prepared for constant-time Montgomery arithmetic on GMP's mpn
/// layer (Montgomery 1985; the word-by-word REDC of Koç, Acar, Kaliski, "Analyzing and
/// comparing Montgomery multiplication algorithms", 1996, §2), with `R = 2^(64·n)` for an
/// `n`-limb modulus.
///
/// Why not `mpz_powm_sec`: it computes one power of one base from scratch. A fixed base
/// (the ring-Pedersen `s`, `t` of a verifier) can be precomputed once
/// (``FixedBasePowers``), and that needs the multiplication on its own. Every step here is
/// side-channel silent in its operands' values: products by `mpn_sec_mul`/`mpn_sec_sqr`
/// (GMP's documented silent multiplication), reduction by `mpn_addmul_1` with a fixed
/// trip count and `mpn_add_n`/`mpn_cnd_sub_n` (no branch on a carry). Values stay in
/// "almost Montgomery" form in `[0, R)` (not necessarily `< m`) between operations, so that
/// no comparison with `m` is needed until the final conversion.
public final class MontgomeryModulus: @unchecked Sendable {
    /// The modulus.
    public let modulus: BigInt
    /// Limbs of the modulus.
    let n: Int
    /// The modulus's limbs (immutable after init, so shared reads are safe).
    let m: UnsafeMutablePointer<mp_limb_t>
    /// `−m^{−1} mod 2^64`.
    let minusInverse: mp_limb_t
    /// `R mod m`: 1 in Montgomery form.
    let one: UnsafeMutablePointer<mp_limb_t>
    /// Scratch limbs that `mpn_sec_mul` and `mpn_sec_sqr` need.
    let scratchLimbs: Int

    /// Prepares `modulus`. Throws ``BigNumError/nonPositiveModulus`` for `m ≤ 0` or `m = 1`
    /// (there is no arithmetic worth doing mod 1, and `R mod 1 = 0` breaks the identity),
    /// ``BigNumError/evenModulusForConstantTime`` for even `m` (Montgomery needs `gcd(m, R) = 1`).
    public init(_ modulus: BigInt) throws(BigNumError) {
        guard modulus.sign > 0, modulus != 1 else { throw .nonPositiveModulus }
        guard modulus.isOdd else { throw .evenModulusForConstantTime }
        self.modulus = modulus
        n = Int(modulus.ptr.pointee._mp_size)
        m = .allocate(capacity: n)
        modulus.copyLimbs(into: m, count: n)
        // Newton–Hensel lifting of m0^{−1} mod 2^64: x = m0 is right to 3 bits (m0² ≡ 1
        // mod 8 for odd m0) and each step doubles the correct bits: 3→6→12→24→48→96.
        let m0 = m[0]
        var x = m0
        for _ in 0..<5 { x = x &* (2 &- m0 &* x) }
        minusInverse = 0 &- x
        one = .allocate(capacity: n)
        ((BigInt(1) << (64 * n)).mod(modulus)).copyLimbs(into: one, count: n)
        scratchLimbs = Swift.max(Int(__gmpn_sec_mul_itch(n, n)), Int(__gmpn_sec_sqr_itch(n)))
    }

    deinit {
        m.deallocate()
        one.deallocate()
    }

    /// Montgomery form `x·R mod m` of a **public** value (variable-time reduction), as `n` limbs.
    func toMontgomery(_ x: BigInt, into out: UnsafeMutablePointer<mp_limb_t>) {
        ((x.mod(modulus)) << (64 * n)).mod(modulus).copyLimbs(into: out, count: n)
    }

    /// `r = a·b·R^{−1}` (almost Montgomery, `< R`), constant time. `r` may alias `a` or `b`.
    @inline(__always)
    func multiply(_ r: UnsafeMutablePointer<mp_limb_t>, _ a: UnsafePointer<mp_limb_t>, _ b: UnsafePointer<mp_limb_t>,
                  _ ws: MontgomeryWorkspace) {
        __gmpn_sec_mul(ws.product, a, n, b, n, ws.scratch)
        reduce(r, ws.product)
    }

    /// `r = a²·R^{−1}`, constant time. `r` may alias `a`.
    @inline(__always)
    func square(_ r: UnsafeMutablePointer<mp_limb_t>, _ a: UnsafePointer<mp_limb_t>, _ ws: MontgomeryWorkspace) {
        __gmpn_sec_sqr(ws.product, a, n, ws.scratch)
        reduce(r, ws.product)
    }

    /// REDC of the `2n`-limb `t` (destroyed) into `r`: each step adds `q·m` with
    /// `q = t_i·(−m^{−1}) mod 2^64`, zeroing limb i, whose slot then keeps the carry
    /// (the layout GMP's own `redc_1` uses); the carries are added back in one pass.
    /// The result `(t + Q·m)/R < R + m` loses its top carry by a conditional subtraction
    /// of `m` that reads the carry as a mask, never as a branch.
    @inline(__always)
    func reduce(_ r: UnsafeMutablePointer<mp_limb_t>, _ t: UnsafeMutablePointer<mp_limb_t>) {
        for i in 0..<n {
            let q = t[i] &* minusInverse
            t[i] = __gmpn_addmul_1(t + i, m, n, q)
        }
        let carry = __gmpn_add_n(r, t + n, t, n)
        _ = __gmpn_cnd_sub_n(carry, r, r, m, n)
    }

    /// The ordinary value in `[0, m)` of an almost-Montgomery `a`: REDC of `a` alone gives
    /// `(a + Q·m)/R ≤ m`, and one subtraction of `m`, kept only when it does not borrow
    /// (selected by `mpn_cnd_swap`, not a branch), lands in `[0, m)`.
    func fromMontgomery(_ a: UnsafePointer<mp_limb_t>, _ ws: MontgomeryWorkspace) -> BigInt {
        ws.product.update(from: a, count: n)
        (ws.product + n).update(repeating: 0, count: n)
        let r = ws.product + 2 * n, d = ws.product + 3 * n
        reduce(r, ws.product)
        let borrow = __gmpn_sub_n(d, r, m, n)
        __gmpn_cnd_swap(1 &- borrow, r, d, n)
        let v = BigInt.make { __gmpz_import($0, n, -1, MemoryLayout<mp_limb_t>.size, 0, 0, r) }
        ws.product.update(repeating: 0, count: 4 * n)
        return v
    }
}

/// Scratch buffers for one computation modulo a ``MontgomeryModulus``: the `2n`-limb
/// product (plus room for the final conversion) and GMP's scratch. They hold secret
/// intermediates, so they are zeroed before release.
final class MontgomeryWorkspace {
    let product: UnsafeMutablePointer<mp_limb_t>
    let scratch: UnsafeMutablePointer<mp_limb_t>
    private let productLimbs: Int, scratchLimbs: Int

    init(_ modulus: MontgomeryModulus) {
        productLimbs = 4 * modulus.n
        scratchLimbs = Swift.max(modulus.scratchLimbs, 1)
        product = .allocate(capacity: productLimbs)
        product.initialize(repeating: 0, count: productLimbs)
        scratch = .allocate(capacity: scratchLimbs)
        scratch.initialize(repeating: 0, count: scratchLimbs)
    }

    deinit {
        sodium_memzero(product, productLimbs * MemoryLayout<mp_limb_t>.size)
        sodium_memzero(scratch, scratchLimbs * MemoryLayout<mp_limb_t>.size)
        product.deallocate()
        scratch.deallocate()
    }
}

extension BigInt {
    /// Writes `|self|` as `count` little-endian limbs (zero-padded); `|self|` must fit.
    func copyLimbs(into out: UnsafeMutablePointer<mp_limb_t>, count: Int) {
        let size = Int(abs(ptr.pointee._mp_size))
        precondition(size <= count, "copyLimbs: value wider than the buffer")
        if size > 0, let d = ptr.pointee._mp_d { out.update(from: d, count: size) }
        (out + size).update(repeating: 0, count: count - size)
    }

    /// Limbs of `|self|` (0 for zero).
    var limbCount: Int { Int(abs(ptr.pointee._mp_size)) }
}
