import Testing
import Primitives
@testable import BLS12381

struct G2Tests {
    let g = G2Projective.generator
    let samples = slowTests ? 20 : 2

    @Test func generatorKnownAnswer() throws {
        // draft-irtf-cfrg-pairing-friendly-curves §4.2.1 / ZCash compressed form (x.c1 ‖ x.c0).
        #expect(Hex.encode(G2Affine.generator.compressedBytes) ==
                "93e02b6052719f607dacd3a088274f65596bd0d09920b61ab5da61bbdc7f5049334cf11213945d57e5ac7d055d042b7e"
                + "024aa2b2f08f0a91260805272dc51051c6e47ad4fa403b02b4510b647ae3d1770bac0326a805bbefd48056c8c121bdb8")
        #expect(Hex.encode(G2Affine.generator.uncompressedBytes) ==
                "13e02b6052719f607dacd3a088274f65596bd0d09920b61ab5da61bbdc7f5049334cf11213945d57e5ac7d055d042b7e"
                + "024aa2b2f08f0a91260805272dc51051c6e47ad4fa403b02b4510b647ae3d1770bac0326a805bbefd48056c8c121bdb8"
                + "0606c4a02ea734cc32acd2b02bc28b99cb3e287e85a763af267492ab572e99ab3f370d275cec1da1aaa9075ff05f79be"
                + "0ce5d527727d6e118cc9cdc6da2e351aadfd9baa8cbdd3a76d429a695160d12c923ac9cc3baca289e193548608b82801")
        // ψ acts on G2 as [u] (u = −|u|) and satisfies ψ² − [t]ψ + [p] = 0 on E′, here
        // checked as ψ(P) = −[|u|]P on the generator.
        #expect(g.psi() == -g.multipliedByAbsU())
        #expect(g.isOnCurve)
        #expect(g.isInSubgroup)
        #expect(g.multipliedVariableTime(by: orderMinusOne) == -g)   // [r]G = O
        #expect(g.multiplied(by: orderMinusOne) + g == .identity)
        #expect(Hex.encode(G2Affine.identity.compressedBytes) == "c0" + String(repeating: "0", count: 190))
    }

    @Test func groupLaw() {
        let p = g.multiplied(by: .random()), q = g.multiplied(by: .random()), s = g.multiplied(by: .random())
        #expect(p + q == q + p)
        #expect((p + q) + s == p + (q + s))
        #expect(p + p == p.doubled())
        #expect(p + (-p) == .identity)
        #expect(p + .identity == p)
        #expect(G2Projective.identity.doubled() == .identity)
        #expect(p.adding(q.affine) == p + q)
        #expect(p.adding(p.affine) == p.doubled())
        #expect(p.adding(G2Affine.identity) == p)
        #expect(G2Projective.identity.adding(q.affine) == q)
        #expect((p + q).isOnCurve)
        #expect(p != q)
        #expect(p.affine.projective == p)
    }

    @Test func scalarMultiplicationPathsAgree() {
        for _ in 0..<samples {
            let k = Scalar.random()
            let expected = referenceMultiple(g, k)
            #expect(g.multiplied(by: k) == expected)
            #expect(g.multipliedVariableTime(by: k) == expected)
            #expect(g.multipliedWNAF(by: k) == expected)
            #expect(g.multipliedGeneric(by: k) == expected)
        }
        #expect(g.multiplied(by: .zero) == .identity)
        #expect(g.multipliedVariableTime(by: .zero) == .identity)
        #expect(g.multipliedWNAF(by: .zero) == .identity)
        #expect(g.multiplied(by: Scalar(1)) == g)
        #expect(g.multiplied(by: Scalar(5)) == g + g + g + g + g)
        #expect(G2Projective.identity.multiplied(by: .random()) == .identity)
    }

    @Test func encodingRoundTrips() throws {
        for _ in 0..<samples {
            let p = g.multiplied(by: .random()).affine
            #expect(try G2Affine(bytes: p.compressedBytes) == p)
            #expect(try G2Affine(bytes: p.uncompressedBytes) == p)
            #expect(try G2Affine(bytes: (-p.projective).affine.compressedBytes) == (-p.projective).affine)
        }
        #expect(try G2Affine(bytes: G2Affine.identity.compressedBytes) == .identity)
        #expect(try G2Affine(bytes: G2Affine.identity.uncompressedBytes) == .identity)
    }

    @Test func subgroupCheckAndCofactorClearing() throws {
        for _ in 0..<samples {
            let p = randomG2CurvePoint()
            #expect(p.isOnCurve)
            #expect(!p.isInSubgroup)
            #expect(p.psi().isOnCurve)
            let cleared = p.clearingCofactor()
            #expect(cleared.isInSubgroup)
            #expect(cleared.multipliedVariableTime(by: orderMinusOne) == -cleared)
            #expect(throws: BLSError.notInSubgroup) { try G2Affine(bytes: p.affine.compressedBytes) }
            #expect(throws: BLSError.notInSubgroup) { try G2Affine(bytes: p.affine.uncompressedBytes) }
            #expect(try G2Affine(bytes: p.affine.compressedBytes, checkSubgroup: false) == p.affine)
        }
    }

    @Test func malformedEncodingsAreRefused() throws {
        let good = g.multiplied(by: .random()).affine
        let c = good.compressedBytes, u = good.uncompressedBytes
        // Lengths.
        #expect(throws: BLSError.invalidLength(expected: 96, actual: 95)) { try G2Affine(bytes: Array(c.prefix(95))) }
        #expect(throws: BLSError.invalidLength(expected: 96, actual: 97)) { try G2Affine(bytes: c + [0]) }
        #expect(throws: BLSError.invalidLength(expected: 96, actual: 0)) { try G2Affine(bytes: []) }
        // Compression flag disagreeing with the length.
        var cNoFlag = c; cNoFlag[0] &= 0x7f
        #expect(throws: BLSError.compressionFlagMismatch) { try G2Affine(bytes: cNoFlag) }
        var uFlag = u; uFlag[0] |= 0x80
        #expect(throws: BLSError.compressionFlagMismatch) { try G2Affine(bytes: uFlag) }
        // Sign flag on an uncompressed point.
        var uSign = u; uSign[0] |= 0x20
        #expect(throws: BLSError.signFlagOnUncompressed) { try G2Affine(bytes: uSign) }
        // Infinity with other bits set.
        var infX = G2Affine.identity.compressedBytes; infX[95] = 1
        #expect(throws: BLSError.infinityWithNonZeroBits) { try G2Affine(bytes: infX) }
        var infSign = G2Affine.identity.compressedBytes; infSign[0] |= 0x20
        #expect(throws: BLSError.infinityWithNonZeroBits) { try G2Affine(bytes: infSign) }
        var infLow = G2Affine.identity.compressedBytes; infLow[0] |= 0x01
        #expect(throws: BLSError.infinityWithNonZeroBits) { try G2Affine(bytes: infLow) }
        var uInfY = G2Affine.identity.uncompressedBytes; uInfY[191] = 1
        #expect(throws: BLSError.infinityWithNonZeroBits) { try G2Affine(bytes: uInfY) }
        // Coordinates ≥ p.
        // c1 = p (first half) and c0 = p (second half) are each refused.
        var xP = try [UInt8](hex: fpModulusHex) + [UInt8](repeating: 0, count: 48); xP[0] |= 0x80
        #expect(throws: BLSError.nonCanonicalFieldElement) { try G2Affine(bytes: xP) }
        xP = [0x80] + [UInt8](repeating: 0, count: 47) + (try [UInt8](hex: fpModulusHex))
        #expect(throws: BLSError.nonCanonicalFieldElement) { try G2Affine(bytes: xP) }
        var yP = u; yP.replaceSubrange(96..<144, with: try [UInt8](hex: fpModulusHex))
        #expect(throws: BLSError.nonCanonicalFieldElement) { try G2Affine(bytes: yP) }
        // Off the curve: an x with x³ + 4 a non-square, and a perturbed y.
        var x = Fp2.one
        while (x.squared() * x + G2Projective.b).isSquare { x = x + .one }
        var offCurve = x.bigEndianBytes; offCurve[0] |= 0x80
        #expect(throws: BLSError.notOnCurve) { try G2Affine(bytes: offCurve) }
        var badY = u; badY[191] ^= 1
        #expect(throws: BLSError.notOnCurve) { try G2Affine(bytes: badY) }
        // The compressed form with the other sign flag decodes to −P.
        var flipped = c; flipped[0] ^= 0x20
        #expect(try G2Affine(bytes: flipped) == (-good.projective).affine)
    }

    /// [k]G agrees byte for byte with blst (pyblst), and the Budroni–Pintore cofactor clearing
    /// with py_ecc's multiplication by h_eff.
    @Test func agreesWithBlstAndPyEcc() throws {
        let scalars = (0..<(slowTests ? 20 : 4)).map { _ in Scalar.random() }
        let offSubgroup = randomG2CurvePoint().affine
        func fq2(_ v: Fp2) -> String { "FQ2([0x\(Hex.encode(v.c0.bigEndianBytes)), 0x\(Hex.encode(v.c1.bigEndianBytes))])" }
        // h_eff for G2 from RFC 9380 §8.8.2.
        let script = """
        from pyblst import BlstP2Element
        from py_ecc.optimized_bls12_381 import multiply, normalize
        from py_ecc.fields import optimized_bls12_381_FQ2 as FQ2
        g = BlstP2Element().uncompress(bytes.fromhex('\(Hex.encode(G2Affine.generator.compressedBytes))'))
        for k in [\(scalars.map(pyInt).joined(separator: ","))]:
            print(g.scalar_mul(k).compress().hex())
        h = 0xbc69f08f2ee75b3584c6a0ea91b352888e2a8e9145ad7689986ff031508ffe1329c2f178731db956d82bf015d1212b02ec0ec69d7477c1ae954cbc06689f6a359894c0adebbf6b4e8020005aaa95551
        x, y = normalize(multiply((\(fq2(offSubgroup.x)), \(fq2(offSubgroup.y)), FQ2([1, 0])), h))
        print('%096x%096x%096x%096x' % (int(x.coeffs[1]), int(x.coeffs[0]), int(y.coeffs[1]), int(y.coeffs[0])))
        """
        guard let lines = PythonOracle.run(script) else { return }
        #expect(lines.count == scalars.count + 1)
        for (k, line) in zip(scalars, lines) {
            #expect(Hex.encode(g.multiplied(by: k).affine.compressedBytes) == line)
        }
        #expect(Hex.encode(offSubgroup.projective.clearingCofactor().affine.uncompressedBytes) == lines.last)
    }
}

struct JacobianTests {
    /// The variable-time Jacobian multiplication by |u| agrees with the complete-formula one,
    /// on the identity, on G1/G2 points and on points outside the subgroups.
    @Test func publicMultiplicationByUAgrees() {
        for p in [G1Projective.generator, randomG1CurvePoint(), .identity, G1Projective.generator.multiplied(by: .random())] {
            #expect(p.multipliedByAbsUPublic() == p.multipliedByAbsU())
        }
        for p in [G2Projective.generator, randomG2CurvePoint(), .identity, G2Projective.generator.multiplied(by: .random())] {
            #expect(p.multipliedByAbsUPublic() == p.multipliedByAbsU())
        }
        // Exceptional cases of the Jacobian addition: P + P and P + (−P).
        let j = JacobianPoint<Fp>(G1Projective.generator)
        #expect(j.adding(j).projective(as: G1Projective.self) == G1Projective.generator.doubled())
        let minus = JacobianPoint<Fp>(-G1Projective.generator)
        #expect(j.adding(minus).projective(as: G1Projective.self) == .identity)
    }
}

struct EndomorphismMultiplicationTests {
    /// Edge scalars for the base-|u| decomposition: 0, 1, |u| − 1, |u|, |u|², |u|³, r − 1.
    static let edgeScalars: [Scalar] = [
        .zero, Scalar(1), Scalar(0xd201000000010000 - 1), Scalar(0xd201000000010000),
        Scalar(uncheckedLimbs: 0x0000000100000000, 0xac45a4010001a402, 0, 0),   // |u|²
        Scalar(uncheckedLimbs: 0x0001000000000000, 0xec03000276030000, 0x8d51ccce760304d0, 0), // |u|³
        orderMinusOne,
    ]

    @Test func digitsRecombine() {
        let d: UInt64 = 0xd201000000010000
        for k in Self.edgeScalars + (0..<10).map({ _ in Scalar.random() }) {
            let (e0, e1, e2, e3) = k.baseAbsUDigits()
            #expect(e0 < d && e1 < d && e2 < d && e3 < d)
            // Horner: ((e3·d + e2)·d + e1)·d + e0 on four limbs.
            var acc: [UInt64] = [e3, 0, 0, 0]
            for e in [e2, e1, e0] {
                var carry = e
                for i in 0..<4 { (carry, acc[i]) = mulAdd(acc[i], d, carry, 0) }
            }
            #expect(acc == [k.limbs.0, k.limbs.1, k.limbs.2, k.limbs.3])
        }
    }

    @Test func glvAndGlsAgreeWithGenericLadder() {
        let p1 = G1Projective.generator.multiplied(by: .random())
        let p2 = G2Projective.generator.multiplied(by: .random())
        for k in Self.edgeScalars + (0..<(slowTests ? 20 : 1)).map({ _ in Scalar.random() }) {
            #expect(p1.multiplied(by: k) == p1.multipliedGeneric(by: k))
            #expect(p2.multiplied(by: k) == p2.multipliedGeneric(by: k))
        }
    }
}
