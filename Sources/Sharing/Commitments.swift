/// The public commitment vector of a verifiable secret sharing, one group element per
/// polynomial coefficient: `A_k = g^{a_k}` for Feldman VSS, `C_k = g^{a_k} h^{b_k}` for
/// Pedersen VSS, `k = 0…t−1`. Its length is the threshold `t`.
///
/// ## Encoding
/// `count` as a 2-byte big-endian integer, then `count` elements of exactly
/// `G.encodedLength` bytes each (`G.encode`). The count prefix makes a truncated or
/// padded message detectable on its own; the fixed element length makes the framing
/// unambiguous.
public struct VSSCommitments<G: PrimeOrderGroup>: Sendable, Hashable {
    /// The commitments `A_0 … A_{t−1}` (or `C_0 … C_{t−1}`), lowest degree first.
    public let elements: [G.Element]

    /// A commitment vector.
    /// - Precondition: `1 ≤ elements.count ≤ Shamir.maxShareCount` (a threshold is
    ///   at least 1 and at most the largest committee).
    public init(elements: [G.Element]) {
        precondition(!elements.isEmpty && elements.count <= Shamir.maxShareCount,
                     "a commitment vector has 1…\(Shamir.maxShareCount) elements")
        self.elements = elements
    }

    /// The threshold `t` committed to: the number of coefficients.
    public var threshold: Int { elements.count }

    /// The first commitment: the public key `g^{secret}` for Feldman VSS.
    public var constantTerm: G.Element { elements[0] }

    /// Σ_k (i^k) · E_k, the commitment evaluated at `index` in the exponent, by one
    /// multi-scalar multiplication (everything here is public).
    func evaluate(at index: Int) -> G.Element {
        let x = G.Scalar.ofIndex(index)
        var powers = [G.Scalar]()
        powers.reserveCapacity(elements.count)
        var p = G.Scalar.one
        for _ in elements {
            powers.append(p)
            p = p * x
        }
        return G.multiScalarMultiply(elements, powers)
    }

    /// The count-prefixed encoding (see the type's documentation).
    public func encoded() -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(2 + elements.count * G.encodedLength)
        out.append(UInt8(elements.count >> 8))
        out.append(UInt8(elements.count & 0xff))
        for e in elements { out += G.encode(e) }
        return out
    }

    /// Decodes and validates a commitment vector received from a dealer.
    ///
    /// - Parameters:
    ///   - bytes: the count-prefixed encoding.
    ///   - expectedThreshold: when given, the count must equal it: a dealer who commits
    ///     to more coefficients than `t` would share with a higher threshold than agreed
    ///     and could make the secret unrecoverable; fewer would lower the threshold.
    ///   - allowIdentityConstantTerm: whether the first element may be the identity.
    ///     Refused by default because `A_0` is a public key; allow it for sharings of
    ///     zero (proactive refresh). The other elements are never allowed to be the
    ///     identity: honest dealers use non-zero random coefficients
    ///     (`Polynomial.random`), and in Pedersen VSS the identity occurs only with
    ///     negligible probability, so an identity there marks a degenerate or hostile
    ///     dealing.
    /// - Throws: `malformedEncoding` (short input, count 0 or above 1024, length not
    ///   matching the count), `commitmentCountMismatch`, and the errors of `G.decode`
    ///   (`invalidElement`, `identityElement`, `malformedEncoding`).
    public init(decoding bytes: [UInt8], expectedThreshold: Int? = nil, allowIdentityConstantTerm: Bool = false) throws(SharingError) {
        guard bytes.count >= 2 else { throw .malformedEncoding("commitments: missing count prefix") }
        let count = Int(bytes[0]) << 8 | Int(bytes[1])
        guard count >= 1, count <= Shamir.maxShareCount else {
            throw .malformedEncoding("commitments: count \(count) outside 1…\(Shamir.maxShareCount)")
        }
        // Check the count against the expectation before the length, so that a
        // well-framed vector for the wrong threshold gets the more specific error.
        if let t = expectedThreshold, t != count {
            throw .commitmentCountMismatch(expected: t, got: count)
        }
        let len = G.encodedLength
        guard bytes.count == 2 + count * len else {
            throw .malformedEncoding("commitments: \(bytes.count) bytes for \(count) elements of \(len) bytes")
        }
        var elements = [G.Element]()
        elements.reserveCapacity(count)
        for k in 0..<count {
            let start = 2 + k * len
            let e = try G.decode(Array(bytes[start..<start + len]), allowIdentity: k == 0 && allowIdentityConstantTerm)
            elements.append(e)
        }
        self.elements = elements
    }
}
