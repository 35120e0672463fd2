import Testing
import Primitives
@testable import BLS12381

/// Little-endian limbs of p, as an exponent: x^p is the Frobenius map.
let pLimbs: [UInt64] = [Fp.p0, Fp.p1, Fp.p2, Fp.p3, Fp.p4, Fp.p5]

extension Fp12 {
    /// The 12 coefficients of this element in py_ecc's basis 𝔽p[w]/(w¹² − 2w⁶ + 2)
    /// (see the note on `Fp12`), as hex integers.
    var pyEccCoefficients: [String] {
        var out = [Fp](repeating: .zero, count: 12)
        for (i, half) in [c0, c1].enumerated() {
            for (k, a) in [half.c0, half.c1, half.c2].enumerated() {
                out[2 * k + i] = out[2 * k + i] + a.c0 - a.c1
                out[2 * k + i + 6] = out[2 * k + i + 6] + a.c1
            }
        }
        return out.map { "0x" + Hex.encode($0.bigEndianBytes) }
    }
}

struct TowerTests {
    let samples = slowTests ? 50 : 2

    @Test func fp2Axioms() {
        for _ in 0..<samples * 4 {
            let a = Fp2.random(), b = Fp2.random(), c = Fp2.random()
            #expect((a + b) * c == a * c + b * c)
            #expect(a * b == b * a)
            #expect((a * b) * c == a * (b * c))
            #expect(a.squared() == a * a)
            #expect(a * a.inverse() == .one)
            #expect(a.mulByNonresidue() == a * Fp2(.one, .one))
            #expect(a.conjugate() == a.power(pLimbs))
            #expect(a * Fp2.u * Fp2.u == -a)
            let root = a.squared().squareRoot()
            #expect(root == a || root == -a)
            #expect(a.squared().isSquare)
            // Exactly one of a², ξ·a² is a square (ξ is a non-residue in 𝔽p²).
            #expect(a.squared().mulByNonresidue().squareRoot() == nil)
            #expect(!a.squared().mulByNonresidue().isSquare)
            #expect(try! Fp2(bigEndianBytes: a.bigEndianBytes) == a)
        }
        #expect(Fp2.zero.squareRoot() == .zero)
        // Elements of 𝔽p (c1 = 0): squares and non-squares of 𝔽p are all squares in 𝔽p².
        for _ in 0..<samples {
            let a = Fp.random()
            for x in [Fp2(a.squared(), .zero), Fp2(-a.squared(), .zero), Fp2(.zero, a)] {
                let r = x.squareRoot()
                #expect(r != nil && r!.squared() == x)
            }
        }
        #expect((-Fp2.one).squareRoot().map { $0 == .u || $0 == -Fp2.u } == true)
        #expect(Fp2(.zero, .one).sgn0 == true)   // c0 = 0 falls back to sgn0(c1)
        #expect(Fp2(Fp(2), .one).sgn0 == false)
    }

    @Test func fp6Axioms() {
        for _ in 0..<samples {
            let a = Fp6.random(), b = Fp6.random(), c = Fp6.random()
            #expect((a + b) * c == a * c + b * c)
            #expect((a * b) * c == a * (b * c))
            #expect(a.squared() == a * a)
            #expect(a * a.inverse() == .one)
            let v = Fp6(.zero, .one, .zero)
            #expect(a.mulByNonresidue() == a * v)
            #expect(v * v * v == Fp6(Fp2(.one, .one), .zero, .zero))   // v³ = ξ
            let b0 = Fp2.random(), b1 = Fp2.random()
            #expect(a.mulBy01(b0, b1) == a * Fp6(b0, b1, .zero))
            #expect(a.mulBy1(b1) == a * Fp6(.zero, b1, .zero))
            // x ↦ x^(p^k) by exponentiation (k = 1…5); the power chain is slow in debug
            // builds, so only k = 1, 2 unless THRESIG_SLOW_TESTS=1.
            var x = a
            for k in 1...(slowTests ? 5 : 2) {
                x = x.fixedPower(pLimbs)
                #expect(a.frobenius(k) == x)
            }
        }
    }

    @Test func fp12AxiomsAndFrobenius() {
        for _ in 0..<samples {
            let a = Fp12.random(), b = Fp12.random(), c = Fp12.random()
            #expect((a + b) * c == a * c + b * c)
            #expect((a * b) * c == a * (b * c))
            #expect(a.squared() == a * a)
            #expect(a * a.inverse() == .one)
            let w = Fp12(.zero, .one)
            #expect(w * w == Fp12(Fp6(.zero, .one, .zero), .zero))   // w² = v
            let frob1 = a.power(pLimbs)
            #expect(a.frobenius(1) == frob1)
            #expect(a.frobenius(2) == frob1.frobenius(1))
            #expect(a.frobenius(3) == frob1.frobenius(2))
            #expect(a.frobenius(6) == a.conjugate())
            #expect(a.frobenius(7) == a.frobenius(6).frobenius(1))
            #expect(a.frobenius(12) == a)
            let b0 = Fp2.random(), b1 = Fp2.random(), b4 = Fp2.random()
            #expect(a.mulBy014(b0, b1, b4) == a * Fp12(Fp6(b0, b1, .zero), Fp6(.zero, b4, .zero)))
        }
    }

    @Test func cyclotomicSquaring() {
        for _ in 0..<samples {
            // The easy part of the final exponentiation lands in the cyclotomic subgroup.
            let f = Fp12.random()
            var g = f.conjugate() * f.inverse()
            g = g.frobenius(2) * g
            #expect(g.cyclotomicSquared() == g.squared())
            #expect(g * g.conjugate() == .one)
        }
    }

    /// Products agree with py_ecc's FQ2 and FQ12 (through the basis change of `Fp12`).
    @Test func agreesWithPyEcc() {
        let a2 = Fp2.random(), b2 = Fp2.random()
        let a = Fp12.random(), b = Fp12.random()
        func h(_ x: Fp) -> String { "0x" + Hex.encode(x.bigEndianBytes) }
        let script = """
        from py_ecc.fields import bls12_381_FQ2 as FQ2, bls12_381_FQ12 as FQ12
        x = FQ2([\(h(a2.c0)), \(h(a2.c1))]) * FQ2([\(h(b2.c0)), \(h(b2.c1))])
        print('%x %x' % (int(x.coeffs[0]), int(x.coeffs[1])))
        y = FQ12([\(a.pyEccCoefficients.joined(separator: ","))]) * FQ12([\(b.pyEccCoefficients.joined(separator: ","))])
        print(' '.join('0x%096x' % int(c) for c in y.coeffs))
        z = FQ12([\(a.pyEccCoefficients.joined(separator: ","))]).inv()
        print(' '.join('0x%096x' % int(c) for c in z.coeffs))
        """
        guard let lines = PythonOracle.run(script), lines.count == 3 else { return }
        let product2 = a2 * b2
        func trimmed(_ x: Fp) -> String {
            let s = Hex.encode(x.bigEndianBytes).drop { $0 == "0" }
            return s.isEmpty ? "0" : String(s)
        }
        #expect(lines[0] == "\(trimmed(product2.c0)) \(trimmed(product2.c1))")
        #expect(lines[1] == (a * b).pyEccCoefficients.joined(separator: " "))
        #expect(lines[2] == a.inverse().pyEccCoefficients.joined(separator: " "))
    }
}
