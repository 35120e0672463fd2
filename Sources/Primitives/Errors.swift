/// Errors raised by the primitives layer. Each case is stable: callers and tests match on it.
public enum PrimitivesError: Error, Equatable, Sendable {
    /// A hex string had odd length, a non-hex character, or a wrong length for its use.
    case invalidHex(String)
    /// An input had the wrong length; `expected` and `actual` are byte counts.
    case invalidLength(expected: Int, actual: Int)
    /// An authenticated decryption failed: wrong key, nonce, associated data, or tampering.
    case authenticationFailed
    /// HKDF refused its parameters (output longer than 255 × 32 bytes, or zero).
    case invalidKDFParameters
    /// A signature did not verify.
    case invalidSignature
    /// A public key was malformed or of low order.
    case invalidPublicKey
    /// The operating system's random source or libsodium could not be initialised.
    case randomnessUnavailable
    /// A password hash could not be computed (out of memory or bad limits).
    case passwordHashFailed
    /// A modulus for a transcript challenge was zero or empty.
    case invalidModulus
    /// An underlying library call failed unexpectedly; the string names it.
    case libraryFailure(String)
}
