/// Errors raised by the `Sharing` module.
///
/// Each case is stable: callers (DKG complaint handling, the signer node's input
/// validation) and tests match on it, so cases are only ever added, never renamed.
public enum SharingError: Error, Equatable, Sendable {
    /// The threshold `t` and share count `n` do not satisfy
    /// `1 ≤ t ≤ n ≤ Shamir.maxShareCount`.
    case invalidThreshold(t: Int, n: Int)
    /// A share index is zero, negative, above `Shamir.maxShareCount`, or above the
    /// share count `n` when one is given. Index 0 is the secret itself and must never
    /// be handed out or used as a share position.
    case invalidIndex(Int)
    /// The same share index occurs twice in a set that must hold distinct positions
    /// (Lagrange interpolation divides by `i − j`, which is zero for a repeat).
    case duplicateIndex(Int)
    /// Fewer shares (or points) than the threshold requires.
    case notEnoughShares(needed: Int, got: Int)
    /// More than `t` shares were given and they do not all lie on one polynomial of
    /// degree `t − 1`: at least one share is wrong, so no secret is returned.
    case inconsistentShares
    /// A commitment vector has `got` entries where `expected` (the threshold) were
    /// required.
    case commitmentCountMismatch(expected: Int, got: Int)
    /// A byte string has the wrong length or structure; the string says what was wrong.
    case malformedEncoding(String)
    /// A scalar encoding is not the canonical one: its value is ≥ the group order `q`.
    case nonCanonicalScalar
    /// A group element encoding is well formed but does not denote an element of the
    /// prime-order group (not on the curve, not in the subgroup, not canonical).
    case invalidElement(String)
    /// The identity element was decoded where the caller did not allow it (public
    /// keys, generators, verification keys: the identity would make them trivial).
    case identityElement
}
