// Constant-time fixed-base multiplication for the generators: [k]G from a table of
// precomputed affine multiples, built once (lazily, on first use) per group.
//
// Signed 6-bit windows: k (< r < 2²⁵⁵) is recoded as Σ_{i<43} d_i·2^(6i) with
// d_i ∈ [−32, 32] (Booth-style: a window value v = bits + carry above 32 becomes v − 64
// with a carry of 1 into the next window; the top window holds at most 8, so no carry
// leaves it). The table holds the affine points j·2^(6i)·G for i < 43, j = 1…32, and
// [k]G = Σ_i sign(d_i)·T[i][|d_i|]: 43 mixed additions (RCB Algorithm 8), no doublings.
//
// Constant time: the recoding uses masks only (no branch on bits of k); the table
// addresses read depend only on the public loop indices — for every window all 32 entries
// are read and the wanted one kept by masked selects (`isZeroBit(j ^ |d_i|)`); the sign
// is applied as a masked select between y and −y; a zero digit is handled by computing
// the sum anyway and selecting the old accumulator under a mask. The mixed addition is
// complete in the accumulator (identity, ±Q), so there is no value-dependent branch.
// Size: 43·32 affine points — 129 KiB for G1, 258 KiB for G2.

/// The precomputed table of one generator, as two flat coordinate arrays indexed by
/// 32·i + (j − 1).
final class FixedBaseTable<Point: ProjectivePoint>: Sendable {
    static var windowBits: Int { 6 }
    static var windows: Int { 43 }                    // ⌈255 / 6⌉
    static var entries: Int { 32 }                    // 2^(windowBits − 1)

    let xs: [Point.Field]
    let ys: [Point.Field]

    init(generator g: Point) {
        // Projective multiples, then one batch normalisation (Montgomery's trick).
        var points: [Point] = []
        points.reserveCapacity(Self.windows * Self.entries)
        var base = g                                    // 2^(6i)·G
        for _ in 0..<Self.windows {
            var m = base
            points.append(m)
            for _ in 2...Self.entries { m = m.addingPoint(base); points.append(m) }
            for _ in 0..<Self.windowBits { base = base.doubledPoint() }
        }
        // prefix[i] = z₀·…·z_{i−1}; no z is zero (j·2^(6i) ≢ 0 mod r for j ∈ [1, 32]).
        var prefix = [Point.Field](repeating: .one, count: points.count + 1)
        for i in points.indices { prefix[i + 1] = prefix[i] * points[i].z }
        var inv = prefix[points.count].inverse()
        var xs = [Point.Field](repeating: .zero, count: points.count)
        var ys = xs
        for i in points.indices.reversed() {
            let zInv = inv * prefix[i]
            inv = inv * points[i].z
            xs[i] = points[i].x * zInv
            ys[i] = points[i].y * zInv
        }
        self.xs = xs
        self.ys = ys
    }

    /// [k]G in constant time (see the file comment).
    func multiple(_ k: Scalar) -> Point {
        let l = k.limbs
        return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 5) { kw in
            kw[0] = l.0; kw[1] = l.1; kw[2] = l.2; kw[3] = l.3; kw[4] = 0
            return xs.withUnsafeBufferPointer { xs in
                ys.withUnsafeBufferPointer { ys in
                    var acc = Point.identityPoint
                    var carry: UInt64 = 0
                    for i in 0..<Self.windows {
                        let pos = 6 * i, word = pos >> 6, shift = UInt64(pos & 63)
                        var bits = kw[word] >> shift
                        if shift > 58 { bits |= kw[word + 1] << (64 - shift) }   // public condition
                        let v = (bits & 63) &+ carry                              // 0…64
                        let negative = (UInt64(32) &- v) >> 63                   // v > 32
                        let mask = 0 &- negative
                        let magnitude = (v & ~mask) | ((64 &- v) & mask)          // |d_i| ∈ 0…32
                        carry = negative
                        let row = Self.entries * i
                        var ex = xs[row], ey = ys[row]
                        for j in 1..<Self.entries {
                            let hit = isZeroBit(UInt64(j + 1) ^ magnitude)
                            ex = .select(ex, xs[row + j], hit)
                            ey = .select(ey, ys[row + j], hit)
                        }
                        ey = .select(ey, -ey, negative)
                        let sum = acc.addingAffinePoint(ex, ey)
                        acc = .selectPoint(sum, acc, isZeroBit(magnitude))
                    }
                    return acc
                }
            }
        }
    }
}

/// Built on first use (Swift globals are initialised lazily and thread-safely).
let g1GeneratorTable = FixedBaseTable(generator: G1Projective.generator)
let g2GeneratorTable = FixedBaseTable(generator: G2Projective.generator)

extension G1Projective {
    /// [k]G₁ for the standard generator, in constant time (secret k), from a precomputed
    /// 129 KiB table (43 mixed additions, no doublings). SkToPk and DKG commitments g^a.
    public static func generatorMultiplied(by k: Scalar) -> G1Projective { g1GeneratorTable.multiple(k) }
}

extension G2Projective {
    /// [k]G₂ for the standard generator, in constant time (secret k), from a precomputed
    /// 258 KiB table (43 mixed additions, no doublings).
    public static func generatorMultiplied(by k: Scalar) -> G2Projective { g2GeneratorTable.multiple(k) }
}
