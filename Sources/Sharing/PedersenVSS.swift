/// Pedersen verifiable secret sharing (T. P. Pedersen, "Non-interactive and
/// information-theoretic secure verifiable secret sharing", CRYPTO '91).
///
/// The dealer shares `s = a_0` with a polynomial `f` and a random blinding polynomial
/// `f'` of the same degree, and publishes `C_k = g^{a_k} h^{b_k}`. Holder `i` receives
/// `(s_i, s'_i) = (f(i), f'(i))` and checks `g^{s_i} h^{s'_i} = Π_k C_k^{i^k}`.
///
/// The commitments reveal nothing about `s` (information-theoretic hiding) and bind the
/// dealer as long as nobody knows `log_g h`. Hence `h` must be derived so that no one
/// can know that logarithm: `defaultH(for:)` hashes a fixed domain tag to the group.
/// This is the dealing of the first phase of GJKR DKG.
///
/// Timing: `g^{a_k}` and `h^{b_k}` are computed with the constant-time `multiplySecret`;
/// their sum goes through the group's `add`, whose formulas may take a different path on
/// the exceptional inputs (equal or opposite points, the identity). Those occur for
/// secret-derived points only with probability about 1/q, so no useful timing signal
/// exists; a conformance with complete formulas (BLS12-381) has no such path at all.
public enum PedersenVSS<G: PrimeOrderGroup> {
    /// The message hashed to obtain the default second generator.
    public static var defaultHMessage: [UInt8] { Array("thresig/pedersen-h/v1".utf8) }

    /// The domain-separation tag for the default second generator:
    /// `THRESIG-V01-CS01-with-<G.name>_XMD:SHA-256_SSWU_RO_` (RFC 9380 naming).
    public static var defaultHDST: [UInt8] {
        Array("THRESIG-V01-CS01-with-\(G.name)_XMD:SHA-256_SSWU_RO_".utf8)
    }

    /// The default second generator
    /// `h = G.hashToGroup(message: "thresig/pedersen-h/v1", dst: defaultHDST)`.
    ///
    /// A hash to the group is a "nothing up my sleeve" point: anyone can recompute it and
    /// nobody knows `log_g h`, which is what makes Pedersen commitments binding. It is
    /// recomputed on every call; callers on a hot path should cache it.
    public static func defaultH(for _: G.Type = G.self) -> G.Element {
        G.hashToGroup(message: defaultHMessage, dst: defaultHDST)
    }

    /// Checks a second generator: not the identity (commitments would then not hide)
    /// and not `g` itself (`log_g h = 1` would let the dealer open to anything).
    /// - Throws: `identityElement`, `invalidElement`.
    public static func validate(h: G.Element) throws(SharingError) {
        guard h != G.identity else { throw .identityElement }
        guard h != G.generator else { throw .invalidElement("h must not equal the generator g") }
    }

    /// The commitments `C_k = g^{a_k} h^{b_k}`, with constant-time multiplications since
    /// both coefficient vectors are secret.
    /// - Precondition: both polynomials have the same number of coefficients.
    public static func commit(_ polynomial: Polynomial<G.Scalar>, blinding: Polynomial<G.Scalar>, h: G.Element) -> VSSCommitments<G> {
        precondition(polynomial.coefficients.count == blinding.coefficients.count,
                     "the blinding polynomial must have the same degree")
        let elements = zip(polynomial.coefficients, blinding.coefficients).map { a, b in
            G.add(G.multiplyGeneratorSecret(a), G.multiplySecret(h, b))
        }
        return VSSCommitments(elements: elements)
    }

    /// Deals `secret` with a random polynomial and a uniformly random blinding polynomial
    /// (including its constant term) of degree `threshold − 1`.
    /// - Returns: the commitments, the shares `s_i = f(i)` and the blinding shares
    ///   `s'_i = f'(i)` for `i = 1…shareCount` (same order and indices).
    /// - Throws: `invalidThreshold` unless `1 ≤ t ≤ n ≤ 1024`; `identityElement` or
    ///   `invalidElement` for a bad `h`.
    public static func deal(secret: G.Scalar, threshold: Int, shareCount: Int, h: G.Element) throws(SharingError)
        -> (commitments: VSSCommitments<G>, shares: [Share<G.Scalar>], blindingShares: [Share<G.Scalar>])
    {
        try Shamir.validate(threshold: threshold, shareCount: shareCount)
        let f = Polynomial<G.Scalar>.random(degree: threshold - 1, constantTerm: secret)
        let blinding = Polynomial<G.Scalar>.random(degree: threshold - 1, constantTerm: G.Scalar.random())
        return try deal(polynomial: f, blinding: blinding, shareCount: shareCount, h: h)
    }

    /// Deals with given polynomials (GJKR keeps `f` for the later Feldman extraction).
    /// - Throws: `invalidThreshold` unless `1 ≤ t ≤ n ≤ 1024` or when the polynomials'
    ///   degrees differ; `identityElement` or `invalidElement` for a bad `h`.
    public static func deal(polynomial: Polynomial<G.Scalar>, blinding: Polynomial<G.Scalar>, shareCount: Int, h: G.Element) throws(SharingError)
        -> (commitments: VSSCommitments<G>, shares: [Share<G.Scalar>], blindingShares: [Share<G.Scalar>])
    {
        try validate(h: h)
        guard polynomial.coefficients.count == blinding.coefficients.count else {
            throw .invalidThreshold(t: blinding.coefficients.count, n: shareCount)
        }
        let shares = try Shamir.split(polynomial: polynomial, shareCount: shareCount)
        let blindingShares = try Shamir.split(polynomial: blinding, shareCount: shareCount)
        return (commit(polynomial, blinding: blinding, h: h), shares, blindingShares)
    }

    /// True when `g^{s_i} h^{s'_i} = Π_k C_k^{i^k}`.
    ///
    /// Rejected outright: a share and blinding share with different indices (they would
    /// be checked against two different positions), an invalid index (≤ 0, above 1024,
    /// or above `shareCount` when given — index 0 would be the secret), and an invalid
    /// `h` (identity or `g`, under which the check proves nothing).
    public static func verify(share: Share<G.Scalar>, blindingShare: Share<G.Scalar>, commitments: VSSCommitments<G>,
                              h: G.Element, shareCount: Int? = nil) -> Bool {
        guard share.index == blindingShare.index,
              FeldmanVSS<G>.isValidIndex(share.index, shareCount: shareCount),
              (try? validate(h: h)) != nil
        else { return false }
        let lhs = G.add(G.multiplyGeneratorSecret(share.value), G.multiplySecret(h, blindingShare.value))
        return lhs == commitments.evaluate(at: share.index)
    }
}
