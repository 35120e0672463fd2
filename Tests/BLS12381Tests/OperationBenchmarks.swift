import Testing
@testable import BLS12381

/// Median ns/op of the group and pairing operations (release build):
/// THRESIG_BENCH=1 swift test -c release -Xswiftc -enable-testing --filter OperationBenchmarks
@Suite(.enabled(if: benchmarksEnabled), .serialized)
struct OperationBenchmarks {
    /// Median over `runs` timings of `body`, in ns.
    func median(runs: Int = 21, _ body: () -> Void) -> Double {
        var samples: [Double] = []
        for _ in 0..<runs {
            let start = ContinuousClock.now
            body()
            let e = ContinuousClock.now - start
            samples.append(Double(e.components.seconds) * 1e9 + Double(e.components.attoseconds) / 1e9)
        }
        return samples.sorted()[runs / 2]
    }

    func report(_ name: String, _ ns: Double) { print("bench \(name): \(Int(ns)) ns") }

    @Test func groups() throws {
        let k = Scalar.random()
        var sink1 = G1Projective.identity, sink2 = G2Projective.identity
        report("g1_mul_ct", median { sink1 = sink1 + G1Projective.generator.multiplied(by: k) })
        report("g1_mul_wnaf", median { sink1 = sink1 + G1Projective.generator.multipliedWNAF(by: k) })
        report("g1_mul_generic_ct", median { sink1 = sink1 + G1Projective.generator.multipliedGeneric(by: k) })
        report("g2_mul_ct", median { sink2 = sink2 + G2Projective.generator.multiplied(by: k) })
        report("g2_mul_wnaf", median { sink2 = sink2 + G2Projective.generator.multipliedWNAF(by: k) })
        report("g2_mul_generic_ct", median { sink2 = sink2 + G2Projective.generator.multipliedGeneric(by: k) })
        let p1 = G1Projective.generator.multiplied(by: k).affine.compressedBytes
        let p2 = G2Projective.generator.multiplied(by: k).affine.compressedBytes
        var ok = true
        report("g1_decompress", median { ok = ok && (try? G1Affine(bytes: p1)) != nil })
        report("g2_decompress", median { ok = ok && (try? G2Affine(bytes: p2)) != nil })
        report("g1_subgroup_check", median { ok = ok && sink1.isInSubgroup })
        report("g2_subgroup_check", median { ok = ok && sink2.isInSubgroup })
        report("fp_inverse", median { ok = ok && !sink1.x.inverse().isZero })
        #expect(ok)
    }

    @Test func pairing() {
        let p = G1Projective.generator.multiplied(by: .random()).affine
        let q = G2Projective.generator.multiplied(by: .random()).affine
        var sink = Fp12.one
        report("miller_loop", median { sink = sink * Pairing.millerLoop([(p, q)]) })
        let f = Pairing.millerLoop([(p, q)])
        report("final_exponentiation", median { sink = sink * Pairing.finalExponentiation(f) })
        report("pairing", median { sink = sink * Pairing.pairing(p, q) })
        report("pairing_product_2", median { sink = sink * Pairing.finalExponentiation(Pairing.millerLoop([(p, q), (p, q)])) })
        let msg = Array("benchmark message".utf8)
        var pt = G2Projective.identity
        report("hash_to_g2", median { pt = pt + HashToG2.hash(message: msg, dst: HashToG2.ethereumSignatureDST) })
        report("fp12_mul", median { for _ in 0..<1000 { sink = sink * f } } / 1000)
        report("fp12_square", median { for _ in 0..<1000 { sink = sink.squared() } } / 1000)
        report("fp12_cyclotomic_square", median { for _ in 0..<1000 { sink = sink.cyclotomicSquared() } } / 1000)
        #expect(!sink.isZero)
    }
}
