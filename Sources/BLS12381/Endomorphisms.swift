// Constant-time scalar multiplication through the curve endomorphisms (GLV/GLS):
// Galbraith–Lin–Scott, "Endomorphisms for faster elliptic curve cryptography on a large
// class of curves" (eprint 2008/194). For BLS12-381 the decompositions need no lattice
// reduction, because r = u⁴ − u² + 1 < |u|⁴:
//
//   k = e₀ + e₁|u| + e₂|u|² + e₃|u|³  (base-|u| digits, each < 2⁶⁴)
//
//   G2: ψ acts on G2 as [u] = −[|u|], so [k]P = e₀P − e₁ψ(P) + e₂ψ²(P) − e₃ψ³(P):
//       64 doublings instead of 256.
//   G1: φ acts on G1 as [−u²], so with k₁ = e₀ + e₁|u|, k₂ = e₂ + e₃|u| (each < 2¹²⁸),
//       [k]P = k₁P − k₂φ(P): 128 doublings instead of 256.
//
// Both are correct only for points in the prime-order subgroups, where the endomorphisms
// act as those scalars.

extension Scalar {
    /// The base-|u| digits (e₀, e₁, e₂, e₃) of the scalar, by bitwise long division with
    /// masked subtraction (no hardware division, whose latency can depend on the operands;
    /// no branches on the scalar).
    @usableFromInline
    func baseAbsUDigits() -> (UInt64, UInt64, UInt64, UInt64) {
        var n: [UInt64] = [limbs.0, limbs.1, limbs.2, limbs.3]
        var digits: [UInt64] = []
        for _ in 0..<3 {
            let (q, r) = Scalar.divideByAbsU(n)
            digits.append(r)
            n = q
        }
        digits.append(n[0])   // < |u| because k < r < |u|⁴
        return (digits[0], digits[1], digits[2], digits[3])
    }

    /// (⌊n / |u|⌋, n mod |u|) for a 256-bit n, constant time.
    static func divideByAbsU(_ n: [UInt64]) -> ([UInt64], UInt64) {
        let d: UInt64 = 0xd201000000010000
        var q: [UInt64] = [0, 0, 0, 0]
        var rem: UInt64 = 0
        for i in stride(from: 255, through: 0, by: -1) {
            let top = rem >> 63                       // the shifted value is ≥ 2⁶⁴ > d
            rem = rem << 1 | (n[i >> 6] >> UInt64(i & 63)) & 1
            let (diff, borrow) = subBorrow(rem, d, 0)
            let take = top | (borrow ^ 1)
            rem = rem ^ ((rem ^ diff) & maskFromBit(take))
            q[i >> 6] |= take << UInt64(i & 63)
        }
        return (q, rem)
    }
}

extension ProjectivePoint {
    /// Σ [kᵢ]Bᵢ for secret multi-limb scalars over precomputed tables (tables[16·i + j] =
    /// [j]Bᵢ), fixed 4-bit windows, each table entry read with masks for every window.
    @inlinable
    static func constantTimeMultiScalar(tables: UnsafeMutableBufferPointer<Self>, scalars: [[UInt64]]) -> Self {
        let windows = scalars[0].count * 16
        var acc = Self.identityPoint
        for w in stride(from: windows - 1, through: 0, by: -1) {
            acc = acc.doubledPoint().doubledPoint().doubledPoint().doubledPoint()
            for (b, limbs) in scalars.enumerated() {
                let window = Int((limbs[w >> 4] >> UInt64((w & 15) * 4)) & 0xf)
                var entry = Self.identityPoint
                for j in 0..<16 { entry = .selectPoint(entry, tables[16 * b + j], isZeroBit(UInt64(j ^ window))) }
                acc = acc.addingPoint(entry)
            }
        }
        return acc
    }

    /// [0]P … [15]P into `table[offset ..< offset + 16]`.
    @inlinable
    func fillMultiples(_ table: UnsafeMutableBufferPointer<Self>, at offset: Int) {
        table[offset] = .identityPoint
        table[offset + 1] = self
        for i in 2..<16 {
            table[offset + i] = (i & 1 == 0) ? table[offset + i / 2].doubledPoint() : table[offset + i - 1].addingPoint(self)
        }
    }
}

extension G2Projective {
    /// [k]P by the four-dimensional GLS decomposition (P must be in G2), constant time.
    @usableFromInline
    func glsMultiple(_ k: Scalar) -> G2Projective {
        let (e0, e1, e2, e3) = k.baseAbsUDigits()
        return withUnsafeTemporaryAllocation(of: G2Projective.self, capacity: 64) { t in
            fillMultiples(t, at: 0)
            for j in 0..<16 {
                let psi1 = t[j].psi()
                let psi2 = psi1.psi()
                t[16 + j] = -psi1                 // [j]·(−ψ(P)) = [j|u|]P
                t[32 + j] = psi2                  // [j|u|²]P
                t[48 + j] = -psi2.psi()           // [j|u|³]P
            }
            return .constantTimeMultiScalar(tables: t, scalars: [[e0], [e1], [e2], [e3]])
        }
    }
}

extension G1Projective {
    /// [k]P by the two-dimensional GLV decomposition (P must be in G1), constant time.
    @usableFromInline
    func glvMultiple(_ k: Scalar) -> G1Projective {
        let (e0, e1, e2, e3) = k.baseAbsUDigits()
        // k₁ = e₀ + e₁|u| and k₂ = e₂ + e₃|u| as 128-bit (lo, hi) pairs.
        func combine(_ lo: UInt64, _ hi: UInt64) -> [UInt64] {
            let (h, l) = mulAdd(hi, 0xd201000000010000, lo, 0)
            return [l, h]
        }
        let k1 = combine(e0, e1), k2 = combine(e2, e3)
        return withUnsafeTemporaryAllocation(of: G1Projective.self, capacity: 32) { t in
            fillMultiples(t, at: 0)
            for j in 0..<16 { t[16 + j] = -t[j].phi() }   // [j]·(−φ(P)) = [j·u²]P
            return .constantTimeMultiScalar(tables: t, scalars: [k1, k2])
        }
    }
}
