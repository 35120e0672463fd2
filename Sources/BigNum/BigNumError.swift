/// Errors raised by the `BigNum` layer. Each case is stable: callers and tests match on it.
public enum BigNumError: Error, Equatable, Sendable {
    /// The value needs more than `length` bytes (or `length` is negative) in
    /// ``BigInt/bytes(length:)``.
    case doesNotFit(length: Int)
    /// A negative value was given where only non-negative values have a meaning
    /// (fixed-length unsigned encoding).
    case negativeValue
    /// A division or reduction by zero was requested.
    case divisionByZero
    /// ``BigInt/powmSec(_:_:)`` was asked for an even modulus; GMP's constant-time
    /// exponentiation (`mpz_powm_sec`) relies on Montgomery reduction, which needs an odd one.
    case evenModulusForConstantTime
    /// A modulus was zero or negative where a positive one is required.
    case nonPositiveModulus
    /// ``BigInt/powmSec(_:_:)`` was given an exponent `<= 0` (GMP requires `e > 0`).
    case nonPositiveExponent
    /// A string was not a valid (optionally signed, optionally `0x`-prefixed) hex number.
    case invalidHex
    /// A string was not a valid (optionally signed) decimal number.
    case invalidDecimal
    /// A requested bit length is outside what the function supports (see its documentation).
    case invalidBitLength
    /// A negative exponent was given for a base with no inverse modulo the modulus.
    case notInvertible
    /// A multi-exponentiation was given bases prepared for different moduli.
    case mismatchedModuli
}
