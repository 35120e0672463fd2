// Σ [kᵢ]Pᵢ in G2 for a few public scalars and points (Lagrange combination of threshold
// partial signatures, batch-verification coefficients): Straus–Shamir interleaving over the
// four-dimensional GLS decomposition of every scalar (Endomorphisms.swift), with width-5 NAF
// digits of each 64-bit part. One shared run of ≈ 64 doublings serves all 4·n parts, where n
// separate constant-time GLS multiplications cost 64 doublings, 64 additions and 64 masked
// table scans each. Variable time: public inputs only.

extension UInt64 {
    /// Width-w NAF of the value, least significant digit first (odd digits in
    /// (−2^(w−1), 2^(w−1))). Variable time.
    @inlinable
    func nafDigits(width: Int) -> [Int8] {
        // A 65-bit accumulator: adding a digit's magnitude back may carry out of 64 bits.
        var low = self, high: UInt64 = 0
        let window = UInt64(1) << UInt64(width)
        var digits: [Int8] = []
        digits.reserveCapacity(66)
        while low != 0 || high != 0 {
            var digit: Int64 = 0
            if low & 1 == 1 {
                let mod = Int64(low & (window - 1))
                digit = mod >= Int64(window / 2) ? mod - Int64(window) : mod
                if digit >= 0 {
                    let (d, borrow) = low.subtractingReportingOverflow(UInt64(digit))
                    low = d
                    if borrow { high -= 1 }
                } else {
                    let (s, carry) = low.addingReportingOverflow(UInt64(-digit))
                    low = s
                    if carry { high += 1 }
                }
            }
            digits.append(Int8(digit))
            low = low >> 1 | high << 63
            high >>= 1
        }
        return digits
    }
}

extension G2Projective {
    /// Odd multiples [1]B, [3]B, …, [15]B.
    @inlinable
    static func oddMultiples(_ base: G2Projective) -> [G2Projective] {
        var table = [base]
        table.reserveCapacity(8)
        let twice = base.doubledPoint()
        for _ in 1..<8 { table.append(table[table.count - 1].addingPoint(twice)) }
        return table
    }

    /// Σ [kᵢ]Pᵢ by interleaved GLS (see the file comment). Points must be in G2 (the
    /// endomorphism acts as [u] only there). Variable time.
    @usableFromInline
    static func interleavedGLS(_ points: [G2Projective], _ scalars: [Scalar]) -> G2Projective {
        var tables: [[G2Projective]] = []
        var digits: [[Int8]] = []
        tables.reserveCapacity(4 * points.count)
        digits.reserveCapacity(4 * points.count)
        for (point, scalar) in zip(points, scalars) {
            let (e0, e1, e2, e3) = scalar.baseAbsUDigits()
            // [k]P = e₀P + e₁(−ψ(P)) + e₂ψ²(P) + e₃(−ψ³(P)), and ψ commutes with [m].
            let t0 = oddMultiples(point)
            let psi1 = t0.map { $0.psi() }
            let psi2 = psi1.map { $0.psi() }
            tables += [t0, psi1.map { $0.negatedPoint() }, psi2, psi2.map { $0.psi().negatedPoint() }]
            digits += [e0, e1, e2, e3].map { $0.nafDigits(width: 5) }
        }
        let length = digits.map(\.count).max() ?? 0
        var acc = G2Projective.identityPoint
        for position in stride(from: length - 1, through: 0, by: -1) {
            acc = acc.doubledPoint()
            for part in digits.indices where position < digits[part].count {
                let d = Int(digits[part][position])
                if d > 0 {
                    acc = acc.addingPoint(tables[part][d / 2])
                } else if d < 0 {
                    acc = acc.addingPoint(tables[part][-d / 2].negatedPoint())
                }
            }
        }
        return acc
    }
}
