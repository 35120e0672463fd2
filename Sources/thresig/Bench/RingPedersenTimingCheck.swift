import BigNum
import Paillier

extension ConstantTimeBench {
    /// The ring-Pedersen comb (`RingPedersenParameters.commitSecret`, CGGMP21 §2.4) on a
    /// 3072-bit N̂: single-set-bit exponents of opposite signs against random exponents of
    /// the same shapes as Πaff-g's (|a| ≤ 2^486, |b| ≤ 2^486·N̂). The fixed exponents have
    /// the random ones' limb counts (8 and 56), which the comb exposes by design (as
    /// `mpz_powm_sec` does); their bits and signs must not show.
    static func ringPedersenChecks(samples: Int) -> [(String, DudectCheck.Result)] {
        let pool = SimulationPrimes.safePrimes1536
        let key = try! PaillierSecretKey(safePrimes: SecretPrimes(p: BigInt(hex: pool[0])!, q: BigInt(hex: pool[1])!))
        let (rp, _) = RingPedersenSecret.generate(for: key, source: .system)
        let aBits = 486, bBits = 486 + rp.n.bitLength
        let fixed = (-(BigInt(1) << 448), BigInt(1) << 3520)
        _ = rp.commitSecret(fixed.0, fixed.1)   // build the tables outside the measurement
        let prepare: (Bool) -> (BigInt, BigInt) = { fixedClass in
            var a = BigInt(), b = BigInt()
            repeat {
                a = BigInt.random(bits: aBits + 1) - (BigInt(1) << aBits)
                b = BigInt.random(bits: bBits + 1) - (BigInt(1) << bBits)
            } while (a.magnitude.bitLength + 63) / 64 != 8 || (b.magnitude.bitLength + 63) / 64 != 56
            return fixedClass ? fixed : (a, b)
        }
        return [("ring-Pedersen s^a·t^b (comb), a = −2^448, b = 2^3520",
                 DudectCheck.run(samples: max(100, samples / 20), prepare: prepare) { blackHole(rp.commitSecret($0.0, $0.1)) })]
    }
}
