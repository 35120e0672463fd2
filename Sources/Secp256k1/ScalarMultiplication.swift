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

    /// k·P in constant time for a secret k < n and `table` = [P, 3P, …, 31P] of a finite P.
    ///
    /// Method (fixed window, w = 5, regular signed recoding, Joye–Tunstall):
    /// 1. Make k odd without branching: k' = k if k is odd, else n − k (odd since n is odd),
    ///    and remember to negate the result (a masked select of −Y).
    /// 2. Recode k' into 52 odd digits dᵢ ∈ [−31, 31]: dᵢ = (k' mod 64) − 32,
    ///    k' ← (k' >> 5) | 1 (51 times), the top digit is the remaining k' ∈ {1, 3}.
    ///    Every digit is non-zero, so every window does the same work: 5 doublings, one
    ///    constant-time table scan, one addition.
    /// 3. acc = d₅₁·P; for i = 50…0: acc = 32·acc + dᵢ·P.
    ///
    /// No exceptional case of the branch-free Jacobian addition can occur: with sⱼ the
    /// integer of the digits above position j (odd, so non-zero), the addition at
    /// position j − 1 ≥ 1 adds dⱼ₋₁P to 32·sⱼ·P, where 32 ≤ |32·sⱼ| ≤ k'/32 + 32 < n − 31; so
    /// 32·sⱼ ≢ ±dⱼ₋₁ (mod n) and the accumulator is never infinity. Only the very last
    /// addition can be degenerate (e.g. k' = n − 2|d₀| gives acc = d₀P = the addend, and
    /// k' = n, i.e. k = 0, gives acc = −d₀P); it is computed together with 2·d₀P, and the
    /// doubling is selected under the mask "H = 0 and R = 0", while Q + (−Q) already
    /// yields Z = 0. Thus every k in [0, n) is handled with the same instruction sequence.
    ///
    /// No branch and no memory address depends on k: the loop bounds are constants, the
    /// field kernel is branch-free (masked selects), and table entries are selected by
    /// masks. (Checked by reading the disassembly of this function in the release build:
    /// its only conditional jumps are the fixed loop counters; see docs/security.md.)
    @inline(never)
    static func multiplyConstantTime(table: UnsafeBufferPointer<JacobianPoint>, scalar k: U256) -> JacobianPoint {
        precondition(table.count == ctTableSize)
        let n = Modulus.order.m
        let evenMask = (k.l0 & 1) &- 1                      // all-ones when k is even
        var v = U256.select(evenMask, U256.sub(n, k).0, k)
        var storage = [Int64](repeating: 0, count: ctDigits)
        return storage.withUnsafeMutableBufferPointer { digits -> JacobianPoint in
            for i in 0..<(ctDigits - 1) {
                digits[i] = Int64(v.l0 & 63) - 32
                v = v.shiftedRight(5)
                v.l0 |= 1
            }
            digits[ctDigits - 1] = Int64(v.l0)
            v = .zero
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

    /// The constant-time table [G, 3G, …, 31G], computed once.
    static let generatorCTTable: [JacobianPoint] = {
        let g = JacobianPoint(x: Point.generatorX, y: Point.generatorY, z: .one)
        return JacobianPoint.batchToAffine(JacobianPoint.oddMultiples(g, count: ctTableSize)).map(JacobianPoint.init)
    }()

    /// k·P in constant time for a secret k (P is public). Builds P's table (one doubling
    /// and 15 additions, branch-free), or uses the precomputed one for G.
    static func multiplySecret(_ p: JacobianPoint, _ k: U256, isGenerator: Bool) -> JacobianPoint {
        if isGenerator {
            return generatorCTTable.withUnsafeBufferPointer { multiplyConstantTime(table: $0, scalar: k) }
        }
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

    /// Σ kᵢ·Pᵢ by Pippenger's bucket method (unsigned c-bit windows; points converted to
    /// affine with one inversion so buckets use mixed additions). VARIABLE TIME.
    static func pippenger(points: [JacobianPoint], scalars: [U256]) -> JacobianPoint {
        var pts: [JacobianPoint] = []
        var ks: [U256] = []
        for (p, k) in zip(points, scalars) where !p.isInfinity && k.isZeroMask == 0 {
            pts.append(p); ks.append(k)
        }
        if pts.isEmpty { return .infinity }
        let affine = JacobianPoint.batchToAffine(pts)
        let n = affine.count
        var log2n = 0
        while (1 << (log2n + 1)) <= n { log2n += 1 }
        let c = min(max(log2n - 1, 4), 14)
        let windows = (256 + c - 1) / c
        var buckets = [JacobianPoint](repeating: .infinity, count: (1 << c) - 1)
        var acc = JacobianPoint.infinity
        for w in stride(from: windows - 1, through: 0, by: -1) {
            if !acc.isInfinity { for _ in 0..<c { acc = acc.doubled() } }
            for b in 0..<buckets.count { buckets[b] = .infinity }
            let offset = w * c, width = min(c, 256 - offset)
            for i in 0..<n {
                let d = ks[i].bits(offset, width)
                if d != 0 { buckets[d - 1] = buckets[d - 1].adding(affine[i]) }
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

    /// From this many (non-trivial) terms on, ``pippenger(points:scalars:)`` is used.
    static let pippengerThreshold = 64
}
