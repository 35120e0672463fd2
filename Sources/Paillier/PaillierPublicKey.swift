import BigNum

/// A Paillier public key `N` with generator `1 + N` (Paillier 1999, the `g = N + 1`
/// variant that CGGMP21 §2.3 uses): `enc(m; ρ) = (1 + N)^m · ρ^N mod N²`.
///
/// Plaintexts live in `Z_N`; CGGMP21 works with signed plaintexts, mapped to `Z_N` by
/// reduction (and back by ``Signed/centered(_:modulus:)``). The key is public, so nothing
/// here needs constant time except the handling of the caller's randomness `ρ`.
public struct PaillierPublicKey: Sendable, Hashable {
    /// The modulus N.
    public let n: BigInt
    /// N², cached.
    public let nSquared: BigInt

    /// The minimum modulus size CGGMP21 accepts at the 128-bit level: N of 3072 bits
    /// from two 1536-bit primes; a product of two 1536-bit primes with top bits set has
    /// 3072 bits, and the rule refuses anything below 3071.
    public static let minimumBits = 3071

    /// A key from a modulus, with the structural checks any received modulus must pass:
    /// odd, positive, at least `minimumBits` bits (pass a smaller minimum only in tests of
    /// small toy keys), and not a perfect square. Blum form and the absence of small
    /// factors are what Πmod and Πfac prove; this initialiser cannot check them.
    public init(n: BigInt, minimumBits: Int = PaillierPublicKey.minimumBits) throws(PaillierError) {
        guard n.sign > 0, n.isOdd, !n.isPerfectSquare, n > 1 else { throw .invalidModulus }
        guard n.bitLength >= minimumBits else { throw .modulusTooSmall(bits: n.bitLength, minimum: minimumBits) }
        self.n = n
        self.nSquared = n * n
    }

    /// True when `c` is a valid ciphertext: in `[1, N²)` and a unit mod N² (gcd with N is 1).
    public func isValidCiphertext(_ c: BigInt) -> Bool {
        c.sign > 0 && c < nSquared && c.gcd(n) == 1
    }

    /// Checks a received ciphertext. Why: a ciphertext sharing a factor with N would leak
    /// the factorisation to anyone, and values ≥ N² are non-canonical encodings.
    public func validate(_ c: BigInt) throws(PaillierError) {
        guard isValidCiphertext(c) else { throw .invalidCiphertext }
    }

    /// `(1 + N)^m mod N² = 1 + m·N mod N²` (binomial theorem), for any signed `m`.
    public func gToThe(_ m: BigInt) -> BigInt {
        (1 + m.mod(n) * n).mod(nSquared)
    }

    /// `enc(m; ρ)` for a signed plaintext `m` (reduced mod N) and randomness `ρ ∈ Z*_N`,
    /// without the secret key: one exponentiation `ρ^N mod N²`, in constant time in `ρ`.
    public func encrypt(_ m: BigInt, randomness rho: BigInt) throws(PaillierError) -> BigInt {
        guard rho.sign > 0, rho < n, rho.gcd(n) == 1 else { throw .invalidRandomness }
        let rn = try! rho.powmSec(n, nSquared)   // N² odd, N > 0
        return (gToThe(m) * rn).mod(nSquared)
    }

    /// `enc(m; ρ)` for a **public** ρ (a proof's response z2, w): GMP's faster variable-time
    /// exponentiation. Verification only; never with secret randomness.
    public func encryptPublic(_ m: BigInt, randomness rho: BigInt) throws(PaillierError) -> BigInt {
        guard rho.sign > 0, rho < n, rho.gcd(n) == 1 else { throw .invalidRandomness }
        return (gToThe(m) * rho.powm(n, nSquared)).mod(nSquared)
    }

    /// A fresh encryption: returns the ciphertext and the randomness used.
    public func encrypt(_ m: BigInt, source: RandomSource) -> (ciphertext: BigInt, randomness: BigInt) {
        let rho = source.unit(modulo: n)
        return (try! encrypt(m, randomness: rho), rho)
    }

    /// Homomorphic addition: `enc(a) ⊕ enc(b) = enc(a + b)`.
    public func add(_ a: BigInt, _ b: BigInt) -> BigInt { (a * b).mod(nSquared) }

    /// Homomorphic multiplication by a signed scalar `k`: `k ⊙ enc(a) = enc(k·a)`. `k` may be
    /// secret (the MtA's γ_i or x_i), so the exponentiation is constant time in `|k|`.
    public func multiply(_ c: BigInt, by k: BigInt) -> BigInt {
        Signed.powSecret(c, k, nSquared) ?? BigInt()
    }

    /// Canonical encoding of the modulus (minimal big-endian).
    public var encoded: [UInt8] { n.bytes() }
}
