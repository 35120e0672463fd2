import Sharing

/// The coefficients of the unique polynomial of degree `< points.count` through the given
/// points (distinct indices ≥ 1): `Σ_m y_m · Π_{l≠m} (z − x_l)/(x_m − x_l)`, expanded.
/// `O(k²)`; used on public values only (GJKR Fig. 2, step 4(c): "reconstruct `f_i(z)`
/// and compute `A_ik = g^{a_ik}`").
enum PolynomialInterpolation {
    static func coefficients<S: GroupScalar>(_ points: [(index: Int, value: S)]) -> [S] {
        let k = points.count
        precondition(k >= 1)
        let xs = points.map { S(UInt64($0.index)) }
        // master(z) = Π (z − x_m), coefficients lowest degree first, degree k.
        var master = [S](repeating: .zero, count: k + 1)
        master[0] = .one
        for (deg, x) in xs.enumerated() {
            // multiply by (z − x)
            var next = [S](repeating: .zero, count: k + 1)
            for d in 0...deg {
                next[d + 1] = next[d + 1] + master[d]
                next[d] = next[d] - x * master[d]
            }
            master = next
        }
        var out = [S](repeating: .zero, count: k)
        for m in 0..<k {
            // q(z) = master(z) / (z − x_m) by synthetic division (degree k − 1).
            var q = [S](repeating: .zero, count: k)
            var carry = master[k]
            for d in stride(from: k - 1, through: 0, by: -1) {
                q[d] = carry
                carry = master[d] + carry * xs[m]
            }
            var denom = S.one
            for l in 0..<k where l != m { denom = denom * (xs[m] - xs[l]) }
            guard let inv = denom.inverse() else { preconditionFailure("duplicate interpolation index") }
            let scale = points[m].value * inv
            for d in 0..<k { out[d] = out[d] + scale * q[d] }
        }
        return out
    }
}
