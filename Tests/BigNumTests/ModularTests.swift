import Testing
@testable import BigNum

enum Known {
    /// secp256k1 field prime, ≡ 3 (mod 4).
    static let secpP: BigInt = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEFFFFFC2F
    /// secp256k1 group order, ≡ 1 (mod 64): Tonelli–Shanks with s = 6.
    static let secpN: BigInt = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141
    /// 2^255 − 19, ≡ 5 (mod 8).
    static let p25519 = (BigInt(1) << 255) - 19
    /// NIST P-224 prime 2^224 − 2^96 + 1: p − 1 = q·2^96, the worst case for Tonelli–Shanks.
    static let p224 = (BigInt(1) << 224) - (BigInt(1) << 96) + 1
    /// BLS12-381 base field prime, ≡ 3 (mod 4).
    static let bls: BigInt = 0x1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaab
    static let m127 = (BigInt(1) << 127) - 1
    static let m521 = (BigInt(1) << 521) - 1
}

@Suite struct ModularTests {
    @Test func modInverse() throws {
        #expect(BigInt(3).modInverse(Known.m127) == BigInt(hex: "55555555555555555555555555555555"))
        #expect(BigInt(2).modInverse(4) == nil)
        #expect(BigInt(5).modInverse(0) == nil)
        #expect(BigInt(5).modInverse(1) == 0)
        #expect(BigInt(-3).modInverse(7) == 2)   // −3·2 = −6 ≡ 1
        for m in [Known.secpN, Known.p25519, BigInt.random(bits: 1024) | 1] {
            for _ in 0..<20 {
                let a = BigInt.random(below: m)
                if let inv = a.modInverse(m) {
                    #expect((a * inv).mod(m) == 1)
                    #expect(inv >= 0 && inv < m)
                } else {
                    #expect(a.gcd(m) != 1)
                }
            }
        }
    }

    @Test func powmKnownAndAgreesWithPowmSec() throws {
        let e = (BigInt(1) << 200) + 12345
        let r = BigInt(12345678901234567890).powm(e, Known.p25519)
        #expect(r == BigInt(hex: "25e9e5168a4782b296d2912935367090dc05f52728bcef61ee995634b922657b"))
        #expect(try BigInt(12345678901234567890).powmSec(e, Known.p25519) == r)
        for _ in 0..<30 {
            let m = BigInt.random(bits: Int.random(in: 2...1100)) | 1
            let b = BigInt.random(bits: 1200) - (BigInt(1) << 1199)   // may be negative or > m
            let x = BigInt.random(bits: Int.random(in: 1...600)) + 1
            #expect(try b.powmSec(x, m) == b.powm(x, m))
        }
        #expect(BigInt(7).powm(0, 13) == 1)
        #expect(BigInt(-2).powm(3, 13) == 5)   // −8 mod 13
    }

    @Test func powmSecRejectsBadInputs() {
        #expect(throws: BigNumError.evenModulusForConstantTime) { try BigInt(3).powmSec(5, 100) }
        #expect(throws: BigNumError.nonPositiveExponent) { try BigInt(3).powmSec(0, 101) }
        #expect(throws: BigNumError.nonPositiveExponent) { try BigInt(3).powmSec(-1, 101) }
        #expect(throws: BigNumError.nonPositiveModulus) { try BigInt(3).powmSec(5, 0) }
        #expect(throws: BigNumError.nonPositiveModulus) { try BigInt(3).powmSec(5, -101) }
    }

    @Test func jacobiMatchesEulerCriterion() {
        for p in [BigInt(1_000_003), Known.m127, Known.secpP, Known.p224] {
            let half = (p - 1) >> 1
            for _ in 0..<25 {
                let a = BigInt.random(below: p)
                let euler = a.powm(half, p)
                let expected = euler.isZero ? 0 : (euler == 1 ? 1 : -1)
                if expected == -1 { #expect(euler == p - 1) }
                #expect(a.jacobi(p) == expected)
            }
            #expect(p.jacobi(p) == 0)
        }
        // Jacobi for a composite odd n is the product over its factors.
        #expect(BigInt(2).jacobi(15) == BigInt(2).jacobi(3) * BigInt(2).jacobi(5))
        #expect(BigInt(5).jacobi(8) == -1)   // Kronecker extension for even n, no trap
    }

    @Test(arguments: [Known.secpP, Known.secpN, Known.p25519, Known.p224, Known.bls, BigInt(13), BigInt(17), BigInt(1_000_003)])
    func sqrtModAgainstSquaring(p: BigInt) {
        for _ in 0..<15 {
            let x = BigInt.random(below: p)
            let a = (x * x).mod(p)
            let r = a.sqrtMod(p)
            #expect(r != nil)
            if let r {
                #expect((r * r).mod(p) == a)
                #expect(r == x || r == p - x || (x.isZero && r.isZero))
                #expect(r <= p - r || r.isZero)
            }
            // Square times a non-residue is a non-residue.
            let nonResidue = (2...200).map { BigInt($0) }.first { $0.jacobi(p) == -1 }!
            if !a.isZero { #expect((a * nonResidue).sqrtMod(p) == nil) }
        }
        #expect(BigInt(0).sqrtMod(p) == 0)
        #expect(p.sqrtMod(p) == 0)
        #expect(BigInt(4).sqrtMod(p) == 2)
    }

    @Test func sqrtModBadModulus() {
        #expect(BigInt(4).sqrtMod(0) == nil)
        #expect(BigInt(4).sqrtMod(10) == nil)
        #expect(BigInt(4).sqrtMod(-13) == nil)
    }
}
