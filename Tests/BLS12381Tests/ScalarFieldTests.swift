import Testing
import Primitives
@testable import BLS12381

/// 𝔽r arithmetic against Python integers, and multi-scalar multiplication against sums.
struct ScalarFieldTests {
    @Test func arithmeticAgreesWithPython() throws {
        let r = Scalar(uncheckedLimbs: Scalar.order.0 &- 1, Scalar.order.1, Scalar.order.2, Scalar.order.3)  // r − 1
        var pairs: [(Scalar, Scalar)] = [(.zero, .zero), (.one, r), (r, r), (.zero, r)]
        for _ in 0..<20 { pairs.append((.random(), .random())) }
        let wide = (0..<10).map { _ in SecureRandom.bytes(Int.random(in: 0...80)) } + [[UInt8](repeating: 0xff, count: 64), []]
        let script = """
        r = 0x73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001
        for a, b in [\(pairs.map { "(\(pyInt($0.0)), \(pyInt($0.1)))" }.joined(separator: ","))]:
            print('%064x %064x %064x %064x' % ((a + b) % r, (a - b) % r, (a * b) % r, (-a) % r), ('%064x' % pow(a, -1, r)) if a else 'none')
        for w in [\(wide.map { "'\(Hex.encode($0))'" }.joined(separator: ","))]:
            print('%064x' % (int(w or '0', 16) % r))
        """
        guard let lines = PythonOracle.run(script), lines.count == pairs.count + wide.count else {
            Issue.record("oracle output missing"); return
        }
        for (i, (a, b)) in pairs.enumerated() {
            let inv = a.inverse().map { Hex.encode($0.bigEndianBytes) } ?? "none"
            let ours = [a + b, a - b, a * b, -a].map { Hex.encode($0.bigEndianBytes) }.joined(separator: " ") + " " + inv
            #expect(ours == lines[i])
        }
        for (i, w) in wide.enumerated() {
            #expect(Hex.encode(Scalar(reducing: w).bigEndianBytes) == lines[pairs.count + i])
        }
    }

    @Test func multiScalarMultiplication() {
        for n in [0, 1, 5, 30] {
            let s = (0..<n).map { _ in Scalar.random() }
            let p1 = (0..<n).map { _ in G1Projective.generator.multiplied(by: .random()) }
            var e1 = G1Projective.identity
            for i in 0..<n { e1 = e1 + p1[i].multipliedWNAF(by: s[i]) }
            #expect(G1Projective.multiScalarMultiply(p1, s) == e1)
            #expect(G1Projective.pippenger(p1, s) == e1)
        }
        let n = slowTests ? 40 : 25
        let s = (0..<n).map { _ in Scalar.random() }
        let p2 = (0..<n).map { _ in G2Projective.generator.multiplied(by: .random()) }
        var e2 = G2Projective.identity
        for i in 0..<n { e2 = e2 + p2[i].multipliedWNAF(by: s[i]) }
        #expect(G2Projective.multiScalarMultiply(p2, s) == e2)
    }

    /// The interleaved GLS kernel (few G2 terms: Lagrange combination) against separate wNAF
    /// multiplications, with edge scalars (0, 1, −1, |u|-digit boundaries) and repeated points.
    @Test func interleavedGLSMatchesSeparateMultiplications() throws {
        let absU = Scalar(UInt64(0xd201000000010000))
        let edges: [Scalar] = [.zero, .one, -Scalar.one, absU, absU - .one, absU * absU, absU * absU * absU - .one, -absU]
        for n in [1, 2, 3, 5, 8] {
            let p = (0..<n).map { _ in G2Projective.generator.multiplied(by: .random()) }
            for round in 0..<4 {
                let s = (0..<n).map { i in round == 0 ? edges[(i + n) % edges.count] : Scalar.random() }
                var expected = G2Projective.identity
                for i in 0..<n { expected = expected + p[i].multipliedWNAF(by: s[i]) }
                #expect(G2Projective.multiScalarMultiply(p, s) == expected, "n \(n) round \(round)")
            }
        }
        let q = G2Projective.generator.multiplied(by: .random())
        #expect(G2Projective.multiScalarMultiply([q, q], [.one, -Scalar.one]) == .identity)
        for v: UInt64 in [0, 1, 15, 16, 31, .max, .max - 7, 1 << 63] {
            let digits = v.nafDigits(width: 5)
            #expect(digits.count <= 65)
            var sum: UInt64 = 0 // Σ dᵢ·2ⁱ mod 2⁶⁴
            for (i, d) in digits.enumerated() {
                #expect(d == 0 || (d % 2 != 0 && abs(Int(d)) < 16))
                if i < 64 { sum &+= UInt64(bitPattern: Int64(d)) &<< UInt64(i) } // 2⁶⁴ ≡ 0 (&<< would wrap the shift)
            }
            #expect(sum == v, "\(v)")
            for i in digits.indices where digits[i] != 0 { // non-adjacent: at most one non-zero in any 5
                #expect(digits[(i + 1)..<min(i + 5, digits.count)].allSatisfy { $0 == 0 })
            }
        }
    }
}
