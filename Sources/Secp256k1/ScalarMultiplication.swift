// Scalar multiplication on secp256k1: a constant-time fixed-window method for secret
// scalars, and variable-time wNAF / Straus / Pippenger for public ones.

enum ScalarMultiplication {
    // MARK: Constant time (secret scalars)

    /// Window width of the constant-time method: 52 signed odd digits in [−31, 31].
    static let ctWindow = 5
    static let ctDigits = 52
    /// Entries of a constant-time table: P, 3P, …, 31P.
    static let ctTableSize = 16

    /// All-ones when a == b, else 0 (branch-free).
    @inline(__always) static func equalMask(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let x = a ^ b
        return ((x | (0 &- x)) >> 63) &- 1
    }

    /// d·P for an odd digit d ∈ [−31, 31], from `table` = [P, 3P, …, 31P], in constant
    /// time: every entry is read and combined with a mask (the secret index never
    /// addresses memory), then Y is negated under a mask when d < 0.
    @inline(__always)
    static func lookup(_ table: UnsafeBufferPointer<JacobianPoint>, _ d: Int64) -> JacobianPoint {
        let s = d >> 63                                    // −1 when d < 0, else 0
        let idx = UInt64(bitPattern: (d ^ s) &- s) >> 1      // (|d| − 1)/2 for odd d
        var r = JacobianPoint(x: .zero, y: .zero, z: .zero)
        for j in 0..<table.count {
            r = JacobianPoint.select(equalMask(UInt64(j), idx), table[j], r)
        }
        r.y = FieldElement.select(UInt64(bitPattern: s), -r.y, r.y)
        return r
    }

    /// Regular signed recoding (Joye–Tunstall, w = 5) of a secret k < n, branch-free:
    /// k' = k if k is odd, else n − k (odd since n is odd); then 52 odd digits
    /// dᵢ ∈ [−31, 31] with k' = Σ dᵢ·2^(5i): dᵢ = (k' mod 64) − 32, k' ← (k' >> 5) | 1
    /// (51 times), and the top digit is the remaining k' ∈ {1, 3}. Every digit is odd,
    /// hence non-zero, so every window does the same work. Returns the mask that is
    /// all-ones when k was even (the result must then be negated).
    @inline(__always)
    static func recode(_ k: U256, into digits: UnsafeMutableBufferPointer<Int64>) -> UInt64 {
        let evenMask = (k.l0 & 1) &- 1                      // all-ones when k is even
        var v = U256.select(evenMask, U256.sub(Modulus.order.m, k).0, k)
        for i in 0..<(ctDigits - 1) {
            digits[i] = Int64(v.l0 & 63) - 32
            v = v.shiftedRight(5)
            v.l0 |= 1
        }
        digits[ctDigits - 1] = Int64(bitPattern: v.l0)       // 1 or 3
        return evenMask
    }

    /// k·P in constant time for a secret k < n and `table` = [P, 3P, …, 31P] of a finite P.
    ///
    /// Method: fixed window, w = 5, over the regular signed recoding of ``recode(_:into:)``:
    /// acc = d₅₁·P; for i = 50…0: acc = 32·acc + dᵢ·P (five doublings, one constant-time
    /// table scan, one addition); finally negate under the mask when k was even.
    ///
    /// No exceptional case of the branch-free Jacobian addition can occur: with sⱼ the
    /// integer of the digits above position j (odd, so non-zero), the addition at
    /// position j − 1 ≥ 1 adds dⱼ₋₁P to 32·sⱼ·P, where 32 ≤ |32·sⱼ| ≤ k'/32 + 32 < n − 31; so
    /// 32·sⱼ ≢ ±dⱼ₋₁ (mod n) and the accumulator is never infinity. The last addition
    /// adds d₀P to (k' − d₀)P: it is P + (−P) exactly when k' = n, i.e. k = 0, and the
    /// formula then returns Z = 0, the right answer. The doubling case would need
    /// k' = n − 2|d₀| with d₀ < 0, but then d₀ = (k' mod 64) − 32 = 33 − 2|d₀| (n ≡ 1
    /// mod 64), i.e. |d₀| = 33, out of range — so it cannot occur. Correctness does not
    /// rest on that argument alone: 2·d₀P is computed as well and selected under the
    /// mask "H = 0 and R = 0" (one extra doubling). Every k in [0, n) runs the same
    /// instruction sequence.
    ///
    /// No branch and no memory address depends on k: the loop bounds are constants, the
    /// field kernel is branch-free (carries and the final subtraction are masks), and
    /// table entries are selected by masks after reading all of them. Checked by reading
    /// the disassembly of the release build (objdump of this function and of everything
    /// it calls: the only conditional jumps compare loop counters and the public table
    /// size; abs(d) compiles to cmov); see docs/security.md.
    @inline(never)
    static func multiplyConstantTime(table: UnsafeBufferPointer<JacobianPoint>, scalar k: U256) -> JacobianPoint {
        precondition(table.count == ctTableSize)
        var storage = [Int64](repeating: 0, count: ctDigits)
        return storage.withUnsafeMutableBufferPointer { digits -> JacobianPoint in
            let evenMask = recode(k, into: digits)
            var acc = lookup(table, digits[ctDigits - 1])
            for i in stride(from: ctDigits - 2, through: 1, by: -1) {
                acc = acc.doubled().doubled().doubled().doubled().doubled()
                acc = acc.addCore(lookup(table, digits[i])).sum
            }
            acc = acc.doubled().doubled().doubled().doubled().doubled()
            let t = lookup(table, digits[0])
            let (sum, hZero, rZero) = acc.addCore(t)
            acc = JacobianPoint.select(hZero & rZero, t.doubled(), sum)
            acc.y = FieldElement.select(evenMask, -acc.y, acc.y)
            for i in 0..<ctDigits { digits[i] = 0 }
            return acc
        }
    }

    /// d·2^(5i)·G for an odd digit d ∈ [−31, 31] from row i of the comb table, in
    /// constant time (all 16 entries read, masked select, masked negation).
    @inline(__always)
    static func lookupAffine(_ table: UnsafeBufferPointer<AffinePoint>, row: Int, _ d: Int64) -> AffinePoint {
        let s = d >> 63
        let idx = UInt64(bitPattern: (d ^ s) &- s) >> 1
        var x = FieldElement.zero, y = FieldElement.zero
        let base = row * ctTableSize
        for j in 0..<ctTableSize {
            let m = equalMask(UInt64(j), idx)
            x = FieldElement.select(m, table[base + j].x, x)
            y = FieldElement.select(m, table[base + j].y, y)
        }
        return AffinePoint(x: x, y: FieldElement.select(UInt64(bitPattern: s), -y, y))
    }

    /// The fixed-base table for G: row i (0 ≤ i < 52) holds (2j + 1)·2^(5i)·G for
    /// j = 0…15, in affine form (832 points, 53 KB), computed once (one inversion).
    static let generatorCombTable: [AffinePoint] = {
        var all: [JacobianPoint] = []
        all.reserveCapacity(ctDigits * ctTableSize)
        var base = JacobianPoint(x: Point.generatorX, y: Point.generatorY, z: .one)
        for _ in 0..<ctDigits {
            all += JacobianPoint.oddMultiples(base, count: ctTableSize)
            base = base.doubled().doubled().doubled().doubled().doubled()
        }
        return JacobianPoint.batchToAffine(all)
    }()

    /// k·G in constant time for a secret k < n, without doublings: with the recoding of
    /// ``recode(_:into:)``, k'·G = Σ dᵢ·(2^(5i)·G), each term read from row i of
    /// ``generatorCombTable`` by a constant-time scan and added with a branch-free mixed
    /// addition (51 additions), then negated under the mask when k was even.
    ///
    /// No exceptional case: before adding row i ≤ 50 the accumulator is s·G with
    /// s = Σ_{j<i} dⱼ2^(5j) odd (so non-zero) and |s| < 2^(5i); a clash s ≡ ±dᵢ2^(5i) (mod n)
    /// would need |s ∓ dᵢ2^(5i)| < 2^(5i+5) ≤ 2^255 < n to vanish as an integer, which
    /// |s| < 2^(5i) ≤ |dᵢ2^(5i)| forbids. The last addition (row 51, the weight 2^255 that
    /// exceeds n) can be degenerate — k' = n (k = 0) gives −T + T = O, which the formula
    /// returns; k' ≡ 2·d₅₁·2^255 gives T + T — so 2T is computed as well and selected under
    /// the mask "H = 0 and R = 0", exactly as in ``multiplyConstantTime(table:scalar:)``.
    @inline(never)
    static func generatorMultiplyConstantTime(_ k: U256) -> JacobianPoint {
        var storage = [Int64](repeating: 0, count: ctDigits)
        return storage.withUnsafeMutableBufferPointer { digits -> JacobianPoint in
            let evenMask = recode(k, into: digits)
            let acc = generatorCombTable.withUnsafeBufferPointer { table -> JacobianPoint in
                var acc = JacobianPoint(lookupAffine(table, row: 0, digits[0]))
                for i in 1..<(ctDigits - 1) {
                    acc = acc.addMixedCore(lookupAffine(table, row: i, digits[i])).sum
                }
                let t = lookupAffine(table, row: ctDigits - 1, digits[ctDigits - 1])
                let (sum, hZero, rZero) = acc.addMixedCore(t)
                return JacobianPoint.select(hZero & rZero, JacobianPoint(t).doubled(), sum)
            }
            for i in 0..<ctDigits { digits[i] = 0 }
            var r = acc
            r.y = FieldElement.select(evenMask, -r.y, r.y)
            return r
        }
    }

    /// k·P in constant time for a secret k (P is public). Builds P's table (one doubling
    /// and 15 additions, branch-free), or uses the fixed-base comb for G.
    static func multiplySecret(_ p: JacobianPoint, _ k: U256, isGenerator: Bool) -> JacobianPoint {
        if isGenerator { return generatorMultiplyConstantTime(k) }
        let table = JacobianPoint.oddMultiples(p, count: ctTableSize)
        return table.withUnsafeBufferPointer { multiplyConstantTime(table: $0, scalar: k) }
    }

    // MARK: Variable time (public scalars)

    /// Width-w NAF of k (k < 2^256): 257 digits, each 0 or odd with |d| < 2^(w−1), and
    /// at most one non-zero in any w consecutive digits. VARIABLE TIME.
    static func wnaf(_ k: U256, width w: Int) -> [Int16] {
        var out = [Int16](repeating: 0, count: 257)
        var v = k
        var i = 0
        let full = UInt64(1) << UInt64(w), half = full >> 1
        while v.isZeroMask == 0 {
            if v.l0 & 1 == 1 {
                let m = v.l0 & (full - 1)
                if m >= half {
                    out[i] = -Int16(full - m)
                    v = U256.add(v, U256(full - m, 0, 0, 0)).0
                } else {
                    out[i] = Int16(m)
                    v = U256.sub(v, U256(m, 0, 0, 0)).0
                }
            }
            v = v.shiftedRight(1)
            i += 1
        }
        return out
    }

    /// Width of the wNAF for arbitrary points (tables of 8 odd multiples).
    static let pointWindow = 5
    /// Width of the wNAF for G (a precomputed affine table of 64 odd multiples).
    static let generatorWindow = 8

    /// [G, 3G, …, 127G] in affine form, computed once.
    static let generatorWNAFTable: [AffinePoint] = {
        let g = JacobianPoint(x: Point.generatorX, y: Point.generatorY, z: .one)
        return JacobianPoint.batchToAffine(JacobianPoint.oddMultiples(g, count: 1 << (generatorWindow - 2)))
    }()

    /// [λG, 3λG, …, 127λG] (λG = (β·Gx, Gy)), computed once.
    static let generatorLambdaWNAFTable: [AffinePoint] = generatorWNAFTable.map(GLV.apply)

    /// g·G + Σ kᵢ·Pᵢ for PUBLIC scalars and points by Straus's interleaved wNAF method
    /// (one shared chain of doublings), with every scalar split by the GLV endomorphism
    /// into two halves of at most 128 bits (k·P = k₁·P + k₂·λP), which halves the
    /// doublings. VARIABLE TIME.
    static func straus(generatorScalar g: Scalar?, points: [JacobianPoint], scalars: [Scalar]) -> JacobianPoint {
        var nafs: [[Int16]] = []
        var tables: [[JacobianPoint]] = []
        var top = -1
        func add(_ k: U256, _ negate: Bool, width: Int) -> [Int16]? {
            if k.isZeroMask != 0 { return nil }
            var naf = wnaf(k, width: width)
            if negate { for i in naf.indices { naf[i] = -naf[i] } }
            top = max(top, naf.lastIndex(where: { $0 != 0 }) ?? -1)
            return naf
        }
        for (p, k) in zip(points, scalars) where !p.isInfinity && !k.isZero {
            let (k1, n1, k2, n2) = GLV.split(k)
            let table = JacobianPoint.oddMultiples(p, count: 1 << (pointWindow - 2))
            if let naf = add(k1, n1, width: pointWindow) { nafs.append(naf); tables.append(table) }
            if let naf = add(k2, n2, width: pointWindow) { nafs.append(naf); tables.append(table.map(GLV.apply)) }
        }
        var gnafs: [([Int16], [AffinePoint])] = []
        if let g, !g.isZero {
            let (k1, n1, k2, n2) = GLV.split(g)
            if let naf = add(k1, n1, width: generatorWindow) { gnafs.append((naf, generatorWNAFTable)) }
            if let naf = add(k2, n2, width: generatorWindow) { gnafs.append((naf, generatorLambdaWNAFTable)) }
        }
        if top < 0 { return .infinity }
        var acc = JacobianPoint.infinity
        for i in stride(from: top, through: 0, by: -1) {
            if !acc.isInfinity { acc = acc.doubled() }
            for (naf, table) in gnafs {
                let d = Int(naf[i])
                if d > 0 { acc = acc.adding(table[d >> 1]) } else if d < 0 { acc = acc.adding(table[(-d) >> 1].negated) }
            }
            for j in 0..<nafs.count {
                let d = Int(nafs[j][i])
                if d > 0 { acc = acc.adding(tables[j][d >> 1]) } else if d < 0 { acc = acc.adding(tables[j][(-d) >> 1].negated) }
            }
        }
        return acc
    }

    /// Σ kᵢ·Pᵢ by Pippenger's bucket method. VARIABLE TIME. Each scalar is split by GLV
    /// (k·P = k₁·P + k₂·λP, |kⱼ| < 2^128, signs folded into the points), the 2m points
    /// are made affine with one inversion (buckets use mixed additions), and the
    /// 128-bit halves are cut into signed c-bit digits in [−2^(c−1), 2^(c−1)], so there
    /// are 2^(c−1) buckets per window; c minimises windows × (points + 2·buckets).
    static func pippenger(points: [JacobianPoint], scalars: [Scalar]) -> JacobianPoint {
        var pts: [JacobianPoint] = []
        var ks: [Scalar] = []
        for (p, k) in zip(points, scalars) where !p.isInfinity && !k.isZero {
            pts.append(p); ks.append(k)
        }
        if pts.isEmpty { return .infinity }
        let affine = JacobianPoint.batchToAffine(pts)
        var bases: [AffinePoint] = []
        var mags: [U256] = []
        bases.reserveCapacity(2 * affine.count); mags.reserveCapacity(2 * affine.count)
        for (a, k) in zip(affine, ks) {
            let (k1, n1, k2, n2) = GLV.split(k)
            if k1.isZeroMask == 0 { bases.append(n1 ? a.negated : a); mags.append(k1) }
            if k2.isZeroMask == 0 { let l = GLV.apply(a); bases.append(n2 ? l.negated : l); mags.append(k2) }
        }
        let m = bases.count
        let bitsLen = 128
        var c = 2, best = Int.max
        for cand in 2...16 {
            let windows = bitsLen / cand + 1
            let cost = windows * (m + 2 * (1 << (cand - 1)))
            if cost < best { best = cost; c = cand }
        }
        let windows = bitsLen / c + 1
        // Signed digits, window-major: digits[w * m + i].
        var digits = [Int32](repeating: 0, count: windows * m)
        let half = Int32(1) << Int32(c - 1)
        for i in 0..<m {
            var carry: Int32 = 0
            for w in 0..<windows {
                let off = w * c
                var d = (off < 256 ? Int32(mags[i].bits(off, min(c, 256 - off))) : 0) + carry
                carry = d > half ? 1 : 0
                d -= carry << Int32(c)
                digits[w * m + i] = d
            }
        }
        var buckets = [JacobianPoint](repeating: .infinity, count: 1 << (c - 1))
        var acc = JacobianPoint.infinity
        for w in stride(from: windows - 1, through: 0, by: -1) {
            if !acc.isInfinity { for _ in 0..<c { acc = acc.doubled() } }
            for b in 0..<buckets.count { buckets[b] = .infinity }
            for i in 0..<m {
                let d = Int(digits[w * m + i])
                if d > 0 { buckets[d - 1] = buckets[d - 1].adding(bases[i]) }
                else if d < 0 { buckets[-d - 1] = buckets[-d - 1].adding(bases[i].negated) }
            }
            var running = JacobianPoint.infinity, sum = JacobianPoint.infinity
            for b in stride(from: buckets.count - 1, through: 0, by: -1) {
                running = running.adding(buckets[b])
                sum = sum.adding(running)
            }
            acc = acc.adding(sum)
        }
        return acc
    }

    /// From this many (non-trivial) terms on, ``pippenger(points:scalars:)`` is used
    /// (measured on the 2-core dev machine: per point, Straus ≈ 12 µs flat, Pippenger
    /// 11.2 µs at 32, 9.6 µs at 64, 7.2 µs at 256, 5.9 µs at 1024).
    static let pippengerThreshold = 32
}
