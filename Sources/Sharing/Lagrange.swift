/// Lagrange interpolation over a prime field and "in the exponent" of a prime-order group.
///
/// For a set `I` of distinct share indices, the Lagrange coefficient of `i ∈ I` at `x` is
/// `λ_i(x) = Π_{j ∈ I, j ≠ i} (x − j) / (i − j)`, so that `f(x) = Σ λ_i(x) f(i)` for every
/// polynomial of degree `< |I|`. At `x = 0` this gives the secret from shares (Shamir
/// reconstruction, threshold ECDSA's conversion of Shamir shares to additive ones) and,
/// applied to group elements, the group public key or a combined threshold signature
/// from partials.
///
/// Indices are public, so the coefficient computation may run in variable time; the
/// share values multiplied by them are secret and only pass through field arithmetic.
public enum Lagrange {
    /// Checks an index set: not empty; every index in `1…shareCount` (or
    /// `1…Shamir.maxShareCount` when `shareCount` is nil); no index repeated, also not
    /// modulo the group order (only possible for toy groups of order ≤ 1024).
    ///
    /// Why each check: index 0 is the secret's position, and a "share at 0" would be the
    /// secret itself; negative or oversized indices are not committee positions; a
    /// repeated index makes a denominator `i − j` zero.
    /// - Throws: `notEnoughShares(needed: 1, got: 0)` for an empty set,
    ///   `invalidThreshold` for a `shareCount` outside `1…1024`, `invalidIndex`,
    ///   `duplicateIndex`.
    public static func validate(indices: [Int], shareCount: Int? = nil) throws(SharingError) {
        guard !indices.isEmpty else { throw .notEnoughShares(needed: 1, got: 0) }
        let bound: Int
        if let n = shareCount {
            guard n >= 1, n <= Shamir.maxShareCount else { throw .invalidThreshold(t: indices.count, n: n) }
            bound = n
        } else {
            bound = Shamir.maxShareCount
        }
        var seen = Set<Int>()
        seen.reserveCapacity(indices.count)
        for i in indices {
            guard i >= 1, i <= bound else { throw .invalidIndex(i) }
            guard seen.insert(i).inserted else { throw .duplicateIndex(i) }
        }
    }

    /// Same as `validate(indices:shareCount:)`, plus the check that the indices stay
    /// distinct and non-zero as elements of `S` (a field of order ≤ 1024 could wrap).
    static func validatedScalars<S: GroupScalar>(_ indices: [Int], shareCount: Int?, as _: S.Type) throws(SharingError) -> [S] {
        try validate(indices: indices, shareCount: shareCount)
        var seen = Set<S>()
        var xs = [S]()
        xs.reserveCapacity(indices.count)
        for i in indices {
            let x = S.ofIndex(i)
            guard !x.isZero else { throw .invalidIndex(i) }
            guard seen.insert(x).inserted else { throw .duplicateIndex(i) }
            xs.append(x)
        }
        return xs
    }

    /// The coefficients `λ_i(0) = Π_{j ≠ i} j / (j − i)`, in the order of `indices`.
    /// `Σ λ_i(0) f(i) = f(0)` for every polynomial of degree `< indices.count`.
    /// - Parameter shareCount: when given, indices above it are refused too.
    /// - Throws: see `validate(indices:shareCount:)`.
    public static func coefficientsAtZero<S: GroupScalar>(indices: [Int], shareCount: Int? = nil) throws(SharingError) -> [S] {
        try coefficients(indices: indices, at: S.zero, shareCount: shareCount)
    }

    /// The coefficients `λ_i(x) = Π_{j ≠ i} (x − j) / (i − j)`, in the order of `indices`.
    /// `Σ λ_i(x) f(i) = f(x)` for every polynomial of degree `< indices.count`.
    ///
    /// Cost: `O(k²)` multiplications and one field inversion for `k` indices
    /// (the barycentric weights `1/Π_{j≠i}(x_i − x_j)`, inverted together with
    /// Montgomery's trick), then `O(k)` for the numerators.
    /// - Throws: see `validate(indices:shareCount:)`.
    public static func coefficients<S: GroupScalar>(indices: [Int], at x: S, shareCount: Int? = nil) throws(SharingError) -> [S] {
        let xs = try validatedScalars(indices, shareCount: shareCount, as: S.self)
        guard let weights = barycentricWeights(xs) else {
            // Unreachable after validation (distinct field elements).
            throw .duplicateIndex(indices[0])
        }
        return coefficients(xs: xs, weights: weights, at: x)
    }

    /// The barycentric weights `w_i = 1 / Π_{j≠i} (x_i − x_j)`: `O(k²)` multiplications
    /// and one inversion (Montgomery's trick). Nil when two `x_i` coincide.
    static func barycentricWeights<S: GroupScalar>(_ xs: [S]) -> [S]? {
        var denominators = [S](repeating: .one, count: xs.count)
        for i in xs.indices {
            var d = S.one
            for j in xs.indices where j != i { d = d * (xs[i] - xs[j]) }
            denominators[i] = d
        }
        return batchInverse(denominators)
    }

    /// `λ_i(x) = w_i · Π_{j≠i} (x − x_j)`, the numerators from prefix and suffix
    /// products: `O(k)` for each new point `x` once the weights are known.
    static func coefficients<S: GroupScalar>(xs: [S], weights: [S], at x: S) -> [S] {
        let k = xs.count
        var prefix = [S](repeating: .one, count: k + 1)
        for j in 0..<k { prefix[j + 1] = prefix[j] * (x - xs[j]) }
        var suffix = S.one
        var out = [S](repeating: .zero, count: k)
        for i in stride(from: k - 1, through: 0, by: -1) {
            out[i] = prefix[i] * suffix * weights[i]
            suffix = suffix * (x - xs[i])
        }
        return out
    }

    /// Inverts every element with one field inversion (Montgomery's trick); nil when
    /// any element is zero. Inputs are public (index differences).
    static func batchInverse<S: GroupScalar>(_ values: [S]) -> [S]? {
        guard !values.isEmpty else { return [] }
        var prefix = [S]()
        prefix.reserveCapacity(values.count)
        var acc = S.one
        for v in values {
            acc = acc * v
            prefix.append(acc)
        }
        guard var inv = acc.inverse() else { return nil }
        var out = [S](repeating: .zero, count: values.count)
        for i in stride(from: values.count - 1, to: 0, by: -1) {
            out[i] = inv * prefix[i - 1]
            inv = inv * values[i]
        }
        out[0] = inv
        return out
    }

    /// `f(0) = Σ λ_i(0) · s_i` from shares with distinct indices: the secret when the
    /// shares are at least `t` shares of a degree-`(t−1)` polynomial. All shares given are
    /// used; no threshold is checked here (see `Shamir.reconstruct`). When `shareCount`
    /// is given, indices above it are refused.
    /// - Throws: see `validate(indices:shareCount:)`.
    public static func interpolateAtZero<S: GroupScalar>(_ shares: [Share<S>], shareCount: Int? = nil) throws(SharingError) -> S {
        try interpolate(shares, at: S.zero, shareCount: shareCount)
    }

    /// `f(x) = Σ λ_i(x) · s_i` from shares with distinct indices (e.g. a new share for a
    /// position `x` during share recovery). When `shareCount` is given, indices above it
    /// are refused.
    /// - Throws: see `validate(indices:shareCount:)`.
    public static func interpolate<S: GroupScalar>(_ shares: [Share<S>], at x: S, shareCount: Int? = nil) throws(SharingError) -> S {
        let lambdas: [S] = try coefficients(indices: shares.map(\.index), at: x, shareCount: shareCount)
        var acc = S.zero
        for (l, s) in zip(lambdas, shares) { acc = acc + l * s.value }
        return acc
    }

    /// `Σ λ_i(0) · E_i` in the group, by one multi-scalar multiplication: from the share
    /// public keys `g^{s_i}` of `t` holders this is `g^{secret}`; from `t` partial BLS
    /// signatures `H(m)^{s_i}` it is the combined signature `H(m)^{secret}`.
    ///
    /// The elements and coefficients are public, so the variable-time
    /// `multiScalarMultiply` is used. When `shareCount` is given, indices above it are
    /// refused (a partial from a position outside the committee).
    /// - Throws: see `validate(indices:shareCount:)`.
    public static func interpolateInExponent<G: PrimeOrderGroup>(points: [(index: Int, element: G.Element)], in _: G.Type,
                                                               shareCount: Int? = nil) throws(SharingError) -> G.Element {
        let lambdas: [G.Scalar] = try coefficientsAtZero(indices: points.map(\.index), shareCount: shareCount)
        return G.multiScalarMultiply(points.map(\.element), lambdas)
    }
}
