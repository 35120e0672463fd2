import BigNum

/// Ring-Pedersen parameters `(N̂, s, t)` (CGGMP21 §2.4 / Def. 2.4): `t` a random square
/// mod N̂, `s = t^λ` for a secret λ. Commitments `s^a t^b mod N̂` to integers of any size
/// are what the range proofs (Πenc, Πaff-g, Πlog*, Πfac) are built on; the prover must not
/// know λ, so each party proves (Πprm) that it generated its own parameters honestly and
/// every other party proves its statements against them.
///
/// Commitments go through per-base comb tables (``FixedBasePowers``) built on first use
/// and shared by every copy of the value: the prover commits many times against the same
/// verifier's (N̂, s, t) during an aux-info epoch, so the tables pay for themselves after
/// a couple of commitments (see docs/benchmarks.md).
public struct RingPedersenParameters: Sendable, Hashable {
    /// N̂, a product of two safe primes (here: the party's Paillier modulus, as in the
    /// cggmp21 crate's aux-info).
    public let n: BigInt
    /// s = t^λ mod N̂.
    public let s: BigInt
    /// t, a random quadratic residue mod N̂.
    public let t: BigInt

    /// Parameters received from a party, with the checks the aux-info round applies:
    /// N̂ of at least `minimumBits` bits and odd, s and t units in `(1, N̂)`, s ≠ t.
    /// Why: `gcd(s, N̂) ≠ 1` or `gcd(t, N̂) ≠ 1` hands out a factor of N̂; s = 1 or t = 1
    /// makes the commitments non-hiding or non-binding.
    public init(n: BigInt, s: BigInt, t: BigInt, minimumBits: Int = PaillierPublicKey.minimumBits) throws(PaillierError) {
        guard n.sign > 0, n.isOdd, n.bitLength >= minimumBits else {
            throw n.bitLength < minimumBits ? .modulusTooSmall(bits: n.bitLength, minimum: minimumBits) : .invalidModulus
        }
        for v in [s, t] {
            guard v > 1, v < n, v.gcd(n) == 1 else { throw .invalidRingPedersen }
        }
        guard s != t else { throw .invalidRingPedersen }
        self.n = n; self.s = s; self.t = t
        // n is odd and > 1, s and t are units (checked above): none of these can throw.
        let modulus = try! MontgomeryModulus(n)
        sPowers = try! FixedBasePowers(base: s, modulus: modulus)
        tPowers = try! FixedBasePowers(base: t, modulus: modulus)
    }

    /// Comb tables of s and t (immutable once built, shared by copies).
    let sPowers: FixedBasePowers
    let tPowers: FixedBasePowers

    /// Equal when (N̂, s, t) are; the tables are derived.
    public static func == (l: Self, r: Self) -> Bool { l.n == r.n && l.s == r.s && l.t == r.t }

    /// Hashes (N̂, s, t).
    public func hash(into h: inout Hasher) { h.combine(n); h.combine(s); h.combine(t) }

    /// `s^a · t^b mod N̂` for public signed exponents (verification side). The same comb as
    /// ``commitSecret(_:_:)``: with the tables built it is several times faster than two
    /// variable-time `mpz_powm`, and being constant time costs nothing here.
    /// Exponents wider than ``tableBitLimit`` (only a malformed proof has them) take two
    /// variable-time `mpz_powm` instead, so that a peer cannot grow the tables without bound.
    public func commitPublic(_ a: BigInt, _ b: BigInt) -> BigInt {
        guard a.bitLength <= tableBitLimit, b.bitLength <= tableBitLimit else {
            return (Signed.powPublic(s, a, n)! * Signed.powPublic(t, b, n)!).mod(n)
        }
        return commitSecret(a, b)
    }

    /// The widest public exponent served from the tables: twice N̂'s size plus 1024 bits,
    /// above the widest honest one (Πfac's σ ∈ ±2^ℓ·N0·N̂ with |N0| = |N̂|, and its
    /// responses w ≈ 2^{ℓ+ε}·N0·N̂ plus e·σ).
    public var tableBitLimit: Int { 2 * n.bitLength + 1024 }

    /// `s^a · t^b mod N̂` for secret signed exponents (prover side): one constant-time
    /// interleaved comb pass over both bases (``FixedBaseExponentiation``).
    public func commitSecret(_ a: BigInt, _ b: BigInt) -> BigInt {
        // s, t are units of the same prepared modulus: product cannot throw.
        try! FixedBaseExponentiation.product([(sPowers, a), (tPowers, b)])
    }

    /// `t^e mod N̂` through t's comb table (Πprm's verifier checks 128 of these against
    /// the same t, so the table pays off many times over). Constant time; e may be signed.
    /// Exponents wider than ``tableBitLimit`` take `mpz_powm` (see ``commitPublic(_:_:)``).
    public func powerOfT(_ e: BigInt) -> BigInt {
        guard e.bitLength <= tableBitLimit else { return Signed.powPublic(t, e, n)! }
        // t is a unit of the prepared modulus: power cannot throw.
        return try! FixedBaseExponentiation.power(tPowers, e)
    }

    /// The previous method, two separate `mpz_powm_sec` and a product: kept as the
    /// reference that tests and `thresig bench ecdsa` compare the comb against.
    public func commitSecretTwoPowers(_ a: BigInt, _ b: BigInt) -> BigInt {
        (Signed.powSecret(s, a, n)! * Signed.powSecret(t, b, n)!).mod(n)
    }
}

/// The secret behind ring-Pedersen parameters: λ with `s = t^λ mod N̂`, and φ(N̂).
/// Known only to the party that generated them; used once, to prove Πprm. Redacted.
public struct RingPedersenSecret: Sendable, CustomStringConvertible, CustomReflectable {
    /// λ ∈ Z_φ(N̂).
    public let lambda: BigInt
    /// φ(N̂).
    public let phi: BigInt

    /// Redacted.
    public var description: String { "RingPedersenSecret(redacted)" }
    /// No children.
    public var customMirror: Mirror { Mirror(self, children: [:]) }

    /// Generates parameters over the modulus of `key` (CGGMP21 Fig. 6 step 1: `r ← Z*_N̂`,
    /// `t = r² mod N̂`, `λ ← Z_φ(N̂)`, `s = t^λ mod N̂`).
    public static func generate(for key: PaillierSecretKey, source: RandomSource) -> (RingPedersenParameters, RingPedersenSecret) {
        let n = key.publicKey.n
        let phi = key.totient
        while true {
            let r = source.unit(modulo: n)
            let t = (r * r).mod(n)
            let lambda = source.integer(below: phi)
            let s = Signed.powSecret(t, lambda, n)!
            if let params = try? RingPedersenParameters(n: n, s: s, t: t, minimumBits: n.bitLength) {
                return (params, RingPedersenSecret(lambda: lambda, phi: phi))
            }
        }
    }
}
