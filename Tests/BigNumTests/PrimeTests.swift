import Testing
@testable import BigNum

@Suite struct PrimeTests {
    @Test func knownPrimes() {
        let primes: [BigInt] = [2, 3, 5, 7, 65537, 1_000_003, 2_147_483_647,
                                Known.m127, Known.m521, Known.secpP, Known.secpN, Known.p25519, Known.p224, Known.bls]
        for p in primes { #expect(p.isProbablePrime(), "\(p)") }
    }

    @Test func knownComposites() {
        let composites: [BigInt] = [
            -7, 0, 1, 4, 9, 561, 1105, 1729, 2465, 2821, 6601, 41041, 825_265,  // Carmichael numbers (and trivia)
            2047, 3_215_031_751, 2_152_302_898_747,                             // strong pseudoprimes to base 2 (2047) and to bases 2…7, 2…11
            3_825_123_056_546_413_051,                                          // strong pseudoprime to the nine prime bases 2…23
            Known.m127 * Known.p25519, (BigInt(1) << 128) + 1, Known.secpP * Known.secpP,
        ]
        for c in composites { #expect(!c.isProbablePrime(), "\(c)") }
        // Base-2 Fermat alone is fooled by 341 and by Carmichael numbers; the full test is not.
        #expect(BigInt(341).isFermatProbablePrimeBase2() && !BigInt(341).isProbablePrime())
        #expect(BigInt(561).isFermatProbablePrimeBase2())
    }

    @Test func millerRabinAloneCatchesStrongPseudoprimeAtMostRarely() {
        // 3215031751 is a strong pseudoprime to bases 2, 3, 5, 7, but random bases expose it.
        #expect(!BigInt(3_215_031_751).millerRabin(rounds: 64))
        #expect(Known.m127.millerRabin(rounds: 8))
    }

    @Test func randomBelowStaysInRangeAndCoversSmallBound() {
        var seen = Set<Int>()
        for _ in 0..<400 {
            let v = BigInt.random(below: 7)
            #expect(v >= 0 && v < 7)
            seen.insert(v.intValue!)
        }
        #expect(seen == Set(0..<7))
        #expect(BigInt.random(below: 1) == 0)
        let bound = (BigInt(1) << 300) + 12345
        for _ in 0..<100 {
            let v = BigInt.random(below: bound)
            #expect(v >= 0 && v < bound)
        }
        var top = 0
        for _ in 0..<200 where BigInt.random(bits: 64).bitLength == 64 { top += 1 }
        #expect(top > 50 && top < 150)   // top bit uniform: ~100 expected
        #expect(BigInt.random(bits: 0) == 0)
        #expect(BigInt.random(bits: 9) < 512)
    }

    @Test func randomUnit() {
        let m = BigInt(2 * 3 * 5 * 7 * 11 * 13)
        for _ in 0..<100 {
            let u = BigInt.randomUnit(modulo: m)
            #expect(u > 0 && u < m && u.gcd(m) == 1)
        }
    }

    @Test(arguments: [64, 128, 256, 521])
    func randomPrimeHasExactSize(bits: Int) throws {
        let p = try Primes.randomPrime(bits: bits)
        #expect(p.bitLength == bits)
        #expect(p.testBit(bits - 2))
        #expect(p.isProbablePrime())
        let q = try Primes.randomPrime(bits: bits)
        #expect((p * q).bitLength == 2 * bits)
    }

    @Test(arguments: [16, 24, 128, 256])
    func safePrimeIsSafe(bits: Int) throws {
        var calls = 0
        let p = try Primes.safePrime(bits: bits) { _ in calls += 1 }
        #expect(calls > 0)
        #expect(p.bitLength == bits && p.testBit(bits - 2))
        #expect(p.isProbablePrime())
        let q = (p - 1) >> 1
        #expect(q.isProbablePrime() && q.bitLength == bits - 1)
        #expect(p.mod(4) == 3)
    }

    @Test func safePrimeThreaded() throws {
        let p = try Primes.safePrime(bits: 192, threads: 2)
        #expect(p.bitLength == 192 && p.isProbablePrime() && ((p - 1) >> 1).isProbablePrime())
    }

    @Test func badBitLengths() {
        #expect(throws: BigNumError.invalidBitLength) { try Primes.randomPrime(bits: 7) }
        #expect(throws: BigNumError.invalidBitLength) { try Primes.safePrime(bits: 15) }
        #expect(throws: BigNumError.invalidBitLength) { try Primes.safePrime(bits: 8, threads: 2) }
    }

    @Test func smallPrimeTable() {
        let t = Primes.smallPrimes
        #expect(t.prefix(6) == [3, 5, 7, 11, 13, 17])
        #expect(t.count == 82_024)   // π(2^20) = 82025, minus the prime 2
        #expect(t.last == 1_048_573)
    }
}
