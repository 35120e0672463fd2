/// Errors raised by the secp256k1 layer. Each case is stable: callers and tests match on it.
public enum Secp256k1Error: Error, Equatable, Sendable {
    /// An input had the wrong length; `expected` and `actual` are byte counts.
    case invalidLength(expected: Int, actual: Int)
    /// A canonical scalar encoding held a value ≥ n (the group order).
    case scalarOutOfRange
    /// A scalar that must be non-zero (secret key, signature component, inverse) was zero.
    case zeroScalar
    /// A SEC1 point encoding started with a byte other than 0x02/0x03 (33 bytes) or 0x04 (65 bytes).
    case invalidPointPrefix
    /// A SEC1 coordinate was ≥ p, the field prime (SEC1 v2 §2.3.4 steps 2.2 and 3.2).
    case coordinateOutOfRange
    /// An uncompressed point did not satisfy y² = x³ + 7 (SEC1 v2 §2.3.4 step 3.3).
    case pointNotOnCurve
    /// A compressed point's x has no square root of x³ + 7 mod p: no point has that x.
    case noSquareRoot
    /// The point at infinity was given where a proper point is required.
    case identityPoint
    /// A DER structure (signature or SubjectPublicKeyInfo) was malformed or not strict
    /// DER; the string says what was wrong.
    case invalidDER(String)
    /// A SubjectPublicKeyInfo named an algorithm or curve other than id-ecPublicKey on
    /// secp256k1, or carried explicit curve parameters.
    case unsupportedCurve
    /// An ECDSA recovery id outside 0…3.
    case invalidRecoveryId
    /// Public key recovery found no point (r + j·n ≥ p, no point with that x, or Q = O).
    case recoveryFailed
    /// An underlying OpenSSL call failed unexpectedly; the string names it.
    case libraryFailure(String)
}
