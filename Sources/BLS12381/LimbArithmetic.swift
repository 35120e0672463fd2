// Word-level helpers for the fixed-limb field kernels. Each returns its carry as a 0/1
// word (never a Bool that a caller could branch on) so that callers stay branch-free.

#if os(Linux)
// On Linux the standard library's UInt128 is available unconditionally; LLVM lowers its
// additions to add/adc chains and its products to one mul/mulx, with no branches. (The
// Bool-returning `addingReportingOverflow` formulation below was compiled into
// data-dependent jumps for carry propagation: slower and not constant time.)

/// `a·b + c + d` as a 128-bit (hi, lo) pair; cannot overflow since
/// (2⁶⁴−1)² + 2(2⁶⁴−1) = 2¹²⁸ − 1.
@inlinable @inline(__always)
func mulAdd(_ a: UInt64, _ b: UInt64, _ c: UInt64, _ d: UInt64) -> (hi: UInt64, lo: UInt64) {
    let t = UInt128(a) &* UInt128(b) &+ UInt128(c) &+ UInt128(d)
    return (UInt64(truncatingIfNeeded: t >> 64), UInt64(truncatingIfNeeded: t))
}

/// `a + b + carry` (carry ∈ {0, 1}) with the outgoing carry as 0/1.
@inlinable @inline(__always)
func addCarry(_ a: UInt64, _ b: UInt64, _ carry: UInt64) -> (sum: UInt64, carry: UInt64) {
    let t = UInt128(a) &+ UInt128(b) &+ UInt128(carry)
    return (UInt64(truncatingIfNeeded: t), UInt64(truncatingIfNeeded: t >> 64))
}

/// `a − b − borrow` (borrow ∈ {0, 1}) with the outgoing borrow as 0/1.
@inlinable @inline(__always)
func subBorrow(_ a: UInt64, _ b: UInt64, _ borrow: UInt64) -> (difference: UInt64, borrow: UInt64) {
    let t = UInt128(a) &- UInt128(b) &- UInt128(borrow)
    return (UInt64(truncatingIfNeeded: t), UInt64(truncatingIfNeeded: t >> 64) & 1)
}
#else
/// `a·b + c + d` as a 128-bit (hi, lo) pair; cannot overflow since
/// (2⁶⁴−1)² + 2(2⁶⁴−1) = 2¹²⁸ − 1.
@inlinable @inline(__always)
func mulAdd(_ a: UInt64, _ b: UInt64, _ c: UInt64, _ d: UInt64) -> (hi: UInt64, lo: UInt64) {
    let (hi, lo) = a.multipliedFullWidth(by: b)
    let (s1, o1) = lo.addingReportingOverflow(c)
    let (s2, o2) = s1.addingReportingOverflow(d)
    return (hi &+ (o1 ? 1 : 0) &+ (o2 ? 1 : 0), s2)
}

/// `a + b + carry` (carry ∈ {0, 1}) with the outgoing carry as 0/1.
@inlinable @inline(__always)
func addCarry(_ a: UInt64, _ b: UInt64, _ carry: UInt64) -> (sum: UInt64, carry: UInt64) {
    let (s1, o1) = a.addingReportingOverflow(b)
    let (s2, o2) = s1.addingReportingOverflow(carry)
    return (s2, (o1 ? 1 : 0) | (o2 ? 1 : 0))
}

/// `a − b − borrow` (borrow ∈ {0, 1}) with the outgoing borrow as 0/1.
@inlinable @inline(__always)
func subBorrow(_ a: UInt64, _ b: UInt64, _ borrow: UInt64) -> (difference: UInt64, borrow: UInt64) {
    let (d1, o1) = a.subtractingReportingOverflow(b)
    let (d2, o2) = d1.subtractingReportingOverflow(borrow)
    return (d2, (o1 ? 1 : 0) | (o2 ? 1 : 0))
}

#endif

/// All-ones when `bit` is 1, zero when it is 0 (for masked selects).
@inlinable @inline(__always)
func maskFromBit(_ bit: UInt64) -> UInt64 { 0 &- bit }

/// 1 when `word` is zero, else 0, without a branch.
@inlinable @inline(__always)
func isZeroBit(_ word: UInt64) -> UInt64 { ((word | (0 &- word)) >> 63) ^ 1 }
