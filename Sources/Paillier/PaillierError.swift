/// Errors of the Paillier layer. Each case is stable: callers and tests match on it.
public enum PaillierError: Error, Equatable, Sendable {
    /// A modulus was below the required size (CGGMP21 needs N ≥ 2^3071 at 128-bit security).
    case modulusTooSmall(bits: Int, minimum: Int)
    /// A modulus was even, not positive, or a perfect square (never a product of two distinct primes).
    case invalidModulus
    /// A prime of a key was not a safe prime of the expected size, or the two were equal.
    case invalidPrime
    /// A ciphertext was outside `Z*_{N²}` (not in `[1, N²)` or sharing a factor with N).
    case invalidCiphertext
    /// A plaintext was outside the range the operation allows.
    case plaintextOutOfRange
    /// Encryption randomness was not a unit modulo N.
    case invalidRandomness
    /// Ring-Pedersen parameters were malformed: s or t not a unit mod N̂, equal, or 1.
    case invalidRingPedersen
    /// An encoding could not be decoded (length, canonical form).
    case malformedEncoding
}
