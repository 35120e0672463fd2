// Double-width (768-bit) products and Montgomery reduction, for lazy reduction in 𝔽p²:
// a Karatsuba 𝔽p² product needs three 384×384-bit products but only two reductions when
// the combination c0 = a0b0 − a1b1, c1 = (a0+a1)(b0+b1) − a0b0 − a1b1 is formed on the
// unreduced products (Aranha, Karabina, Longa, Gebotys, López, "Faster explicit formulas
// for computing pairings over ordinary curves", eprint 2010/526, §3). Generated unrolled
// code, like the CIOS kernel.

/// A 768-bit unsigned integer as twelve little-endian limbs (an unreduced product).
@frozen @usableFromInline
struct FpWide {

    @usableFromInline var w0, w1, w2, w3, w4, w5, w6, w7, w8, w9, w10, w11: UInt64

    @inlinable @inline(__always)
    init(_ w0: UInt64, _ w1: UInt64, _ w2: UInt64, _ w3: UInt64, _ w4: UInt64, _ w5: UInt64, _ w6: UInt64, _ w7: UInt64, _ w8: UInt64, _ w9: UInt64, _ w10: UInt64, _ w11: UInt64) {
        self.w0 = w0; self.w1 = w1; self.w2 = w2; self.w3 = w3; self.w4 = w4; self.w5 = w5; self.w6 = w6; self.w7 = w7; self.w8 = w8; self.w9 = w9; self.w10 = w10; self.w11 = w11
    }
}

extension Fp {
    /// a + b on the limbs, without reduction (the sum of two values < p is < 2p < 2³⁸²):
    /// an input for `wideProduct` only.
    @inlinable @inline(__always)
    static func addWithoutReduction(_ a: Fp, _ b: Fp) -> Fp {
        var c: UInt64 = 0
        let t0: UInt64, t1: UInt64, t2: UInt64, t3: UInt64, t4: UInt64, t5: UInt64
        (t0, c) = addCarry(a.l0, b.l0, 0)
        (t1, c) = addCarry(a.l1, b.l1, c)
        (t2, c) = addCarry(a.l2, b.l2, c)
        (t3, c) = addCarry(a.l3, b.l3, c)
        (t4, c) = addCarry(a.l4, b.l4, c)
        (t5, _) = addCarry(a.l5, b.l5, c)
        return Fp(montgomeryLimbs: t0, t1, t2, t3, t4, t5)
    }

    /// The full 768-bit product of the limbs (schoolbook, row by row).
    @inlinable @inline(__always)
    static func wideProduct(_ a: Fp, _ b: Fp) -> FpWide {
        var t0: UInt64 = 0, t1: UInt64 = 0, t2: UInt64 = 0, t3: UInt64 = 0, t4: UInt64 = 0, t5: UInt64 = 0, t6: UInt64 = 0, t7: UInt64 = 0, t8: UInt64 = 0, t9: UInt64 = 0, t10: UInt64 = 0, t11: UInt64 = 0
        var carry: UInt64 = 0
        (carry, t0) = mulAdd(a.l0, b.l0, 0, 0)
        (carry, t1) = mulAdd(a.l1, b.l0, 0, carry)
        (carry, t2) = mulAdd(a.l2, b.l0, 0, carry)
        (carry, t3) = mulAdd(a.l3, b.l0, 0, carry)
        (carry, t4) = mulAdd(a.l4, b.l0, 0, carry)
        (carry, t5) = mulAdd(a.l5, b.l0, 0, carry)
        t6 = carry
        (carry, t1) = mulAdd(a.l0, b.l1, t1, 0)
        (carry, t2) = mulAdd(a.l1, b.l1, t2, carry)
        (carry, t3) = mulAdd(a.l2, b.l1, t3, carry)
        (carry, t4) = mulAdd(a.l3, b.l1, t4, carry)
        (carry, t5) = mulAdd(a.l4, b.l1, t5, carry)
        (carry, t6) = mulAdd(a.l5, b.l1, t6, carry)
        t7 = carry
        (carry, t2) = mulAdd(a.l0, b.l2, t2, 0)
        (carry, t3) = mulAdd(a.l1, b.l2, t3, carry)
        (carry, t4) = mulAdd(a.l2, b.l2, t4, carry)
        (carry, t5) = mulAdd(a.l3, b.l2, t5, carry)
        (carry, t6) = mulAdd(a.l4, b.l2, t6, carry)
        (carry, t7) = mulAdd(a.l5, b.l2, t7, carry)
        t8 = carry
        (carry, t3) = mulAdd(a.l0, b.l3, t3, 0)
        (carry, t4) = mulAdd(a.l1, b.l3, t4, carry)
        (carry, t5) = mulAdd(a.l2, b.l3, t5, carry)
        (carry, t6) = mulAdd(a.l3, b.l3, t6, carry)
        (carry, t7) = mulAdd(a.l4, b.l3, t7, carry)
        (carry, t8) = mulAdd(a.l5, b.l3, t8, carry)
        t9 = carry
        (carry, t4) = mulAdd(a.l0, b.l4, t4, 0)
        (carry, t5) = mulAdd(a.l1, b.l4, t5, carry)
        (carry, t6) = mulAdd(a.l2, b.l4, t6, carry)
        (carry, t7) = mulAdd(a.l3, b.l4, t7, carry)
        (carry, t8) = mulAdd(a.l4, b.l4, t8, carry)
        (carry, t9) = mulAdd(a.l5, b.l4, t9, carry)
        t10 = carry
        (carry, t5) = mulAdd(a.l0, b.l5, t5, 0)
        (carry, t6) = mulAdd(a.l1, b.l5, t6, carry)
        (carry, t7) = mulAdd(a.l2, b.l5, t7, carry)
        (carry, t8) = mulAdd(a.l3, b.l5, t8, carry)
        (carry, t9) = mulAdd(a.l4, b.l5, t9, carry)
        (carry, t10) = mulAdd(a.l5, b.l5, t10, carry)
        t11 = carry
        return FpWide(t0, t1, t2, t3, t4, t5, t6, t7, t8, t9, t10, t11)
    }

    /// Montgomery reduction T·R⁻¹ mod p of a 768-bit T < p·R (REDC, one row per limb);
    /// the intermediate result is < 2p, then one masked subtraction.
    @inlinable @inline(__always)
    static func montgomeryReduce(_ t: FpWide) -> Fp {
        var t0 = t.w0, t1 = t.w1, t2 = t.w2, t3 = t.w3, t4 = t.w4, t5 = t.w5, t6 = t.w6, t7 = t.w7, t8 = t.w8, t9 = t.w9, t10 = t.w10, t11 = t.w11
        var carry: UInt64 = 0, extra: UInt64 = 0, m: UInt64 = 0, discard: UInt64 = 0
        m = t0 &* Fp.pInv
        (carry, discard) = mulAdd(m, Fp.p0, t0, 0)
        (carry, t1) = mulAdd(m, Fp.p1, t1, carry)
        (carry, t2) = mulAdd(m, Fp.p2, t2, carry)
        (carry, t3) = mulAdd(m, Fp.p3, t3, carry)
        (carry, t4) = mulAdd(m, Fp.p4, t4, carry)
        (carry, t5) = mulAdd(m, Fp.p5, t5, carry)
        (t6, extra) = addCarry(t6, carry, 0)
        m = t1 &* Fp.pInv
        (carry, discard) = mulAdd(m, Fp.p0, t1, 0)
        (carry, t2) = mulAdd(m, Fp.p1, t2, carry)
        (carry, t3) = mulAdd(m, Fp.p2, t3, carry)
        (carry, t4) = mulAdd(m, Fp.p3, t4, carry)
        (carry, t5) = mulAdd(m, Fp.p4, t5, carry)
        (carry, t6) = mulAdd(m, Fp.p5, t6, carry)
        (t7, extra) = addCarry(t7, carry, extra)
        m = t2 &* Fp.pInv
        (carry, discard) = mulAdd(m, Fp.p0, t2, 0)
        (carry, t3) = mulAdd(m, Fp.p1, t3, carry)
        (carry, t4) = mulAdd(m, Fp.p2, t4, carry)
        (carry, t5) = mulAdd(m, Fp.p3, t5, carry)
        (carry, t6) = mulAdd(m, Fp.p4, t6, carry)
        (carry, t7) = mulAdd(m, Fp.p5, t7, carry)
        (t8, extra) = addCarry(t8, carry, extra)
        m = t3 &* Fp.pInv
        (carry, discard) = mulAdd(m, Fp.p0, t3, 0)
        (carry, t4) = mulAdd(m, Fp.p1, t4, carry)
        (carry, t5) = mulAdd(m, Fp.p2, t5, carry)
        (carry, t6) = mulAdd(m, Fp.p3, t6, carry)
        (carry, t7) = mulAdd(m, Fp.p4, t7, carry)
        (carry, t8) = mulAdd(m, Fp.p5, t8, carry)
        (t9, extra) = addCarry(t9, carry, extra)
        m = t4 &* Fp.pInv
        (carry, discard) = mulAdd(m, Fp.p0, t4, 0)
        (carry, t5) = mulAdd(m, Fp.p1, t5, carry)
        (carry, t6) = mulAdd(m, Fp.p2, t6, carry)
        (carry, t7) = mulAdd(m, Fp.p3, t7, carry)
        (carry, t8) = mulAdd(m, Fp.p4, t8, carry)
        (carry, t9) = mulAdd(m, Fp.p5, t9, carry)
        (t10, extra) = addCarry(t10, carry, extra)
        m = t5 &* Fp.pInv
        (carry, discard) = mulAdd(m, Fp.p0, t5, 0)
        (carry, t6) = mulAdd(m, Fp.p1, t6, carry)
        (carry, t7) = mulAdd(m, Fp.p2, t7, carry)
        (carry, t8) = mulAdd(m, Fp.p3, t8, carry)
        (carry, t9) = mulAdd(m, Fp.p4, t9, carry)
        (carry, t10) = mulAdd(m, Fp.p5, t10, carry)
        (t11, extra) = addCarry(t11, carry, extra)
        _ = discard; _ = extra; _ = (t0, t1, t2, t3, t4, t5)
        return subtractModulusIfNeeded(t6, t7, t8, t9, t10, t11)
    }
}

extension FpWide {
    /// a − b mod p·2³⁸⁴: subtract, then add p to the upper half under the borrow mask, so a
    /// negative difference (> −p·2³⁸⁴) becomes a valid REDC input.
    @inlinable @inline(__always)
    static func subtractModPR(_ a: FpWide, _ b: FpWide) -> FpWide {
        var br: UInt64 = 0
        let d0: UInt64, d1: UInt64, d2: UInt64, d3: UInt64, d4: UInt64, d5: UInt64, d6: UInt64, d7: UInt64, d8: UInt64, d9: UInt64, d10: UInt64, d11: UInt64
        (d0, br) = subBorrow(a.w0, b.w0, 0)
        (d1, br) = subBorrow(a.w1, b.w1, br)
        (d2, br) = subBorrow(a.w2, b.w2, br)
        (d3, br) = subBorrow(a.w3, b.w3, br)
        (d4, br) = subBorrow(a.w4, b.w4, br)
        (d5, br) = subBorrow(a.w5, b.w5, br)
        (d6, br) = subBorrow(a.w6, b.w6, br)
        (d7, br) = subBorrow(a.w7, b.w7, br)
        (d8, br) = subBorrow(a.w8, b.w8, br)
        (d9, br) = subBorrow(a.w9, b.w9, br)
        (d10, br) = subBorrow(a.w10, b.w10, br)
        (d11, br) = subBorrow(a.w11, b.w11, br)
        let mask = maskFromBit(br)
        var c: UInt64 = 0
        let h0: UInt64, h1: UInt64, h2: UInt64, h3: UInt64, h4: UInt64, h5: UInt64
        (h0, c) = addCarry(d6, Fp.p0 & mask, 0)
        (h1, c) = addCarry(d7, Fp.p1 & mask, c)
        (h2, c) = addCarry(d8, Fp.p2 & mask, c)
        (h3, c) = addCarry(d9, Fp.p3 & mask, c)
        (h4, c) = addCarry(d10, Fp.p4 & mask, c)
        (h5, c) = addCarry(d11, Fp.p5 & mask, c)
        return FpWide(d0, d1, d2, d3, d4, d5, h0, h1, h2, h3, h4, h5)
    }

    /// a − b for a ≥ b (no wrap-around).
    @inlinable @inline(__always)
    static func subtract(_ a: FpWide, _ b: FpWide) -> FpWide {
        var br: UInt64 = 0
        let d0: UInt64, d1: UInt64, d2: UInt64, d3: UInt64, d4: UInt64, d5: UInt64, d6: UInt64, d7: UInt64, d8: UInt64, d9: UInt64, d10: UInt64, d11: UInt64
        (d0, br) = subBorrow(a.w0, b.w0, 0)
        (d1, br) = subBorrow(a.w1, b.w1, br)
        (d2, br) = subBorrow(a.w2, b.w2, br)
        (d3, br) = subBorrow(a.w3, b.w3, br)
        (d4, br) = subBorrow(a.w4, b.w4, br)
        (d5, br) = subBorrow(a.w5, b.w5, br)
        (d6, br) = subBorrow(a.w6, b.w6, br)
        (d7, br) = subBorrow(a.w7, b.w7, br)
        (d8, br) = subBorrow(a.w8, b.w8, br)
        (d9, br) = subBorrow(a.w9, b.w9, br)
        (d10, br) = subBorrow(a.w10, b.w10, br)
        (d11, br) = subBorrow(a.w11, b.w11, br)
        return FpWide(d0, d1, d2, d3, d4, d5, d6, d7, d8, d9, d10, d11)
    }
}
