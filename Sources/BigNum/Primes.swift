import CGMP
import Foundation

/// Random prime and safe-prime generation.
///
/// Both generators use an incremental search (Brandt–Damgård, "On generation of probable
/// primes by incremental search", CRYPTO '92; the method of OpenSSL and GMP's
/// `mpz_nextprime`): pick a random odd start, sieve a window of `start, start+2, …`
/// against a table of small primes (residues computed once per window, then every
/// multiple crossed out by stepping), and run exponentiations only on survivors:
/// first a base-2 Fermat test (one exponentiation, rejects nearly every composite), then
/// the full ``BigInt/isProbablePrime()`` (BPSW + 64 random-base Miller–Rabin rounds,
/// error ≤ 2^−128). Incremental search slightly favours primes that follow long prime
/// gaps; Brandt–Damgård show this costs no meaningful entropy.
public enum Primes {
    /// Sieve bound: odd primes below 2^20 (82,024 of them). A deeper sieve leaves fewer
    /// survivors (for a safe-prime search the surviving fraction falls like 1/ln²(bound)),
    /// while computing one residue per small prime per window stays cheap next to the
    /// exponentiations it saves.
    static let sieveLimit = 1 << 20

    /// Odd primes below ``sieveLimit``, by the sieve of Eratosthenes, built once.
    static let smallPrimes: [UInt32] = {
        let n = sieveLimit
        var composite = [Bool](repeating: false, count: n)
        var out: [UInt32] = []
        out.reserveCapacity(83_000)
        var i = 3
        while i < n {
            if !composite[i] {
                out.append(UInt32(i))
                var j = i * i
                while j < n { composite[j] = true; j += 2 * i }
            }
            i += 2
        }
        return out
    }()

    /// Offsets per window: candidates `start + 2k` for `k` in `0..<windowSize`.
    static let windowSize = 1 << 16

    /// A random prime of exactly `bits` bits whose two top bits are set, so that the
    /// product of two such primes has exactly `2·bits` bits (what RSA/Paillier key
    /// generation wants: FIPS 186-5 A.1.3 asks for p, q ≥ √2·2^(bits−1); top two bits set
    /// is the usual sufficient form).
    /// - Throws: ``BigNumError/invalidBitLength`` when `bits < 8`.
    public static func randomPrime(bits: Int) throws(BigNumError) -> BigInt {
        guard bits >= 8 else { throw .invalidBitLength }
        while true {
            if let p = search(candidateBits: bits, safe: false, shouldStop: { false }, tested: { _ in }) {
                return p
            }
        }
    }

    /// A random safe prime `p = 2q + 1` (both `p` and `q` prime) of exactly `bits` bits,
    /// with the top two bits of `p` set (so products of two have exactly `2·bits` bits).
    /// Such `p` is ≡ 3 (mod 4), i.e. a Blum prime, as CGGMP21's Paillier moduli need.
    ///
    /// The sieve rejects `q` when `q` or `2q + 1` has a small factor. A survivor gets a
    /// base-2 Fermat test on `q` then on `p`, then the full test on `q`. `p` then needs no
    /// separate probabilistic test: by Pocklington's criterion, if `q` is prime,
    /// `q > √p − 1`, `2^(p−1) ≡ 1 (mod p)` and `gcd(2^((p−1)/q) − 1, p) = gcd(3, p) = 1`, then
    /// `p` is prime. (A BPSW test on `p` is still run, as a cheap cross-check.)
    ///
    /// - Parameters:
    ///   - bits: bit length of `p`, at least 16.
    ///   - progress: called on the calling thread with the running number of candidates
    ///     that survived the sieve and were tested by exponentiation (for progress bars).
    /// - Throws: ``BigNumError/invalidBitLength`` when `bits < 16`.
    public static func safePrime(bits: Int, progress: ((Int) -> Void)? = nil) throws(BigNumError) -> BigInt {
        guard bits >= 16 else { throw .invalidBitLength }
        var count = 0
        while true {
            let found = search(candidateBits: bits - 1, safe: true, shouldStop: { false }, tested: { n in
                count += n
                progress?(count)
            })
            if let p = found { return p }
        }
    }

    /// ``safePrime(bits:progress:)`` searched by `threads` workers at once (each from its own
    /// random start); the first to find a safe prime wins and the others stop at their next
    /// candidate. Expected time falls roughly linearly with the number of cores.
    ///
    /// - Parameters:
    ///   - threads: number of workers (≥ 1); e.g. `ProcessInfo.processInfo.activeProcessorCount`.
    ///   - progress: called from worker threads (serialised) with the total count of
    ///     candidates tested so far.
    /// - Throws: ``BigNumError/invalidBitLength`` when `bits < 16`.
    public static func safePrime(bits: Int, threads: Int, progress: (@Sendable (Int) -> Void)? = nil) throws(BigNumError) -> BigInt {
        guard bits >= 16 else { throw .invalidBitLength }
        let workers = Swift.max(1, threads)
        if workers == 1 { return try safePrime(bits: bits, progress: progress.map { p in { p($0) } }) }
        let shared = SharedSearch()
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while !shared.isDone {
                let found = search(candidateBits: bits - 1, safe: true, shouldStop: { shared.isDone }, tested: { n in
                    let total = shared.addTested(n)
                    progress?(total)
                })
                if let p = found { shared.offer(p); return }
            }
        }
        return shared.result!
    }

    /// State shared by the workers of the threaded search.
    private final class SharedSearch: @unchecked Sendable {
        private let lock = NSLock()
        private var found: BigInt?
        private var tested = 0

        var isDone: Bool { lock.withLock { found != nil } }
        var result: BigInt? { lock.withLock { found } }

        func offer(_ p: BigInt) { lock.withLock { if found == nil { found = p } } }

        func addTested(_ n: Int) -> Int { lock.withLock { tested += n; return tested } }
    }

    /// One window of the incremental search. `candidateBits` is the size of the number
    /// searched (`q` for safe primes). Returns the prime (`p = 2q + 1` when `safe`), or
    /// `nil` when the window is exhausted or `shouldStop()` turned true.
    static func search(candidateBits nb: Int, safe: Bool, shouldStop: () -> Bool, tested: (Int) -> Void) -> BigInt? {
        // Random start with the top two bits set and odd.
        var start = BigInt.random(bits: nb)
        let sp = start.mutablePtr()
        __gmpz_setbit(sp, mp_bitcnt_t(nb - 1))
        __gmpz_setbit(sp, mp_bitcnt_t(nb - 2))
        __gmpz_setbit(sp, 0)

        // Sieve only with primes smaller than every candidate (≥ 3·2^(nb−2)), so that a
        // candidate equal to a sieve prime is never struck out.
        let primes = smallPrimes
        var usable = primes.count
        if nb - 2 < 32 {
            let bound = UInt32(1) << UInt32(nb - 2)
            usable = primes.firstIndex(where: { $0 >= bound }) ?? primes.count
        }
        let window = windowSize
        var struck = [Bool](repeating: false, count: window)
        struck.withUnsafeMutableBufferPointer { s in
            for idx in 0..<usable {
                let p = Int(primes[idx])
                let r = Int(__gmpz_fdiv_ui(start.ptr, UInt(p)))
                let inv2 = (p + 1) >> 1
                // start + 2k ≡ 0 (mod p)  ⇔  k ≡ −r / 2.
                var k = ((p - r) % p) * inv2 % p
                while k < window { s[k] = true; k += p }
                if safe {
                    // 2(start + 2k) + 1 ≡ 0  ⇔  start + 2k ≡ (p − 1)/2  ⇔  k ≡ ((p−1)/2 − r) / 2.
                    k = (((p - 1) >> 1) + p - r) % p * inv2 % p
                    while k < window { s[k] = true; k += p }
                }
            }
        }

        for k in 0..<window where !struck[k] {
            if shouldStop() { return nil }
            let q = start + 2 * k
            if q.bitLength != nb { return nil }   // ran past the size; take a new start
            tested(1)
            guard q.isFermatProbablePrimeBase2() else { continue }
            if safe {
                let p = (q << 1) + 1
                guard p.isFermatProbablePrimeBase2() else { continue }
                guard q.isProbablePrime() else { continue }
                // Pocklington (see safePrime docs) proves p prime given q; BPSW cross-check.
                guard __gmpz_probab_prime_p(p.ptr, 24) != 0 else { continue }
                return p
            } else {
                guard q.isProbablePrime() else { continue }
                return q
            }
        }
        return nil
    }
}
