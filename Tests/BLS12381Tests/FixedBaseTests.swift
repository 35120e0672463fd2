import Testing
@testable import BLS12381

/// The fixed-base (precomputed-table) multiplications of the generators agree with the
/// generic constant-time ladders, on random and edge scalars.
struct FixedBaseTests {
    static let edgeScalars: [Scalar] = [
        .zero,
        Scalar(1),
        Scalar(2),
        Scalar(15),
        Scalar(16),
        orderMinusOne,                                                                       // r − 1
        Scalar(uncheckedLimbs: 0xfffffffeffffffff, 0x53bda402fffe5bfe, 0x3339d80809a1d805, 0x73eda753299d7d48), // r − 2
        Scalar(uncheckedLimbs: 0x00000000ffffffff, 0xac425bfd0001a401, 0xccc627f7f65e27fa, 0x0c1258acd66282b7), // 2²⁵⁵ mod r
        Scalar(uncheckedLimbs: .max, .max, .max, 0x0fffffffffffffff),                        // 2²⁵² − 1: every digit 15
        Scalar(uncheckedLimbs: 0, 0, 0, 0x1000000000000000),                                 // 2²⁵²: only the top digit
        // Every 6-bit window 32 (the largest positive digit), 33 (negative digits and a
        // carry into every window) and 31.
        Scalar(uncheckedLimbs: 0x0820820820820820, 0x2082082082082082, 0x8208208208208208, 0x0820820820820820),
        Scalar(uncheckedLimbs: 0x1861861861861861, 0x6186186186186186, 0x8618618618618618, 0x0861861861861861),
        Scalar(uncheckedLimbs: 0xf7df7df7df7df7df, 0xdf7df7df7df7df7d, 0x7df7df7df7df7df7, 0x07df7df7df7df7df),
    ]
    let samples = slowTests ? 64 : 16

    @Test func g1EdgeScalars() {
        let g = G1Projective.generator
        for k in Self.edgeScalars {
            #expect(G1Projective.generatorMultiplied(by: k) == g.multipliedGeneric(by: k))
            #expect(G1Projective.generatorMultiplied(by: k) == g.multiplied(by: k))
        }
        #expect(G1Projective.generatorMultiplied(by: .zero) == .identity)
        #expect(G1Projective.generatorMultiplied(by: Scalar(1)) == g)
        #expect(G1Projective.generatorMultiplied(by: orderMinusOne) == -g)
    }

    @Test func g1RandomScalars() {
        for _ in 0..<samples {
            let k = Scalar.random()
            let p = G1Projective.generatorMultiplied(by: k)
            #expect(p == G1Projective.generator.multipliedGeneric(by: k))
            #expect(p.isOnCurve)
        }
    }

    @Test func g2EdgeAndRandomScalars() {
        let g = G2Projective.generator
        for k in Self.edgeScalars {
            #expect(G2Projective.generatorMultiplied(by: k) == g.multipliedGeneric(by: k))
        }
        #expect(G2Projective.generatorMultiplied(by: orderMinusOne) == -g)
        for _ in 0..<samples / 2 {
            let k = Scalar.random()
            #expect(G2Projective.generatorMultiplied(by: k) == g.multiplied(by: k))
        }
    }

    @Test func secretKeyPublicKeyMatchesGenericMultiplication() throws {
        let sk = try BLSSecretKey.keyGen(ikm: [UInt8](repeating: 7, count: 32))
        #expect(sk.publicKey.point == G1Projective.generator.multipliedGeneric(by: sk.scalar).affine)
    }
}
