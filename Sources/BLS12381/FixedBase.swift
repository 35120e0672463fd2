// Constant-time fixed-base multiplication for the generators: [k]G from a table of
// precomputed affine multiples, built once (lazily, on first use) per group.
//
// Table: for every 4-bit window position w = 0…63 and digit j = 1…15 the affine point
// j·16^w·G (entry j = 0 holds a dummy, G itself). With k = Σ k_w·16^w (k < r < 2²⁵⁶),
// [k]G = Σ_w T[w][k_w]: 64 mixed additions (RCB Algorithm 8), no doublings.
//
// Constant time: the table addresses that are read depend only on the public loop
// indices — for every window all 16 entries are read and the wanted one is kept with
// masked selects (`isZeroBit(j ^ k_w)`); a zero digit is handled by computing the sum
// anyway and selecting the old accumulator under a mask. The mixed addition is complete
// in the accumulator (identity, ±Q), so there is no value-dependent branch.
// Size: 64·16 affine points — 96 KiB for G1, 192 KiB for G2.

/// The precomputed table of one generator, as two flat coordinate arrays indexed by
/// 16·w + j.
final class FixedBaseTable<Point: ProjectivePoint>: Sendable {
    let xs: [Point.Field]
    let ys: [Point.Field]

    init(generator g: Point) {
        // Projective multiples, then one batch normalisation (Montgomery's trick).
        var points: [Point] = []
        points.reserveCapacity(64 * 16)
        var base = g                                    // 16^w·G
        for _ in 0..<64 {
            points.append(g)                            // dummy for digit 0 (never used)
            var m = base
            points.append(m)
            for _ in 2..<16 { m = m.addingPoint(base); points.append(m) }
            base = base.doubledPoint().doubledPoint().doubledPoint().doubledPoint()
        }
        // prefix[i] = z₀·…·z_{i−1}; no z is zero (j·16^w ≢ 0 mod r for j ∈ [1, 15]).
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
        xs.withUnsafeBufferPointer { xs in
            ys.withUnsafeBufferPointer { ys in
                var acc = Point.identityPoint
                for w in 0..<64 {
                    let digit = UInt64(k.nibble(w))
                    var ex = xs[16 * w], ey = ys[16 * w]
                    for j in 1..<16 {
                        let hit = isZeroBit(UInt64(j) ^ digit)
                        ex = .select(ex, xs[16 * w + j], hit)
                        ey = .select(ey, ys[16 * w + j], hit)
                    }
                    let sum = acc.addingAffinePoint(ex, ey)
                    acc = .selectPoint(sum, acc, isZeroBit(digit))
                }
                return acc
            }
        }
    }
}

/// Built on first use (Swift globals are initialised lazily and thread-safely).
let g1GeneratorTable = FixedBaseTable(generator: G1Projective.generator)
let g2GeneratorTable = FixedBaseTable(generator: G2Projective.generator)

extension G1Projective {
    /// [k]G₁ for the standard generator, in constant time (secret k), from a precomputed
    /// 96 KiB table (64 mixed additions, no doublings). SkToPk and DKG commitments g^a.
    public static func generatorMultiplied(by k: Scalar) -> G1Projective { g1GeneratorTable.multiple(k) }
}

extension G2Projective {
    /// [k]G₂ for the standard generator, in constant time (secret k), from a precomputed
    /// 192 KiB table (64 mixed additions, no doublings).
    public static func generatorMultiplied(by k: Scalar) -> G2Projective { g2GeneratorTable.multiple(k) }
}
