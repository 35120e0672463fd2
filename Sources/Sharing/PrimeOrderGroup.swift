/// An element of the scalar field `Z_q` of a prime-order group: the exponents, the
/// Shamir secrets and shares, the polynomial coefficients and the Lagrange coefficients.
///
/// Conformances (secp256k1 scalars mod n, BLS12-381 scalars mod r, the toy group of the
/// tests) must make `+`, `-`, `*`, prefix `-`, `inverse()`, `isZero`, `==` and
/// `canonicalBytes` run in time independent of the values: this module feeds them
/// secret shares and secret polynomial coefficients and never branches on the result.
///
/// `Hashable` is required so that shares can be compared in tests and kept in sets;
/// `==` must be value equality mod `q` (a canonical, fully reduced representation).
public protocol GroupScalar: Sendable, Hashable {
    /// The additive identity, 0.
    static var zero: Self { get }
    /// The multiplicative identity, 1.
    static var one: Self { get }
    /// The scalar `v mod q`. Used for share indices and small constants (public values).
    init(_ v: UInt64)
    /// A scalar uniformly distributed in `[0, q)`, drawn from the operating system's
    /// CSPRNG (`SecureRandom`), e.g. by rejection sampling or by wide reduction of at
    /// least `byteLength + 16` random bytes.
    static func random() -> Self
    /// A scalar uniformly distributed in `[1, q)`. A default implementation resamples
    /// `random()` until it is non-zero.
    static func randomNonZero() -> Self
    /// Sum mod `q`.
    static func + (lhs: Self, rhs: Self) -> Self
    /// Difference mod `q`.
    static func - (lhs: Self, rhs: Self) -> Self
    /// Product mod `q`.
    static func * (lhs: Self, rhs: Self) -> Self
    /// Additive inverse mod `q`.
    static prefix func - (operand: Self) -> Self
    /// The multiplicative inverse mod `q`, or `nil` for zero (the only non-invertible
    /// element of a prime field).
    func inverse() -> Self?
    /// True when the scalar is 0 mod `q`.
    var isZero: Bool { get }
    /// Decodes the fixed-length big-endian encoding, refusing a wrong length
    /// (`SharingError.malformedEncoding`) and a value ≥ `q` (`SharingError.nonCanonicalScalar`):
    /// accepting `x + q` as `x` would give one scalar two encodings, which breaks
    /// transcript binding and deduplication.
    init(canonicalBytes: [UInt8]) throws(SharingError)
    /// The canonical fixed-length big-endian encoding, `byteLength` bytes.
    var canonicalBytes: [UInt8] { get }
    /// Length in bytes of `canonicalBytes` (32 for secp256k1 and BLS12-381).
    static var byteLength: Int { get }
    /// The big-endian integer `wideBytes` reduced mod `q`. For Fiat–Shamir challenges and
    /// hash outputs: given at least `byteLength + 16` uniform bytes the result is
    /// statistically close to uniform (bias ≤ 2⁻¹²⁸). Any length is accepted.
    init(reducing wideBytes: [UInt8])
}

extension GroupScalar {
    /// Resamples `random()` until non-zero; the loop runs more than once with
    /// probability 1/q, so it leaks nothing useful.
    public static func randomNonZero() -> Self {
        while true {
            let s = random()
            if !s.isZero { return s }
        }
    }

    /// Default difference: `lhs + (-rhs)`, for conformances that only implement `+` and
    /// prefix `-`; a conformance's own `-` takes precedence.
    public static func - (lhs: Self, rhs: Self) -> Self { lhs + (-rhs) }

    /// The scalar for a share index (a public value). Callers validate the index first.
    static func ofIndex(_ index: Int) -> Self {
        precondition(index >= 0, "share indices are non-negative")
        return Self(UInt64(index))
    }
}

/// A cyclic group of prime order `q`, written additively: the seam between the sharing
/// schemes (Shamir, Feldman and Pedersen VSS, GJKR DKG, threshold BLS, CGGMP21) and the
/// curves (secp256k1, BLS12-381 G1 and G2). A conforming type is a namespace (usually a
/// caseless enum); every requirement is static.
///
/// ## Requirements on conformances
/// - `Element`'s `==` is group equality (compare a canonical form, e.g. normalised
///   affine coordinates, never raw projective coordinates).
/// - Scalar multiplication by a secret (`multiplyGeneratorSecret`, `multiplySecret`) runs
///   in constant time; `multiply` and `multiScalarMultiply` take public scalars and may
///   use variable-time algorithms (wNAF, Pippenger).
/// - `encode` produces exactly `encodedLength` bytes for every element, including the
///   identity (e.g. 33 zero bytes for compressed SEC1, the infinity flag for ZCash
///   encoding), so that lists of elements can be framed by count alone.
/// - `decode` refuses anything that is not the canonical encoding of an element of the
///   prime-order subgroup, and refuses the identity unless `allowIdentity` is true.
public protocol PrimeOrderGroup: Sendable {
    /// The scalar field `Z_q`.
    associatedtype Scalar: GroupScalar
    /// A group element (a point in the prime-order subgroup).
    associatedtype Element: Sendable, Hashable

    /// A short, stable name of the group, used in domain-separation tags
    /// (e.g. `"secp256k1"`, `"BLS12381G1"`). Must not change once keys exist.
    static var name: String { get }
    /// The standard generator `g`.
    static var generator: Element { get }
    /// The identity element (the point at infinity).
    static var identity: Element { get }
    /// The group operation.
    static func add(_ a: Element, _ b: Element) -> Element
    /// The inverse element.
    static func negate(_ a: Element) -> Element
    /// `a − b`. Default: `add(a, negate(b))`.
    static func subtract(_ a: Element, _ b: Element) -> Element
    /// `s · e` for a **public** scalar; may run in variable time.
    static func multiply(_ e: Element, _ s: Scalar) -> Element
    /// `s · g` for a **public** scalar; may run in variable time.
    /// Default: `multiply(generator, s)`.
    static func multiplyGenerator(_ s: Scalar) -> Element
    /// `s · g` for a **secret** scalar, in constant time (key and share public keys,
    /// commitments to secret coefficients).
    static func multiplyGeneratorSecret(_ s: Scalar) -> Element
    /// `s · e` for a **secret** scalar, in constant time (e.g. `h^{b_k}` in Pedersen VSS).
    static func multiplySecret(_ e: Element, _ s: Scalar) -> Element
    /// `Σ s_i · e_i` for **public** scalars and elements. The arrays must have equal
    /// length (a precondition); the empty sum is the identity. Default: a sum of
    /// `multiply` products; curves should override with Pippenger or Straus.
    static func multiScalarMultiply(_ elements: [Element], _ scalars: [Scalar]) -> Element
    /// The canonical encoding of `e`, exactly `encodedLength` bytes.
    static func encode(_ e: Element) -> [UInt8]
    /// Decodes and validates an element: exact length, canonical form (e.g. field
    /// coordinates < p, correct flag bits), on the curve, in the prime-order subgroup.
    /// The identity is refused with `SharingError.identityElement` unless
    /// `allowIdentity` is true: an identity public key, share key or generator makes
    /// verification trivial, so accepting it must be the caller's explicit decision.
    static func decode(_ bytes: [UInt8], allowIdentity: Bool) throws(SharingError) -> Element
    /// Length in bytes of every encoding produced by `encode`.
    static var encodedLength: Int { get }
    /// Hashes `message` to a group element whose discrete logarithm nobody knows,
    /// under the domain-separation tag `dst` (RFC 9380 `hash_to_curve` with the
    /// `_RO_` random-oracle variant for the curves).
    static func hashToGroup(message: [UInt8], dst: [UInt8]) -> Element
}

extension PrimeOrderGroup {
    /// `add(a, negate(b))`.
    public static func subtract(_ a: Element, _ b: Element) -> Element {
        add(a, negate(b))
    }

    /// `multiply(generator, s)`: a public scalar, variable time allowed.
    public static func multiplyGenerator(_ s: Scalar) -> Element {
        multiply(generator, s)
    }

    /// The sum of `multiply(elements[i], scalars[i])`: correct but slow; conformances
    /// should override it with a real multi-scalar multiplication.
    public static func multiScalarMultiply(_ elements: [Element], _ scalars: [Scalar]) -> Element {
        precondition(elements.count == scalars.count, "multiScalarMultiply: \(elements.count) elements, \(scalars.count) scalars")
        var acc = identity
        for i in elements.indices {
            acc = add(acc, multiply(elements[i], scalars[i]))
        }
        return acc
    }

    /// `decode(bytes, allowIdentity: false)`: the identity is refused.
    public static func decode(_ bytes: [UInt8]) throws(SharingError) -> Element {
        try decode(bytes, allowIdentity: false)
    }

    /// True when `e` is the identity element.
    public static func isIdentity(_ e: Element) -> Bool { e == identity }
}
