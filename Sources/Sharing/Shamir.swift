/// One Shamir share: the value `f(index)` of the dealer's polynomial at a committee
/// position `index ∈ 1…n`.
///
/// The index is public (it is the holder's committee position); the value is secret.
/// `description` never prints the value.
public struct Share<Scalar: GroupScalar>: Sendable, Hashable, CustomStringConvertible {
    /// The share position, `1 ≤ index ≤ n`. Position 0 would be the secret itself.
    public let index: Int
    /// The secret value `f(index)`.
    public let value: Scalar

    /// A share with the given position and value. Positions are validated where shares
    /// are consumed (reconstruction, interpolation, verification), not here, so that a
    /// malformed share received from a peer can still be represented and reported.
    public init(index: Int, value: Scalar) {
        self.index = index
        self.value = value
    }

    /// Redacted: shows the index, never the value.
    public var description: String { "Share(index: \(index), value: <redacted>)" }
}

/// Shamir secret sharing (A. Shamir, "How to share a secret", CACM 22(11), 1979) over
/// the scalar field of a prime-order group.
///
/// A secret `s` is the constant term of a random polynomial `f` of degree `t − 1`; share
/// `i` is `f(i)` for `i = 1…n`. Any `t` shares determine `f` and hence `s` by Lagrange
/// interpolation; any `t − 1` shares are independent of `s` (perfect secrecy).
/// Here `t` ("threshold") is the number of shares needed, not the degree.
public enum Shamir {
    /// The largest committee size supported: `n ≤ 1024`. The bound keeps Lagrange
    /// computation (quadratic in the number of shares) and message sizes bounded, and
    /// lets indices travel as two bytes.
    public static let maxShareCount = 1024

    /// Checks `1 ≤ threshold ≤ shareCount ≤ maxShareCount`.
    ///
    /// `t = 0` would need no share at all; `t > n` could never be reconstructed; and
    /// `n` above the bound is refused before any work proportional to it is done.
    public static func validate(threshold: Int, shareCount: Int) throws(SharingError) {
        guard threshold >= 1, threshold <= shareCount, shareCount <= maxShareCount else {
            throw .invalidThreshold(t: threshold, n: shareCount)
        }
    }

    /// Splits `secret` into `shareCount` shares, any `threshold` of which reconstruct it.
    ///
    /// The polynomial is drawn with the CSPRNG (`Polynomial.random`) and discarded.
    /// Use `split(polynomial:shareCount:)` when the polynomial must be kept (VSS, DKG).
    /// `threshold == 1` gives every holder the secret itself, which is what a 1-of-n
    /// policy means.
    /// - Returns: shares with indices `1…shareCount`, in order.
    /// - Throws: `SharingError.invalidThreshold` unless `1 ≤ t ≤ n ≤ 1024`.
    public static func split<S: GroupScalar>(secret: S, threshold: Int, shareCount: Int) throws(SharingError) -> [Share<S>] {
        try validate(threshold: threshold, shareCount: shareCount)
        let f = Polynomial.random(degree: threshold - 1, constantTerm: secret)
        return try split(polynomial: f, shareCount: shareCount)
    }

    /// The shares `f(1) … f(shareCount)` of a given polynomial; the threshold is the
    /// number of its coefficients.
    /// - Throws: `SharingError.invalidThreshold` unless `1 ≤ t ≤ n ≤ 1024`.
    public static func split<S: GroupScalar>(polynomial: Polynomial<S>, shareCount: Int) throws(SharingError) -> [Share<S>] {
        try validate(threshold: polynomial.coefficients.count, shareCount: shareCount)
        return (1...shareCount).map { Share(index: $0, value: polynomial.evaluate(at: $0)) }
    }

    /// Reconstructs the secret from at least `threshold` shares.
    ///
    /// The secret is interpolated from the first `threshold` shares. Every further share
    /// is checked to lie on the same polynomial; if one does not, the shares are
    /// inconsistent (one is corrupt or from another sharing) and no value is returned,
    /// rather than a wrong secret silently. Checking costs `O(t)` field operations per
    /// extra share after an `O(t²)` setup; pass exactly `t` shares to skip it.
    ///
    /// Note that with exactly `t` shares a wrong share cannot be detected here: it
    /// yields a wrong secret. Use Feldman or Pedersen VSS to verify shares first.
    /// - Throws: `invalidThreshold` (t outside `1…1024`), `notEnoughShares`,
    ///   `invalidIndex`, `duplicateIndex`, `inconsistentShares`.
    public static func reconstruct<S: GroupScalar>(_ shares: [Share<S>], threshold: Int) throws(SharingError) -> S {
        guard threshold >= 1, threshold <= maxShareCount else {
            throw .invalidThreshold(t: threshold, n: shares.count)
        }
        guard shares.count >= threshold else {
            throw .notEnoughShares(needed: threshold, got: shares.count)
        }
        // Validate every index, including the extras, before any arithmetic.
        try Lagrange.validate(indices: shares.map(\.index))
        let base = Array(shares.prefix(threshold))
        let secret = try Lagrange.interpolateAtZero(base)
        if shares.count > threshold {
            // The weights depend only on the first t indices: compute them once, then
            // each extra share costs O(t).
            let xs = try Lagrange.validatedScalars(base.map(\.index), shareCount: nil, as: S.self)
            guard let weights = Lagrange.barycentricWeights(xs) else { throw .duplicateIndex(base[0].index) }
            for extra in shares.dropFirst(threshold) {
                let lambdas = Lagrange.coefficients(xs: xs, weights: weights, at: S.ofIndex(extra.index))
                var expected = S.zero
                for (l, s) in zip(lambdas, base) { expected = expected + l * s.value }
                // Comparing reveals only whether the shares agree, which is the
                // (public) outcome of this function anyway.
                guard expected == extra.value else { throw .inconsistentShares }
            }
        }
        return secret
    }
}

/// Reflection shows the index, never the share's value.
extension Share: CustomReflectable {
    public var customMirror: Mirror { Mirror(self, children: ["index": index]) }
}
