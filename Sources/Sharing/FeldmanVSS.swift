/// Feldman verifiable secret sharing (P. Feldman, "A practical scheme for
/// non-interactive verifiable secret sharing", FOCS 1987).
///
/// The dealer shares `s = a_0` with Shamir's scheme and publishes `A_k = g^{a_k}` for each
/// coefficient. Holder `i` checks `g^{s_i} = Π_k A_k^{i^k}`, which holds exactly when
/// `s_i = f(i)` for the committed `f`; so all honest holders' shares lie on one polynomial
/// of degree `t − 1` and any `t` of them reconstruct the same secret.
///
/// Feldman commitments are computationally hiding only: `A_0 = g^s` reveals the public
/// key, which is what threshold signing wants, but not what a DKG's first phase may
/// reveal (use `PedersenVSS` there; see GJKR).
public enum FeldmanVSS<G: PrimeOrderGroup> {
    /// The commitments `A_k = g^{a_k}` to a polynomial's coefficients. The coefficients
    /// are secret, so the constant-time `multiplyGeneratorSecret` is used.
    public static func commit(_ polynomial: Polynomial<G.Scalar>) -> VSSCommitments<G> {
        VSSCommitments(elements: polynomial.coefficients.map { G.multiplyGeneratorSecret($0) })
    }

    /// Deals `secret`: draws a random polynomial of degree `threshold − 1` with constant
    /// term `secret`, returns its commitments and the shares for indices `1…shareCount`.
    /// - Throws: `SharingError.invalidThreshold` unless `1 ≤ t ≤ n ≤ 1024`.
    public static func deal(secret: G.Scalar, threshold: Int, shareCount: Int) throws(SharingError)
        -> (commitments: VSSCommitments<G>, shares: [Share<G.Scalar>])
    {
        try Shamir.validate(threshold: threshold, shareCount: shareCount)
        return try deal(polynomial: .random(degree: threshold - 1, constantTerm: secret), shareCount: shareCount)
    }

    /// Deals with a given polynomial (e.g. GJKR's Feldman extraction phase, which must
    /// commit to the same polynomial as the preceding Pedersen dealing).
    /// - Throws: `SharingError.invalidThreshold` unless `1 ≤ t ≤ n ≤ 1024`.
    public static func deal(polynomial: Polynomial<G.Scalar>, shareCount: Int) throws(SharingError)
        -> (commitments: VSSCommitments<G>, shares: [Share<G.Scalar>])
    {
        let shares = try Shamir.split(polynomial: polynomial, shareCount: shareCount)
        return (commit(polynomial), shares)
    }

    /// True when `share` is consistent with the commitments: `g^{s_i} = Π_k A_k^{i^k}`.
    ///
    /// The right side is one multi-scalar multiplication over public values; the left
    /// side uses the secret share, so it is computed in constant time. A share whose
    /// index is not a valid position (≤ 0, above 1024, or above `shareCount` when given)
    /// is rejected: a dealer could otherwise hand out `f(0)`, the secret, as a "share",
    /// or a position nobody holds.
    public static func verify(share: Share<G.Scalar>, commitments: VSSCommitments<G>, shareCount: Int? = nil) -> Bool {
        guard isValidIndex(share.index, shareCount: shareCount) else { return false }
        let lhs = G.multiplyGeneratorSecret(share.value)
        return lhs == commitments.evaluate(at: share.index)
    }

    /// The share public key `g^{s_i} = Π_k A_k^{i^k}` of holder `index`, computed from the
    /// commitments alone (used to verify partial signatures).
    /// - Throws: `SharingError.invalidIndex` unless `1 ≤ index ≤ 1024`.
    public static func publicShare(index: Int, commitments: VSSCommitments<G>) throws(SharingError) -> G.Element {
        guard isValidIndex(index, shareCount: nil) else { throw .invalidIndex(index) }
        return commitments.evaluate(at: index)
    }

    /// The share public keys of holders `1…shareCount`.
    /// - Throws: `SharingError.invalidThreshold` unless `t ≤ n ≤ 1024`.
    public static func publicShares(shareCount: Int, commitments: VSSCommitments<G>) throws(SharingError) -> [G.Element] {
        try Shamir.validate(threshold: commitments.threshold, shareCount: shareCount)
        return (1...shareCount).map { commitments.evaluate(at: $0) }
    }

    /// The public key `A_0 = g^{secret}`.
    public static func publicKey(_ commitments: VSSCommitments<G>) -> G.Element {
        commitments.constantTerm
    }

    static func isValidIndex(_ index: Int, shareCount: Int?) -> Bool {
        index >= 1 && index <= min(shareCount ?? Shamir.maxShareCount, Shamir.maxShareCount)
    }
}
