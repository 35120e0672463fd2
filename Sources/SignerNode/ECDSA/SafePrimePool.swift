import BigNum
import Foundation
import Paillier

/// A node's supply of 1536-bit safe primes for CGGMP21 aux-info: each ECDSA key's aux-info
/// takes two (a fresh 3072-bit Paillier modulus per key). Generating one takes seconds to a
/// minute on a small machine, so the node fills the pool in the background from startup
/// (``startGenerating(target:threads:)``); tests and demos load a pregenerated pool file
/// instead (``load(file:)``) — public primes, never for real keys.
///
/// Shared by reference (the ceremony side takes, the generator adds), behind a lock.
public final class SafePrimePool: @unchecked Sendable {
    private let lock = NSLock()
    private var primes: [BigInt]
    private var generating = false
    /// Bits of each prime.
    public static let bits = 1536

    /// A pool holding `primes` (each a 1536-bit safe prime; checked by ``PaillierSecretKey``
    /// when a key is made from two of them).
    public init(primes: [BigInt] = []) { self.primes = primes }

    /// Primes left.
    public var count: Int { lock.withLock { primes.count } }

    /// Adds a prime (the background generator).
    public func add(_ prime: BigInt) { lock.withLock { primes.append(prime) } }

    /// Takes two primes and makes a Paillier key of them; nil when fewer than two are left or the
    /// pair is refused (then both are dropped).
    public func takeKey() -> PaillierSecretKey? {
        let pair: (BigInt, BigInt)? = lock.withLock {
            guard primes.count >= 2 else { return nil }
            let p = primes.removeFirst(), q = primes.removeFirst()
            return (p, q)
        }
        guard let (p, q) = pair else { return nil }
        return try? PaillierSecretKey(safePrimes: SecretPrimes(p: p, q: q))
    }

    /// The share of a pool file that member `member` (0-based) of `count` uses: pairs
    /// `member, member + count, …` — so nodes loading the same file never make the same modulus
    /// (aux-info refuses duplicate moduli across parties).
    public func slice(member: Int, of count: Int) -> SafePrimePool {
        let all = lock.withLock { primes }
        var mine: [BigInt] = []
        var pair = member
        while 2 * pair + 1 < all.count {
            mine += [all[2 * pair], all[2 * pair + 1]]
            pair += max(count, 1)
        }
        return SafePrimePool(primes: mine)
    }

    /// Reads a pool file: one safe prime per line in hex (optional `0x`), `#` comments and blank
    /// lines ignored. Every prime is checked to be a 1536-bit safe prime (a wrong file fails here,
    /// not in the middle of a ceremony).
    public static func load(file: String) throws(SafePrimePoolError) -> SafePrimePool {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { throw .unreadable(file) }
        var primes: [BigInt] = []
        for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("0x") { line.removeFirst(2) }
            guard let p = BigInt(hex: line), p.bitLength == bits, p.isProbablePrime(), ((p - 1) >> 1).isProbablePrime() else {
                throw .notASafePrime(line: number + 1)
            }
            primes.append(p)
        }
        return SafePrimePool(primes: primes)
    }

    /// Starts one background thread that generates safe primes until the pool holds `target`
    /// (checked after each prime; returns at once if one is already running). Prime generation
    /// is CPU-bound and blocking, so it stays off the event loops and the cooperative pool.
    public func startGenerating(target: Int, threads: Int = 1) {
        let start: Bool = lock.withLock {
            guard !generating else { return false }
            generating = true
            return true
        }
        guard start else { return }
        let thread = Thread { [self] in
            while count < target {
                guard let p = try? Primes.safePrime(bits: Self.bits, threads: threads) else { break }
                add(p)
            }
            lock.withLock { generating = false }
        }
        thread.name = "thresig-safe-primes"
        thread.start()
    }
}

/// Why a safe-prime pool file was refused.
public enum SafePrimePoolError: Error, Sendable, Equatable {
    /// The file could not be read.
    case unreadable(String)
    /// The line is not a 1536-bit safe prime in hex.
    case notASafePrime(line: Int)
}
