// Multi-scalar multiplication Σ [kᵢ]Pᵢ for public scalars and points (aggregation with
// coefficients, batch verification, Lagrange combination in the exponent): Pippenger's
// bucket method for many terms; for few, G1 uses separate endomorphism multiplications and G2
// one interleaved GLS run (G2InterleavedGLS.swift).

extension Scalar {
    /// The `count`-bit window of the scalar starting at bit `start` (variable time: public).
    @inlinable
    func window(start: Int, count: Int) -> Int {
        var v = 0
        for i in 0..<count where start + i < 256 { v |= Int(bit(start + i)) << i }
        return v
    }
}

extension ProjectivePoint {
    /// Pippenger's bucket method with `c`-bit unsigned windows. Variable time.
    @inlinable
    static func pippenger(_ points: [Self], _ scalars: [Scalar]) -> Self {
        let n = points.count
        var c = 2
        while (1 << (c + 1)) <= n / 2 + 1 && c < 15 { c += 1 }   // ≈ log₂(n) − 1
        let windows = (255 + c - 1) / c
        var result = Self.identityPoint
        var buckets = [Self](repeating: .identityPoint, count: (1 << c) - 1)
        for w in stride(from: windows - 1, through: 0, by: -1) {
            for _ in 0..<c { result = result.doubledPoint() }
            for b in buckets.indices { buckets[b] = .identityPoint }
            for i in 0..<n {
                let d = scalars[i].window(start: w * c, count: c)
                if d != 0 { buckets[d - 1] = buckets[d - 1].addingPoint(points[i]) }
            }
            var running = Self.identityPoint, sum = Self.identityPoint
            for b in stride(from: buckets.count - 1, through: 0, by: -1) {
                running = running.addingPoint(buckets[b])
                sum = sum.addingPoint(running)
            }
            result = result.addingPoint(sum)
        }
        return result
    }
}

/// Below this many terms, separate GLV/GLS multiplications beat Pippenger.
let pippengerThreshold = 24

extension G1Projective {
    /// Σ [kᵢ]Pᵢ for public scalars and points of G1 (variable time). Equal lengths required;
    /// the empty sum is the identity.
    public static func multiScalarMultiply(_ points: [G1Projective], _ scalars: [Scalar]) -> G1Projective {
        precondition(points.count == scalars.count, "multiScalarMultiply: \(points.count) points, \(scalars.count) scalars")
        if points.count >= pippengerThreshold { return pippenger(points, scalars) }
        var acc = G1Projective.identity
        for i in points.indices { acc = acc + points[i].multipliedVariableTime(by: scalars[i]) }
        return acc
    }
}

extension G2Projective {
    /// Σ [kᵢ]Pᵢ for public scalars and points of G2 (variable time; the points must be in G2).
    /// Equal lengths required; the empty sum is the identity.
    public static func multiScalarMultiply(_ points: [G2Projective], _ scalars: [Scalar]) -> G2Projective {
        precondition(points.count == scalars.count, "multiScalarMultiply: \(points.count) points, \(scalars.count) scalars")
        if points.count >= pippengerThreshold { return pippenger(points, scalars) }
        return interleavedGLS(points, scalars)
    }
}
