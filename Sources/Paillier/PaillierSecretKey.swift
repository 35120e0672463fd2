import BigNum
import Primitives

/// The two primes of a Paillier or ring-Pedersen modulus: secret. Wrapped so that they
/// never reach a log: `description` and reflection are redacted (a bare `BigInt` prints
/// its value).
public struct SecretPrimes: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The smaller-indexed prime p.
    public let p: BigInt
    /// The other prime q.
    public let q: BigInt

    /// The pair; nothing is checked here (see ``PaillierSecretKey/init(primes:minimumBits:)``).
    public init(p: BigInt, q: BigInt) { self.p = p; self.q = q }

    /// Redacted.
    public var description: String { "SecretPrimes(redacted)" }
    /// Redacted.
    public var debugDescription: String { description }
    /// No children: nothing secret through `dump` or `Mirror`.
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}

/// A Paillier secret key: the primes p, q of N (CGGMP21 requires safe primes, so that N is
/// a Blum modulus with a proof Πmod and the ring-Pedersen group has no small subgroups),
/// with the CRT constants for decryption and for fast encryption.
///
/// Every value here is secret and `description` is redacted. Exponentiations whose
/// exponent depends on p or q use GMP's constant-time `powm_sec`.
public struct PaillierSecretKey: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The public key N = p·q.
    public let publicKey: PaillierPublicKey
    /// The primes.
    public let primes: SecretPrimes
    let pSquared: BigInt
    let qSquared: BigInt
    /// φ(N) = (p − 1)(q − 1).
    let phi: BigInt
    /// `h_p = L_p((1 + N)^{p−1} mod p²)^{−1} mod p`, and the same for q (Paillier's CRT decryption).
    let hp: BigInt
    let hq: BigInt
    /// `p^{−1} mod q` for recombination.
    let pInvQ: BigInt
    /// `N mod p(p−1)` and `N mod q(q−1)`: the exponents of `ρ^N` per CRT half.
    let nModPhiP2: BigInt
    let nModPhiQ2: BigInt

    /// A key from two primes. Checks: p ≠ q, both odd primes (probabilistic test), and N of
    /// at least `minimumBits` bits. Safe-prime form is checked by ``init(safePrimes:minimumBits:)``.
    public init(primes: SecretPrimes, minimumBits: Int = PaillierPublicKey.minimumBits) throws(PaillierError) {
        let p = primes.p, q = primes.q
        guard p != q, p > 2, q > 2, p.isOdd, q.isOdd, p.isProbablePrime(), q.isProbablePrime() else { throw .invalidPrime }
        publicKey = try PaillierPublicKey(n: p * q, minimumBits: minimumBits)
        self.primes = primes
        pSquared = p * p
        qSquared = q * q
        phi = (p - 1) * (q - 1)
        let n = publicKey.n
        let g = 1 + n
        func hFor(_ r: BigInt, _ r2: BigInt) -> BigInt {
            let x = try! g.mod(r2).powmSec(r - 1, r2)
            return ((x - 1) / r).modInverse(r)!
        }
        hp = hFor(p, pSquared)
        hq = hFor(q, qSquared)
        pInvQ = p.modInverse(q)!
        nModPhiP2 = n.mod(p * (p - 1))
        nModPhiQ2 = n.mod(q * (q - 1))
    }

    /// A key from two safe primes (p = 2p′ + 1, q = 2q′ + 1), as CGGMP21 requires.
    public init(safePrimes primes: SecretPrimes, minimumBits: Int = PaillierPublicKey.minimumBits) throws(PaillierError) {
        for r in [primes.p, primes.q] {
            guard r.isOdd, ((r - 1) >> 1).isProbablePrime() else { throw .invalidPrime }
        }
        try self.init(primes: primes, minimumBits: minimumBits)
    }

    /// A fresh key from two new safe primes of `bits` bits each (1536 for CGGMP21), with the
    /// project's generator on `threads` workers; `progress` gets the candidates tested.
    public static func generate(bits: Int = 1536, threads: Int = 2, progress: (@Sendable (Int) -> Void)? = nil) throws -> PaillierSecretKey {
        while true {
            let p = try Primes.safePrime(bits: bits, threads: threads, progress: progress)
            let q = try Primes.safePrime(bits: bits, threads: threads, progress: progress)
            if p != q { return try PaillierSecretKey(primes: SecretPrimes(p: p, q: q), minimumBits: 2 * bits - 1) }
        }
    }

    /// φ(N), secret.
    public var totient: BigInt { phi }

    /// CRT recombination: the x mod N with x ≡ a (mod p), x ≡ b (mod q).
    func crt(_ a: BigInt, _ b: BigInt, _ m1: BigInt, _ m2: BigInt, _ m1InvM2: BigInt) -> BigInt {
        a + m1 * ((b - a) * m1InvM2).mod(m2)
    }

    /// `ρ^N mod N²` by CRT over p² and q² (≈ 3–4× faster than one exponentiation mod N²),
    /// constant time in ρ and in the secret exponents.
    public func rToTheN(_ rho: BigInt) -> BigInt {
        let a = Signed.powSecret(rho.mod(pSquared), nModPhiP2, pSquared)!
        let b = Signed.powSecret(rho.mod(qSquared), nModPhiQ2, qSquared)!
        let inv = pSquared.modInverse(qSquared)!
        return crt(a, b, pSquared, qSquared, inv)
    }

    /// `enc(m; ρ)` with the CRT shortcut; identical output to the public-key encryption.
    public func encrypt(_ m: BigInt, randomness rho: BigInt) throws(PaillierError) -> BigInt {
        let n = publicKey.n
        guard rho.sign > 0, rho < n, rho.gcd(n) == 1 else { throw .invalidRandomness }
        return (publicKey.gToThe(m) * rToTheN(rho)).mod(publicKey.nSquared)
    }

    /// A fresh encryption with the CRT shortcut.
    public func encrypt(_ m: BigInt, source: RandomSource) -> (ciphertext: BigInt, randomness: BigInt) {
        let rho = source.unit(modulo: publicKey.n)
        return (try! encrypt(m, randomness: rho), rho)
    }

    /// Decrypts to `[0, N)` by CRT: `m_p = L_p(c^{p−1} mod p²)·h_p mod p`, same for q,
    /// recombined. Refuses invalid ciphertexts.
    public func decrypt(_ c: BigInt) throws(PaillierError) -> BigInt {
        try publicKey.validate(c)
        let p = primes.p, q = primes.q
        let xp = Signed.powSecret(c.mod(pSquared), p - 1, pSquared)!
        let xq = Signed.powSecret(c.mod(qSquared), q - 1, qSquared)!
        let mp = (((xp - 1) / p) * hp).mod(p)
        let mq = (((xq - 1) / q) * hq).mod(q)
        return crt(mp, mq, p, q, pInvQ)
    }

    /// Decrypts to the signed representative in `(−N/2, N/2]` (CGGMP21's plaintexts are signed).
    public func decryptSigned(_ c: BigInt) throws(PaillierError) -> BigInt {
        Signed.centered(try decrypt(c), modulus: publicKey.n)
    }

    /// Recovers the randomness ρ of a ciphertext `c = (1 + N)^m ρ^N`: `ρ = (c·(1+N)^{−m})^{N^{−1} mod φ(N)} mod N`.
    /// Used by the identification phase, where a party reveals how it encrypted.
    public func randomness(of c: BigInt) throws(PaillierError) -> BigInt {
        let m = try decrypt(c)
        let n = publicKey.n
        let u = (c * publicKey.gToThe(-m)).mod(publicKey.nSquared).mod(n)
        let d = n.modInverse(phi)!
        return Signed.powSecret(u, d, n)!
    }

    /// Redacted.
    public var description: String { "PaillierSecretKey(N: \(publicKey.n.bitLength) bits, primes redacted)" }
    /// Redacted.
    public var debugDescription: String { description }
    /// Only the public key through reflection.
    public var customMirror: Mirror { Mirror(self, children: ["publicKey": publicKey.n.bitLength]) }
}

extension PaillierSecretKey {
    /// `base^e mod N` for a unit `base` and `e ≥ 0`, by CRT with the exponent reduced mod
    /// p − 1 and q − 1 (Fermat): about 3× faster than one exponentiation mod N, constant
    /// time in the (secret) exponent.
    public func powModN(_ base: BigInt, _ e: BigInt) -> BigInt {
        let p = primes.p, q = primes.q
        let ep = e.mod(p - 1), eq = e.mod(q - 1)
        let a = ep.isZero ? BigInt(1) : try! base.mod(p).powmSec(ep, p)
        let b = eq.isZero ? BigInt(1) : try! base.mod(q).powmSec(eq, q)
        return crt(a, b, p, q, pInvQ)
    }
}

extension Optional where Wrapped == PaillierSecretKey {
    /// The wrapped key when it is the secret key of `publicKey`, else nil: lets a proof
    /// that may or may not run on the holder's own key take the CRT shortcut
    /// (`key.ownEncryption(under: pk)?.encrypt(…) ?? pk.encrypt(…)`) only when it applies.
    public func ownEncryption(under publicKey: PaillierPublicKey) -> PaillierSecretKey? {
        guard let key = self, key.publicKey == publicKey else { return nil }
        return key
    }
}
