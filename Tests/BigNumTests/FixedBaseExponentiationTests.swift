import Testing
@testable import BigNum

/// The comb (``FixedBaseExponentiation``) against GMP's `mpz_powm` (``BigInt/powm(_:_:)``,
/// an independent code path: sliding windows, no tables) on random and edge inputs.
@Suite struct FixedBaseExponentiationTests {
    /// `g^e mod m` by GMP, negative exponents through the inverse.
    static func reference(_ g: BigInt, _ e: BigInt, _ m: BigInt) -> BigInt {
        e.sign >= 0 ? g.mod(m).powm(e, m) : g.modInverse(m)!.powm(-e, m)
    }

    /// Odd moduli of one limb, a limb boundary, 3072 bits (a ring-Pedersen N̂'s size) and odd.
    static let moduli: [BigInt] = [
        BigInt(3), BigInt(0xFFFF_FFFF_FFFF_FFC5), (BigInt(1) << 64) + 13, Known.secpP, Known.m521,
        BigInt.random(bits: 3072) | (BigInt(1) << 3071) | 1,
    ]

    /// Exponent 0, 1, all-ones at and across limb boundaries, and "max length" (wider than
    /// any subtable built so far, so the tables grow during the test), both signs.
    static func edgeExponents(_ m: BigInt) -> [BigInt] {
        var es: [BigInt] = [0, 1, 2, 63, 64, 65]
        for bits in [63, 64, 65, 127, 128, 320, 321, 640, m.bitLength, m.bitLength + 512, 4096] {
            es.append((BigInt(1) << bits) - 1)
            es.append(BigInt(1) << bits)
        }
        es.append(m - 1); es.append(m); es.append(m + 1)
        return es + es.map { -$0 }
    }

    @Test func edgeExponentsOnEdgeAndRandomBases() throws {
        for m in Self.moduli {
            let mod = try MontgomeryModulus(m)
            // Units: 1, m − 1 (−1), 2, a random unit; the base ≥ m is reduced first.
            for g in [BigInt(1), m - 1, BigInt(2) % m, BigInt.randomUnit(modulo: m), m + 2] where g.mod(m).gcd(m) == 1 {
                let powers = try FixedBasePowers(base: g, modulus: mod)
                #expect(powers.isInvertible)
                for e in Self.edgeExponents(m) {
                    let got = try FixedBaseExponentiation.power(powers, e)
                    #expect(got == Self.reference(g, e, m), "g=\(g) e=\(e) m=\(m)")
                }
            }
        }
    }

    @Test func nonUnitBasesTakeOnlyNonNegativeExponents() throws {
        let m = Known.m521   // prime, so 0 is the only non-unit residue; and a composite below
        let composite = BigInt(3 * 5 * 7 * 11) * ((BigInt(1) << 200) + 1) | 1
        for (g, mod) in [(BigInt(0), m), (m, m), (BigInt(15), composite)] {
            let powers = try FixedBasePowers(base: g, modulus: try MontgomeryModulus(mod))
            #expect(!powers.isInvertible)
            for e in Self.edgeExponents(mod) where e.sign >= 0 {
                #expect(try FixedBaseExponentiation.power(powers, e) == g.mod(mod).powm(e, mod), "g=\(g) e=\(e)")
            }
            #expect(throws: BigNumError.notInvertible) { try FixedBaseExponentiation.power(powers, -1) }
        }
    }

    @Test func randomProductsOfTwoBasesMatchGMP() throws {
        for m in Self.moduli {
            let mod = try MontgomeryModulus(m)
            for teeth in [1, 4, 5, 8] {
                let s = try FixedBasePowers(base: BigInt.randomUnit(modulo: m), modulus: mod, teeth: teeth)
                let t = try FixedBasePowers(base: BigInt.randomUnit(modulo: m), modulus: mod, teeth: teeth)
                for _ in 0..<6 {
                    // The shapes of CGGMP21's commitments: a short exponent beside one of |N̂| + 486 bits.
                    let a = BigInt.random(bits: 1078) - (BigInt(1) << 1077)
                    let b = BigInt.random(bits: m.bitLength + 486) - (BigInt(1) << (m.bitLength + 485))
                    let got = try FixedBaseExponentiation.product([(s, a), (t, b)])
                    #expect(got == (Self.reference(s.base, a, m) * Self.reference(t.base, b, m)).mod(m), "teeth=\(teeth) m=\(m)")
                }
            }
        }
    }

    @Test func emptyProductIsOne() throws {
        #expect(try FixedBaseExponentiation.product([]) == 1)
    }

    @Test func refusesBadModuliAndMixedModuli() throws {
        #expect(throws: BigNumError.evenModulusForConstantTime) { try MontgomeryModulus(BigInt(1) << 100) }
        #expect(throws: BigNumError.nonPositiveModulus) { try MontgomeryModulus(1) }
        #expect(throws: BigNumError.nonPositiveModulus) { try MontgomeryModulus(-7) }
        #expect(throws: BigNumError.invalidBitLength) { try FixedBasePowers(base: 2, modulus: try MontgomeryModulus(7), teeth: 0) }
        let a = try FixedBasePowers(base: 2, modulus: try MontgomeryModulus(Known.m127))
        let b = try FixedBasePowers(base: 3, modulus: try MontgomeryModulus(Known.m127))
        #expect(throws: BigNumError.mismatchedModuli) { try FixedBaseExponentiation.product([(a, 5), (b, 7)]) }
    }

    /// Concurrent first uses grow the same tables; every result must still be right.
    @Test func concurrentUseBuildsConsistentTables() async throws {
        let m = Known.m521
        let powers = try FixedBasePowers(base: 5, modulus: try MontgomeryModulus(m))
        let exponents = (0..<16).map { i in BigInt.random(bits: 200 + 300 * i) - (BigInt(1) << (100 + 150 * i)) }
        let results = await withTaskGroup(of: (Int, BigInt).self) { group in
            for (i, e) in exponents.enumerated() { group.addTask { (i, try! FixedBaseExponentiation.power(powers, e)) } }
            var out: [Int: BigInt] = [:]
            for await (i, r) in group { out[i] = r }
            return out
        }
        for (i, e) in exponents.enumerated() { #expect(results[i] == Self.reference(5, e, m)) }
    }
}
