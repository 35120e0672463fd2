import Testing
import CGMP
@testable import BLS12381

/// Candidate (b) for the 𝔽p kernel: GMP's `mpn_mul_n` followed by Montgomery REDC with
/// `mpn_addmul_1` (GMP's own `mpn_redc_1` structure, which is not exported). Kept here, in
/// the benchmark, because the measurement chose the pure-Swift kernel for `Fp`.
struct GMPMontgomery {
    let modulus: UnsafeMutablePointer<mp_limb_t>
    let scratch: UnsafeMutablePointer<mp_limb_t>   // 12 limbs for the double-width product
    let pInv: mp_limb_t = 0x89f3fffcfffcfffd

    init() {
        modulus = .allocate(capacity: 6)
        scratch = .allocate(capacity: 12)
        let p: [UInt64] = [Fp.p0, Fp.p1, Fp.p2, Fp.p3, Fp.p4, Fp.p5]
        for i in 0..<6 { modulus[i] = mp_limb_t(p[i]) }
    }

    /// out = a·b·R⁻¹ mod p (all pointers to six limbs; out may alias a or b).
    @inline(__always)
    func multiply(_ out: UnsafeMutablePointer<mp_limb_t>, _ a: UnsafePointer<mp_limb_t>, _ b: UnsafePointer<mp_limb_t>) {
        __gmpn_mul_n(scratch, a, b, 6)
        var up = scratch
        for _ in 0..<6 {
            let q = up[0] &* pInv
            up[0] = __gmpn_addmul_1(up, modulus, 6, q)   // the zeroed low limb keeps the carry
            up += 1
        }
        _ = __gmpn_add_n(out, up, up - 6, 6)              // < 2p < 2³⁸⁴: no carry out
        let geP = __gmpn_cmp(out, modulus, 6) >= 0 ? 1 : 0
        _ = __gmpn_cnd_sub_n(mp_limb_t(geP), out, out, modulus, 6)
    }
}

/// Dependent chains of 10⁶ multiplications (each input is the previous output), best of 5.
/// Run: THRESIG_BENCH=1 swift test -c release -Xswiftc -enable-testing --filter FpKernelBenchmark
@Suite(.enabled(if: benchmarksEnabled))
struct FpKernelBenchmark {
    static let iterations = 1_000_000

    func bestOf5(_ body: () -> Void) -> Double {
        var best = Double.infinity
        for _ in 0..<5 {
            let start = ContinuousClock.now
            body()
            let elapsed = ContinuousClock.now - start
            let ns = Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) / 1e9
            best = min(best, ns / Double(Self.iterations))
        }
        return best
    }

    @Test func swiftCIOSversusGMP() {
        let x0 = Fp.random(), y = Fp.random()
        var sink = Fp.zero
        let swiftMul = bestOf5 {
            var x = x0
            for _ in 0..<Self.iterations { x = x * y }
            sink = x
        }
        let ciosInline = bestOf5 {
            var x = x0
            for _ in 0..<Self.iterations { x = Fp.montgomeryProductInline(x, y) }
            sink += x
        }
        print("Fp mul (Swift CIOS, inlined into the loop): \(ciosInline) ns")
        let swiftSqr = bestOf5 {
            var x = x0
            for _ in 0..<Self.iterations { x = x.squared() }
            sink += x
        }

        let gmp = GMPMontgomery()
        let a = UnsafeMutablePointer<mp_limb_t>.allocate(capacity: 6)
        let b = UnsafeMutablePointer<mp_limb_t>.allocate(capacity: 6)
        for (i, l) in [x0.l0, x0.l1, x0.l2, x0.l3, x0.l4, x0.l5].enumerated() { a[i] = mp_limb_t(l) }
        for (i, l) in [y.l0, y.l1, y.l2, y.l3, y.l4, y.l5].enumerated() { b[i] = mp_limb_t(l) }
        // Same answer as the Swift kernel on one product first.
        gmp.multiply(a, a, b)
        let check = x0 * y
        #expect([a[0], a[1], a[2], a[3], a[4], a[5]].map(UInt64.init) == [check.l0, check.l1, check.l2, check.l3, check.l4, check.l5])
        let gmpMul = bestOf5 {
            for _ in 0..<Self.iterations { gmp.multiply(a, a, b) }
        }
        let fp2a = Fp2.random(), fp2b = Fp2.random()
        let fp2Mul = bestOf5 {
            var x = fp2a
            for _ in 0..<Self.iterations { x = x * fp2b }
            sink += x.c0
        }
        let fp2Sqr = bestOf5 {
            var x = fp2a
            for _ in 0..<Self.iterations { x = x.squared() }
            sink += x.c0
        }
        let fpAdd = bestOf5 {
            var x = x0
            for _ in 0..<Self.iterations { x = x + y }
            sink += x
        }
        let fpSub = bestOf5 {
            var x = x0
            for _ in 0..<Self.iterations { x = x - y }
            sink += x
        }
        print("Fp add: \(fpAdd) ns; Fp sub: \(fpSub) ns")
        print("Fp2 mul: \(fp2Mul) ns; Fp2 square: \(fp2Sqr) ns")
        print("Fp mul (Swift CIOS): \(swiftMul) ns; Fp square (Swift): \(swiftSqr) ns; Fp mul (GMP mpn_mul_n + REDC): \(gmpMul) ns [\(sink.isZero)]")
    }
}

/// Best-of-5 dependent chains for the building blocks above 𝔽p (robust on a noisy machine).
@Suite(.enabled(if: benchmarksEnabled), .serialized)
struct BuildingBlockBenchmark {
    func bestOf5(_ n: Int, _ body: () -> Void) -> Double {
        var best = Double.infinity
        for _ in 0..<5 {
            let start = ContinuousClock.now
            body()
            let e = ContinuousClock.now - start
            best = min(best, (Double(e.components.seconds) * 1e9 + Double(e.components.attoseconds) / 1e9) / Double(n))
        }
        return best
    }

    @Test func blocks() {
        let n = 10_000
        var p1 = G1Projective.generator.multiplied(by: .random()), q1 = G1Projective.generator.multiplied(by: .random())
        var p2 = G2Projective.generator.multiplied(by: .random()), q2 = G2Projective.generator.multiplied(by: .random())
        var f = Fp12.random(), g = Fp12.random()
        var line: [String] = []
        line.append("g1_dbl \(bestOf5(n) { for _ in 0..<n { p1 = p1.doubled() } })")
        line.append("g1_add \(bestOf5(n) { for _ in 0..<n { p1 = p1 + q1 } })")
        line.append("g2_dbl \(bestOf5(n) { for _ in 0..<n { p2 = p2.doubled() } })")
        line.append("g2_add \(bestOf5(n) { for _ in 0..<n { p2 = p2 + q2 } })")
        line.append("fp12_mul \(bestOf5(n) { for _ in 0..<n { f = f * g } })")
        line.append("fp12_sqr \(bestOf5(n) { for _ in 0..<n { f = f.squared() } })")
        line.append("fp12_cyc_sqr \(bestOf5(n) { for _ in 0..<n { f = f.cyclotomicSquared() } })")
        let b0 = Fp2.random(), b1 = Fp2.random(), b4 = Fp2.random()
        line.append("fp12_mul014 \(bestOf5(n) { for _ in 0..<n { f = f.mulBy014(b0, b1, b4) } })")
        line.append("fp12_pow_u \(bestOf5(100) { for _ in 0..<100 { f = f.cyclotomicPowerU() } })")
        line.append("fp12_inverse \(bestOf5(100) { for _ in 0..<100 { f = f.inverse() } })")
        line.append("fp12_frobenius1 \(bestOf5(n) { for _ in 0..<n { f = f.frobenius(1) } })")
        var x2 = Fp2.random()
        line.append("fp2_mul_outofline \(bestOf5(n) { for _ in 0..<n { x2 = x2 * x2 } })")
        line.append("fp2_add \(bestOf5(n) { for _ in 0..<n { x2 = x2 + x2 } })")
        var s1 = Fp.random()
        line.append("fp_square \(bestOf5(n) { for _ in 0..<n { s1 = s1.squared() } })")
        var x6 = Fp6.random(); let y6 = Fp6.random()
        line.append("fp6_mul \(bestOf5(n) { for _ in 0..<n { x6 = x6 * y6 } })")
        print("blocks (ns): " + line.joined(separator: "; ") + " [\(p1.isIdentity)\(p2.isIdentity)\(f.isZero)\(x6.isZero)\(x2.isZero)\(s1.isZero)]")
    }
}
