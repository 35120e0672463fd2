import BigNum
import Paillier
import Testing

/// Ring-Pedersen commitments through the comb tables against the two-`mpz_powm_sec`
/// reference and GMP's variable-time `mpz_powm`, at the widths CGGMP21's proofs use.
@Suite("ring-Pedersen commitments (comb tables)") struct RingPedersenCommitmentTests {
    static func params() throws -> RingPedersenParameters {
        let (rp, _) = RingPedersenSecret.generate(for: try Pool.key(0), source: .system)
        return rp
    }

    /// `x` uniform in ±2^bits.
    static func signed(_ bits: Int) -> BigInt { BigInt.random(bits: bits + 1) - (BigInt(1) << bits) }

    @Test("commitSecret = commitPublic = s^a·t^b by mpz_powm_sec and by mpz_powm, at every proof's widths")
    func matchesReferences() throws {
        let rp = try Self.params()
        let nBits = rp.n.bitLength
        // (a, b) widths: Πenc/Πlog* S and D, Πaff-g E, S, F, T, Πfac P, A and R = s^N0 t^σ.
        let shapes = [(256, 256 + nBits), (486, 486 + nBits), (1078, 486 + nBits), (848, 256 + nBits),
                      (1536, 256 + nBits), (486 + 1536, 486 + nBits), (nBits, 256 + 2 * nBits)]
        for (aBits, bBits) in shapes {
            let a = Self.signed(aBits), b = Self.signed(bBits)
            let expected = rp.commitSecretTwoPowers(a, b)
            #expect(rp.commitSecret(a, b) == expected, "widths \(aBits), \(bBits)")
            #expect(rp.commitPublic(a, b) == expected)
            #expect(expected == (Signed.powPublic(rp.s, a, rp.n)! * Signed.powPublic(rp.t, b, rp.n)!).mod(rp.n))
        }
        // Zero exponents, and one of them zero.
        #expect(rp.commitSecret(0, 0) == 1)
        #expect(rp.commitSecret(1, 0) == rp.s)
        #expect(rp.commitSecret(0, -1) == rp.t.modInverse(rp.n)!)
    }

    @Test("exponents beyond the table limit take the plain path and give the same value")
    func wideExponentsFallBack() throws {
        let rp = try Self.params()
        let wide = Self.signed(rp.tableBitLimit + 64)
        let small = Self.signed(200)
        #expect(rp.commitPublic(small, wide) == rp.commitSecretTwoPowers(small, wide))
        #expect(rp.commitPublic(wide, small) == rp.commitSecretTwoPowers(wide, small))
        #expect(rp.powerOfT(wide) == Signed.powPublic(rp.t, wide, rp.n)!)
        let z = BigInt.random(below: rp.n)
        #expect(rp.powerOfT(z) == rp.t.powm(z, rp.n))
    }

    @Test("copies share equality and hashing by (N̂, s, t)")
    func equalityIgnoresTables() throws {
        let rp = try Self.params()
        let again = try RingPedersenParameters(n: rp.n, s: rp.s, t: rp.t)
        _ = rp.commitSecret(5, 7)   // tables built in one value only
        #expect(rp == again)
        #expect(Set([rp, again]).count == 1)
    }
}
