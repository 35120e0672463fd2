// The Montgomery multiplication kernel of 𝔽p: the one function that decides BLS12-381's
// speed. Chosen over GMP's mpn_mul_n + REDC by measurement (docs/crypto/bls12-381.md).
//
// Coarsely Integrated Operand Scanning (Koç, Acar, Kaliski 1996), fully unrolled, in the
// "no-carry" variant (gnark-crypto; also eprint 2022/1400 §3): when the top limb of p is
// below (2⁶⁴−1)/2 − 1 — here 0x1a0111ea397fe69a — the running sum never needs a seventh
// limb, which saves two additions per row. The result before the final masked subtraction
// is < 2p.

extension Fp {
    /// a·b·R⁻¹ mod p (Montgomery product), constant time.
    ///
    /// Deliberately a call, not inlined: the unrolled kernel is ~700 instructions, and
    /// inlining it into every tower and curve formula made a G2 addition 33,000
    /// instructions long — the instruction cache, not the multiplier, became the limit.
    @inlinable @inline(__always)
    public static func * (a: Fp, b: Fp) -> Fp { montgomeryProduct(a, b) }

    /// The Montgomery product as an out-of-line call (see `*`).
    @usableFromInline @inline(never)
    static func montgomeryProduct(_ a: Fp, _ b: Fp) -> Fp { montgomeryProductInline(a, b) }

    /// The unrolled kernel itself, for the few hot callers (𝔽p² multiplication and
    /// squaring) that are themselves out of line and gain from scheduling three products
    /// together.
    @inlinable @inline(__always)
    static func montgomeryProductInline(_ a: Fp, _ b: Fp) -> Fp {
        var t0: UInt64, t1: UInt64, t2: UInt64, t3: UInt64, t4: UInt64, t5: UInt64
        var carryA: UInt64, carryC: UInt64, m: UInt64, discard: UInt64
        // Row 0: t += a·b0, then t = (t + m·p) / 2^64.
        (carryA, t0) = a.l0.multipliedFullWidth(by: b.l0)
        (carryA, t1) = mulAdd(a.l1, b.l0, carryA, 0)
        (carryA, t2) = mulAdd(a.l2, b.l0, carryA, 0)
        (carryA, t3) = mulAdd(a.l3, b.l0, carryA, 0)
        (carryA, t4) = mulAdd(a.l4, b.l0, carryA, 0)
        (carryA, t5) = mulAdd(a.l5, b.l0, carryA, 0)
        m = t0 &* Fp.pInv
        (carryC, discard) = mulAdd(m, Fp.p0, t0, 0)
        (carryC, t0) = mulAdd(m, Fp.p1, t1, carryC)
        (carryC, t1) = mulAdd(m, Fp.p2, t2, carryC)
        (carryC, t2) = mulAdd(m, Fp.p3, t3, carryC)
        (carryC, t3) = mulAdd(m, Fp.p4, t4, carryC)
        (carryC, t4) = mulAdd(m, Fp.p5, t5, carryC)
        t5 = carryC &+ carryA
        // Row 1: t += a·b1, then t = (t + m·p) / 2^64.
        (carryA, t0) = mulAdd(a.l0, b.l1, t0, 0)
        (carryA, t1) = mulAdd(a.l1, b.l1, t1, carryA)
        (carryA, t2) = mulAdd(a.l2, b.l1, t2, carryA)
        (carryA, t3) = mulAdd(a.l3, b.l1, t3, carryA)
        (carryA, t4) = mulAdd(a.l4, b.l1, t4, carryA)
        (carryA, t5) = mulAdd(a.l5, b.l1, t5, carryA)
        m = t0 &* Fp.pInv
        (carryC, discard) = mulAdd(m, Fp.p0, t0, 0)
        (carryC, t0) = mulAdd(m, Fp.p1, t1, carryC)
        (carryC, t1) = mulAdd(m, Fp.p2, t2, carryC)
        (carryC, t2) = mulAdd(m, Fp.p3, t3, carryC)
        (carryC, t3) = mulAdd(m, Fp.p4, t4, carryC)
        (carryC, t4) = mulAdd(m, Fp.p5, t5, carryC)
        t5 = carryC &+ carryA
        // Row 2: t += a·b2, then t = (t + m·p) / 2^64.
        (carryA, t0) = mulAdd(a.l0, b.l2, t0, 0)
        (carryA, t1) = mulAdd(a.l1, b.l2, t1, carryA)
        (carryA, t2) = mulAdd(a.l2, b.l2, t2, carryA)
        (carryA, t3) = mulAdd(a.l3, b.l2, t3, carryA)
        (carryA, t4) = mulAdd(a.l4, b.l2, t4, carryA)
        (carryA, t5) = mulAdd(a.l5, b.l2, t5, carryA)
        m = t0 &* Fp.pInv
        (carryC, discard) = mulAdd(m, Fp.p0, t0, 0)
        (carryC, t0) = mulAdd(m, Fp.p1, t1, carryC)
        (carryC, t1) = mulAdd(m, Fp.p2, t2, carryC)
        (carryC, t2) = mulAdd(m, Fp.p3, t3, carryC)
        (carryC, t3) = mulAdd(m, Fp.p4, t4, carryC)
        (carryC, t4) = mulAdd(m, Fp.p5, t5, carryC)
        t5 = carryC &+ carryA
        // Row 3: t += a·b3, then t = (t + m·p) / 2^64.
        (carryA, t0) = mulAdd(a.l0, b.l3, t0, 0)
        (carryA, t1) = mulAdd(a.l1, b.l3, t1, carryA)
        (carryA, t2) = mulAdd(a.l2, b.l3, t2, carryA)
        (carryA, t3) = mulAdd(a.l3, b.l3, t3, carryA)
        (carryA, t4) = mulAdd(a.l4, b.l3, t4, carryA)
        (carryA, t5) = mulAdd(a.l5, b.l3, t5, carryA)
        m = t0 &* Fp.pInv
        (carryC, discard) = mulAdd(m, Fp.p0, t0, 0)
        (carryC, t0) = mulAdd(m, Fp.p1, t1, carryC)
        (carryC, t1) = mulAdd(m, Fp.p2, t2, carryC)
        (carryC, t2) = mulAdd(m, Fp.p3, t3, carryC)
        (carryC, t3) = mulAdd(m, Fp.p4, t4, carryC)
        (carryC, t4) = mulAdd(m, Fp.p5, t5, carryC)
        t5 = carryC &+ carryA
        // Row 4: t += a·b4, then t = (t + m·p) / 2^64.
        (carryA, t0) = mulAdd(a.l0, b.l4, t0, 0)
        (carryA, t1) = mulAdd(a.l1, b.l4, t1, carryA)
        (carryA, t2) = mulAdd(a.l2, b.l4, t2, carryA)
        (carryA, t3) = mulAdd(a.l3, b.l4, t3, carryA)
        (carryA, t4) = mulAdd(a.l4, b.l4, t4, carryA)
        (carryA, t5) = mulAdd(a.l5, b.l4, t5, carryA)
        m = t0 &* Fp.pInv
        (carryC, discard) = mulAdd(m, Fp.p0, t0, 0)
        (carryC, t0) = mulAdd(m, Fp.p1, t1, carryC)
        (carryC, t1) = mulAdd(m, Fp.p2, t2, carryC)
        (carryC, t2) = mulAdd(m, Fp.p3, t3, carryC)
        (carryC, t3) = mulAdd(m, Fp.p4, t4, carryC)
        (carryC, t4) = mulAdd(m, Fp.p5, t5, carryC)
        t5 = carryC &+ carryA
        // Row 5: t += a·b5, then t = (t + m·p) / 2^64.
        (carryA, t0) = mulAdd(a.l0, b.l5, t0, 0)
        (carryA, t1) = mulAdd(a.l1, b.l5, t1, carryA)
        (carryA, t2) = mulAdd(a.l2, b.l5, t2, carryA)
        (carryA, t3) = mulAdd(a.l3, b.l5, t3, carryA)
        (carryA, t4) = mulAdd(a.l4, b.l5, t4, carryA)
        (carryA, t5) = mulAdd(a.l5, b.l5, t5, carryA)
        m = t0 &* Fp.pInv
        (carryC, discard) = mulAdd(m, Fp.p0, t0, 0)
        (carryC, t0) = mulAdd(m, Fp.p1, t1, carryC)
        (carryC, t1) = mulAdd(m, Fp.p2, t2, carryC)
        (carryC, t2) = mulAdd(m, Fp.p3, t3, carryC)
        (carryC, t3) = mulAdd(m, Fp.p4, t4, carryC)
        (carryC, t4) = mulAdd(m, Fp.p5, t5, carryC)
        t5 = carryC &+ carryA
        _ = discard
        return Fp.subtractModulusIfNeeded(t0, t1, t2, t3, t4, t5)
    }

    /// a² (the general product: a dedicated SOS squaring — 21 + 36 word products instead of
    /// 72 — measured no faster here, 39.2 vs 38.6 ns out of line, because the reduction's
    /// dependency chain, not the multiplier, sets the latency).
    @inlinable @inline(__always)
    public func squared() -> Fp { self * self }
}
