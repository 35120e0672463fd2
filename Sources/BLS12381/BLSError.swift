/// Every way a BLS12-381 input can be refused. Each decoding failure has its own case so
/// that callers (and conformance vectors) can tell *why* bytes were rejected.
public enum BLSError: Error, Equatable, Sendable {
    /// The byte string has the wrong length for the requested encoding.
    case invalidLength(expected: Int, actual: Int)
    /// A field element's big-endian integer is ≥ p (non-canonical encoding).
    case nonCanonicalFieldElement
    /// The compression flag (bit 7 of byte 0) does not match the encoding's length.
    case compressionFlagMismatch
    /// The infinity flag (bit 6) is set but some other bit of the encoding is not zero.
    case infinityWithNonZeroBits
    /// The sign flag (bit 5) is set on an uncompressed encoding.
    case signFlagOnUncompressed
    /// The coordinates do not satisfy the curve equation (for a compressed encoding:
    /// x³ + b has no square root).
    case notOnCurve
    /// The point is on the curve but not in the prime-order subgroup.
    case notInSubgroup
    /// A scalar's big-endian encoding is ≥ r or has the wrong length.
    case invalidScalar
    /// A public key is the identity (KeyValidate refuses it), or keys summed to it.
    case identityPublicKey
    /// An aggregation was asked for over an empty list.
    case emptyInput
}
