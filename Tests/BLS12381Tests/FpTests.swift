import Testing
import Primitives
@testable import BLS12381

let fpModulusHex = "1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaab"

func fp(_ hex: String) -> Fp {
    let bytes = try! [UInt8](hex: String(repeating: "0", count: 96 - hex.count) + hex)
    return try! Fp(bigEndianBytes: bytes)
}

struct FpTests {
    let samples = slowTests ? 200 : 20

    @Test func constantsAreConsistent() {
        // p′·p ≡ −1 (mod 2⁶⁴).
        #expect(Fp.pInv &* Fp.p0 == UInt64.max)
        // p's limbs are the published modulus.
        let pBytes = try! [UInt8](hex: fpModulusHex)
        var pFromHex: [UInt64] = []
        for i in stride(from: 40, through: 0, by: -8) { pFromHex.append(pBytes[i..<(i + 8)].reduce(0) { $0 << 8 | UInt64($1) }) }
        #expect(pFromHex == [Fp.p0, Fp.p1, Fp.p2, Fp.p3, Fp.p4, Fp.p5])
        // R² is right: the Montgomery value of r2, taken out of Montgomery form, is R mod p,
        // which is exactly the limb pattern of `one`.
        let r2Out = Fp.r2.canonicalLimbs, oneLimbs = Fp.one
        #expect(r2Out == (oneLimbs.l0, oneLimbs.l1, oneLimbs.l2, oneLimbs.l3, oneLimbs.l4, oneLimbs.l5))
        // R = 2³⁸⁴: the canonical value of 2^384 mod p (computed by exponentiation) has the
        // limbs of `one`, whose Montgomery limbs are R mod p.
        let twoTo384 = Fp(2).power([384]).canonicalLimbs
        #expect(twoTo384 == (oneLimbs.l0, oneLimbs.l1, oneLimbs.l2, oneLimbs.l3, oneLimbs.l4, oneLimbs.l5))
        // one is R mod p: its canonical value is 1.
        #expect(Fp.one.canonicalLimbs == (1, 0, 0, 0, 0, 0))
        #expect(Fp(1) == .one)
        // R² enters Montgomery form: Fp(2)·Fp(3) = Fp(6), and 2⁻¹·2 = 1.
        #expect(Fp(2) * Fp(3) == Fp(6))
        #expect(Fp(2).inverse() * Fp(2) == .one)
        // p − 1 = −1, and (−1)² = 1.
        let minusOne = fp(String(fpModulusHex.dropLast()) + "a")
        #expect(minusOne == -Fp.one)
        #expect(minusOne * minusOne == .one)
        #expect(minusOne + .one == .zero)
    }

    @Test func fieldAxiomsOnRandomElements() {
        for _ in 0..<samples {
            let a = Fp.random(), b = Fp.random(), c = Fp.random()
            #expect((a + b) * c == a * c + b * c)
            #expect(a * b == b * a)
            #expect((a * b) * c == a * (b * c))
            #expect((a + b) - b == a)
            #expect(a + (-a) == .zero)
            #expect(a.doubled() == a + a)
            #expect(a.halved().doubled() == a)
            #expect(a.halved() == a * Fp(2).inverse())
            #expect(a.squared() == a * a)
            #expect(a - b == -(b - a))
            if !a.isZero { #expect(a * a.inverse() == .one) }
        }
        #expect(Fp.zero.inverse() == .zero)
        #expect(-Fp.zero == .zero)
        #expect((-Fp.one).halved().doubled() == -Fp.one)
        #expect(Fp.zero.halved() == .zero)
    }

    @Test func squareRootsAndLegendre() {
        for _ in 0..<samples {
            let a = Fp.random()
            let s = a.squared()
            let root = s.squareRoot()
            #expect(root == a || root == -a)
            #expect(s.isSquare)
            #expect(s.legendreSymbol == (a.isZero ? 0 : 1))
            // −1 is a non-square because p ≡ 3 (mod 4), so exactly one of ±s is a square.
            if !a.isZero {
                #expect((-s).squareRoot() == nil)
                #expect((-s).legendreSymbol == -1)
            }
        }
        #expect(Fp.zero.squareRoot() == .zero)
        #expect(Fp.zero.legendreSymbol == 0)
    }

    @Test func bytesRoundTripAndCanonicalDecoding() throws {
        for _ in 0..<samples {
            let a = Fp.random()
            #expect(try Fp(bigEndianBytes: a.bigEndianBytes) == a)
        }
        let p = try [UInt8](hex: fpModulusHex)
        #expect(throws: BLSError.nonCanonicalFieldElement) { try Fp(bigEndianBytes: p) }
        var pPlusOne = p; pPlusOne[47] += 1
        #expect(throws: BLSError.nonCanonicalFieldElement) { try Fp(bigEndianBytes: pPlusOne) }
        #expect(throws: BLSError.nonCanonicalFieldElement) { try Fp(bigEndianBytes: [UInt8](repeating: 0xff, count: 48)) }
        var pMinusOne = p; pMinusOne[47] -= 1
        #expect(try Fp(bigEndianBytes: pMinusOne) == -Fp.one)
        #expect(throws: BLSError.invalidLength(expected: 48, actual: 47)) { try Fp(bigEndianBytes: [UInt8](repeating: 0, count: 47)) }
        #expect(Fp(0x0102).bigEndianBytes.suffix(2) == [1, 2])
    }

    @Test func sgn0AndLexicographicOrder() {
        #expect(!Fp.zero.sgn0)
        #expect(Fp.one.sgn0)
        #expect(!Fp(2).sgn0)
        #expect((-Fp.one).sgn0 == false)          // p − 1 is even
        #expect(!Fp.one.isLexicographicallyLargest)
        #expect((-Fp.one).isLexicographicallyLargest)
        // (p−1)/2 is not "largest", (p+1)/2 is.
        let half = fp("0d0088f51cbff34d258dd3db21a5d66bb23ba5c279c2895fb39869507b587b120f55ffff58a9ffffdcff7fffffffd555")
        #expect(!half.isLexicographicallyLargest)
        #expect((half + .one).isLexicographicallyLargest)
    }

    /// Products, inverses and square roots agree with Python's integers (py_ecc's FQ is the
    /// same arithmetic).
    @Test func agreesWithPython() {
        var inputs: [(Fp, Fp)] = []
        for _ in 0..<8 { inputs.append((Fp.random(), Fp.random())) }
        let list = inputs.map { "(0x\(Hex.encode($0.0.bigEndianBytes)), 0x\(Hex.encode($0.1.bigEndianBytes)))" }.joined(separator: ",")
        let script = """
        from py_ecc.fields import bls12_381_FQ as FQ
        for a, b in [\(list)]:
            print('%096x %096x %096x' % (int(FQ(a) * FQ(b)), int(FQ(a) / FQ(b)), int(FQ(a) - FQ(b))))
        """
        guard let lines = PythonOracle.run(script) else { return }
        #expect(lines.count == inputs.count)
        for (line, (a, b)) in zip(lines, inputs) {
            let parts = line.split(separator: " ").map(String.init)
            #expect(Hex.encode((a * b).bigEndianBytes) == parts[0])
            #expect(Hex.encode((a * b.inverse()).bigEndianBytes) == parts[1])
            #expect(Hex.encode((a - b).bigEndianBytes) == parts[2])
        }
    }
}

struct FpWideTests {
    @Test func wideProductAndReductionMatchMontgomery() {
        for _ in 0..<(slowTests ? 200 : 20) {
            let a = Fp.random(), b = Fp.random(), c = Fp.random(), d = Fp.random()
            #expect(Fp.montgomeryReduce(Fp.wideProduct(a, b)) == a * b)
            // Negative differences wrap correctly: REDC(ab − cd mod pR) = a·b − c·d.
            #expect(Fp.montgomeryReduce(FpWide.subtractModPR(Fp.wideProduct(a, b), Fp.wideProduct(c, d))) == a * b - c * d)
            // Unreduced sums (< 2p) are valid product inputs.
            let s = Fp.addWithoutReduction(a, b), t = Fp.addWithoutReduction(c, d)
            #expect(Fp.montgomeryReduce(Fp.wideProduct(s, t)) == (a + b) * (c + d))
        }
        // Extremes: (p − 1)² and sums of p − 1.
        let m = -Fp.one
        #expect(Fp.montgomeryReduce(Fp.wideProduct(m, m)) == m * m)
        let mm = Fp.addWithoutReduction(m, m)
        #expect(Fp.montgomeryReduce(Fp.wideProduct(mm, mm)) == (m + m) * (m + m))
        #expect(Fp2(m, m) * Fp2(m, m) == Fp2(.zero, (m * m).doubled()))
    }
}
