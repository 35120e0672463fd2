import CGMP

extension BigInt {
    /// The inverse of `self` modulo `m`, in `[0, |m|)`; `nil` when `gcd(self, m) != 1`
    /// or `m == 0`. Not constant time.
    public func modInverse(_ m: BigInt) -> BigInt? {
        // mpz_invert's behaviour is undefined for a zero modulus.
        guard !m.isZero else { return nil }
        if m == 1 || m == -1 { return BigInt() }
        let r = MPZ()
        guard __gmpz_invert(r.p, ptr, m.ptr) != 0 else { return nil }
        return BigInt(storage: r)
    }

    /// Greatest common divisor, non-negative; `gcd(0, 0) == 0`.
    public func gcd(_ other: BigInt) -> BigInt {
        BigInt.make { __gmpz_gcd($0, ptr, other.ptr) }
    }

    /// Least common multiple, non-negative; 0 when either operand is 0.
    public func lcm(_ other: BigInt) -> BigInt {
        BigInt.make { __gmpz_lcm($0, ptr, other.ptr) }
    }

    /// `self^e mod m` in `[0, |m|)` with GMP's fast, **variable-time** `mpz_powm`: use it
    /// for public exponents only (verification, primality tests, public keys). For secret
    /// exponents use ``powmSec(_:_:)``.
    /// - Precondition: `m != 0` and `e >= 0`. Validate moduli from input before calling
    ///   (or use ``powmSec(_:_:)``, which throws).
    public func powm(_ e: BigInt, _ m: BigInt) -> BigInt {
        precondition(!m.isZero, "powm: zero modulus")
        precondition(e.sign >= 0, "powm: negative exponent (use modInverse first)")
        return BigInt.make { __gmpz_powm($0, ptr, e.ptr, m.ptr) }
    }

    /// `self^e mod m` in `[0, m)` with GMP's side-channel-silent `mpz_powm_sec`: its
    /// memory access pattern and running time depend only on the limb counts of `e` and
    /// `m`, not on their values. Use it whenever `e` is secret (Paillier decryption
    /// exponents, secret nonces).
    ///
    /// GMP requires an odd modulus (it uses Montgomery multiplication) and `e > 0`.
    /// The base should already be in `[0, m)`; otherwise it is first reduced with the
    /// variable-time `mod` (harmless when the base is public).
    /// - Throws: ``BigNumError/nonPositiveModulus`` for `m <= 0`,
    ///   ``BigNumError/evenModulusForConstantTime`` for even `m`,
    ///   ``BigNumError/nonPositiveExponent`` for `e <= 0`.
    public func powmSec(_ e: BigInt, _ m: BigInt) throws(BigNumError) -> BigInt {
        guard m.sign > 0 else { throw .nonPositiveModulus }
        guard m.isOdd else { throw .evenModulusForConstantTime }
        guard e.sign > 0 else { throw .nonPositiveExponent }
        let base = (sign < 0 || self >= m) ? self.mod(m) : self
        return BigInt.powmSecUnchecked(base, e, m)
    }

    private static func powmSecUnchecked(_ base: BigInt, _ e: BigInt, _ m: BigInt) -> BigInt {
        make { __gmpz_powm_sec($0, base.ptr, e.ptr, m.ptr) }
    }

    /// The Jacobi symbol `(self / n)` ∈ {−1, 0, 1}, defined for odd positive `n`; equal to
    /// the Legendre symbol when `n` is an odd prime (1: non-zero square mod n, −1: non-square,
    /// 0: `n` divides `self`). For other `n` GMP's Kronecker extension is returned
    /// (`mpz_jacobi` is an alias of `mpz_kronecker`), so no input makes this trap.
    public func jacobi(_ n: BigInt) -> Int {
        Int(__gmpz_jacobi(ptr, n.ptr))
    }

    /// A square root of `self` modulo the odd prime `p`: the smaller of the two roots `r`
    /// and `p − r`, in `[0, p)`; `nil` when `self` is not a square mod `p`.
    ///
    /// `p ≡ 3 (mod 4)`: `r = a^((p+1)/4)`. Otherwise Tonelli–Shanks (Cohen, *A Course in
    /// Computational Algebraic Number Theory*, Alg. 1.5.1) with the smallest non-residue
    /// found by trial, which is fine since `p` is public. Variable time: not for secrets.
    /// `p` is assumed prime, not checked; for other `p` the result is `nil` or a verified
    /// root (every returned root is checked by squaring), and the loops are bounded.
    public func sqrtMod(_ p: BigInt) -> BigInt? {
        guard p.sign > 0, p.isOdd, p > 2 else { return nil }
        let a = self.mod(p)
        if a.isZero { return BigInt() }
        guard a.jacobi(p) == 1 else { return nil }
        var root: BigInt
        if p.testBit(1) {
            // p ≡ 3 mod 4: a^((p+1)/4)² = a^((p+1)/2) = a · a^((p−1)/2) = a (Euler's criterion).
            root = a.powm((p + 1) >> 2, p)
        } else {
            // Tonelli–Shanks: p − 1 = q · 2^s with q odd.
            let pm1 = p - 1
            let s = Int(__gmpz_scan1(pm1.ptr, 0))
            let q = pm1 >> s
            var z = BigInt(2)
            var tries = 0
            while z.jacobi(p) != -1 {
                z += 1; tries += 1
                if tries > 100_000 { return nil }   // p is not prime
            }
            var m = s
            var c = z.powm(q, p)
            var t = a.powm(q, p)
            root = a.powm((q + 1) >> 1, p)
            while t != 1 {
                // Least i in (0, m) with t^(2^i) = 1.
                var i = 0
                var t2 = t
                while t2 != 1 {
                    t2 = (t2 * t2).mod(p)
                    i += 1
                    if i >= m { return nil }   // only when p is not prime
                }
                let b = c.powm(BigInt(1) << (m - i - 1), p)
                m = i
                c = (b * b).mod(p)
                t = (t * c).mod(p)
                root = (root * b).mod(p)
            }
        }
        guard (root * root).mod(p) == a else { return nil }
        let other = p - root
        return other < root ? other : root
    }

    // MARK: Primality

    /// Miller–Rabin rounds with uniformly random bases (libsodium) run on top of BPSW.
    /// 64 rounds give a worst-case error of 4^−64 = 2^−128 (see ``isProbablePrime()``).
    public static let millerRabinRounds = 64

    /// True when `self` is prime, except with probability at most 2^−128 for **any** input,
    /// adversarially chosen ones included. Negative numbers, 0 and 1 are not prime.
    ///
    /// Why the bound holds:
    /// 1. GMP's `mpz_probab_prime_p` (6.2+) first does trial division and a Baillie–PSW
    ///    test (strong probable prime to base 2 plus a strong Lucas test); no BPSW
    ///    pseudoprime is known, and it is exact below 2^64. We call it with `reps = 24`,
    ///    which is BPSW alone: GMP's extra rounds (`reps − 24`) draw their bases from a
    ///    fixed-seed generator, so they are predictable and we do not count on them.
    /// 2. Then ``millerRabinRounds`` (64) Miller–Rabin rounds with bases drawn uniformly
    ///    from `[2, n−2]` by libsodium. For any odd composite `n` at most 1/4 of the bases
    ///    are strong liars (Rabin 1980; Monier 1980), so 64 independent rounds all lie with
    ///    probability ≤ 4^−64 = 2^−128. This is the worst-case bound that FIPS 186-5
    ///    (Appendix B.3 and C.3) calls for when the candidate was not generated randomly by
    ///    the tester; for random candidates far fewer rounds would do (Damgård–Landrock–
    ///    Pomerance), but the same function serves both, so it takes the safe count.
    ///
    /// Cost: about 65 modular exponentiations of the size of `self`.
    public func isProbablePrime() -> Bool {
        guard sign > 0 else { return false }
        let r = __gmpz_probab_prime_p(ptr, 24)
        if r == 0 { return false }
        if r == 2 { return true }   // GMP proved it (small n)
        return millerRabin(rounds: BigInt.millerRabinRounds)
    }

    /// Miller–Rabin with `rounds` uniformly random bases in `[2, n−2]`. `self` must be odd
    /// and > 3 (ensured by the BPSW step in ``isProbablePrime()``).
    func millerRabin(rounds: Int) -> Bool {
        let n = self
        // Tiny or even inputs have no base range [2, n−2]; answer them directly.
        if n < 5 || n.isEven { return n == 2 || n == 3 }
        let nm1 = n - 1
        let s = Int(__gmpz_scan1(nm1.ptr, 0))
        let d = nm1 >> s
        let span = n - 3   // bases 2 … n−2
        for _ in 0..<rounds {
            let a = BigInt.random(below: span) + 2
            var x = a.powm(d, n)
            if x == 1 || x == nm1 { continue }
            var witness = true
            for _ in 1..<Swift.max(s, 1) {
                x = (x * x).mod(n)
                if x == nm1 { witness = false; break }
                if x == 1 { break }
            }
            if witness { return false }
        }
        return true
    }

    /// Fermat test to base 2: `2^(n−1) ≡ 1 (mod n)`. One exponentiation; used as the
    /// cheap filter in prime generation before the full test. `self` must be odd and > 2.
    func isFermatProbablePrimeBase2() -> Bool {
        BigInt.fermat2(self)
    }

    private static func fermat2(_ n: BigInt) -> Bool {
        let two = BigInt(2)
        let e = n - 1
        let r = MPZ()
        // Keep the locals alive across the C call that only sees their raw pointers.
        return withExtendedLifetime((two, e, r)) {
            __gmpz_powm(r.p, two.ptr, e.ptr, n.ptr)
            return __gmpz_cmp_ui(r.p, 1) == 0
        }
    }
}
