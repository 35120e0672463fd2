import Testing
import Primitives
@testable import BLS12381

struct G1Tests {
    let g = G1Projective.generator
    let samples = slowTests ? 20 : 2

    @Test func generatorKnownAnswer() throws {
        // draft-irtf-cfrg-pairing-friendly-curves §4.2.1 / ZCash compressed form.
        #expect(Hex.encode(G1Affine.generator.compressedBytes) ==
                "97f1d3a73197d7942695638c4fa9ac0fc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1aeffb3af00adb22c6bb")
        #expect(Hex.encode(G1Affine.generator.uncompressedBytes) ==
                "17f1d3a73197d7942695638c4fa9ac0fc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1aeffb3af00adb22c6bb"
                + "08b3f481e3aaa0f1a09e30ed741d8ae4fcf5e095d5d00af600db18cb2c04b3edd03cc744a2888ae40caa232946c5e7e1")
        #expect(g.isOnCurve)
        #expect(g.isInSubgroup)
        #expect(g.multipliedVariableTime(by: orderMinusOne) == -g)   // [r]G = O
        #expect(g.multiplied(by: orderMinusOne) + g == .identity)
        #expect(Hex.encode(G1Affine.identity.compressedBytes) == "c0" + String(repeating: "0", count: 94))
    }

    @Test func groupLaw() {
        let p = g.multiplied(by: .random()), q = g.multiplied(by: .random()), s = g.multiplied(by: .random())
        #expect(p + q == q + p)
        #expect((p + q) + s == p + (q + s))
        #expect(p + p == p.doubled())
        #expect(p + (-p) == .identity)
        #expect(p + .identity == p)
        #expect(G1Projective.identity.doubled() == .identity)
        #expect(p.adding(q.affine) == p + q)
        #expect(p.adding(p.affine) == p.doubled())
        #expect(p.adding(G1Affine.identity) == p)
        #expect(G1Projective.identity.adding(q.affine) == q)
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
        #expect(G1Projective.identity.multiplied(by: .random()) == .identity)
    }

    @Test func encodingRoundTrips() throws {
        for _ in 0..<samples {
            let p = g.multiplied(by: .random()).affine
            #expect(try G1Affine(bytes: p.compressedBytes) == p)
            #expect(try G1Affine(bytes: p.uncompressedBytes) == p)
            #expect(try G1Affine(bytes: (-p.projective).affine.compressedBytes) == (-p.projective).affine)
        }
        #expect(try G1Affine(bytes: G1Affine.identity.compressedBytes) == .identity)
        #expect(try G1Affine(bytes: G1Affine.identity.uncompressedBytes) == .identity)
    }

    @Test func subgroupCheckAndCofactorClearing() throws {
        for _ in 0..<samples {
            let p = randomG1CurvePoint()
            #expect(p.isOnCurve)
            #expect(!p.isInSubgroup)
            #expect(p.phi().isOnCurve)
            let cleared = p.clearingCofactor()
            #expect(cleared.isInSubgroup)
            #expect(cleared.multipliedVariableTime(by: orderMinusOne) == -cleared)
            #expect(throws: BLSError.notInSubgroup) { try G1Affine(bytes: p.affine.compressedBytes) }
            #expect(throws: BLSError.notInSubgroup) { try G1Affine(bytes: p.affine.uncompressedBytes) }
            #expect(try G1Affine(bytes: p.affine.compressedBytes, checkSubgroup: false) == p.affine)
        }
    }

    @Test func malformedEncodingsAreRefused() throws {
        let good = g.multiplied(by: .random()).affine
        let c = good.compressedBytes, u = good.uncompressedBytes
        // Lengths.
        #expect(throws: BLSError.invalidLength(expected: 48, actual: 47)) { try G1Affine(bytes: Array(c.prefix(47))) }
        #expect(throws: BLSError.invalidLength(expected: 48, actual: 49)) { try G1Affine(bytes: c + [0]) }
        #expect(throws: BLSError.invalidLength(expected: 48, actual: 0)) { try G1Affine(bytes: []) }
        // Compression flag disagreeing with the length.
        var cNoFlag = c; cNoFlag[0] &= 0x7f
        #expect(throws: BLSError.compressionFlagMismatch) { try G1Affine(bytes: cNoFlag) }
        var uFlag = u; uFlag[0] |= 0x80
        #expect(throws: BLSError.compressionFlagMismatch) { try G1Affine(bytes: uFlag) }
        // Sign flag on an uncompressed point.
        var uSign = u; uSign[0] |= 0x20
        #expect(throws: BLSError.signFlagOnUncompressed) { try G1Affine(bytes: uSign) }
        // Infinity with other bits set.
        var infX = G1Affine.identity.compressedBytes; infX[47] = 1
        #expect(throws: BLSError.infinityWithNonZeroBits) { try G1Affine(bytes: infX) }
        var infSign = G1Affine.identity.compressedBytes; infSign[0] |= 0x20
        #expect(throws: BLSError.infinityWithNonZeroBits) { try G1Affine(bytes: infSign) }
        var infLow = G1Affine.identity.compressedBytes; infLow[0] |= 0x01
        #expect(throws: BLSError.infinityWithNonZeroBits) { try G1Affine(bytes: infLow) }
        var uInfY = G1Affine.identity.uncompressedBytes; uInfY[95] = 1
        #expect(throws: BLSError.infinityWithNonZeroBits) { try G1Affine(bytes: uInfY) }
        // Coordinates ≥ p.
        var xP = try [UInt8](hex: fpModulusHex); xP[0] |= 0x80
        #expect(throws: BLSError.nonCanonicalFieldElement) { try G1Affine(bytes: xP) }
        var yP = u; yP.replaceSubrange(48..<96, with: try [UInt8](hex: fpModulusHex))
        #expect(throws: BLSError.nonCanonicalFieldElement) { try G1Affine(bytes: yP) }
        // Off the curve: an x with x³ + 4 a non-square, and a perturbed y.
        var x = Fp.one
        while (x.squared() * x + G1Projective.b).isSquare { x = x + .one }
        var offCurve = x.bigEndianBytes; offCurve[0] |= 0x80
        #expect(throws: BLSError.notOnCurve) { try G1Affine(bytes: offCurve) }
        var badY = u; badY[95] ^= 1
        #expect(throws: BLSError.notOnCurve) { try G1Affine(bytes: badY) }
        // The compressed form with the other sign flag decodes to −P.
        var flipped = c; flipped[0] ^= 0x20
        #expect(try G1Affine(bytes: flipped) == (-good.projective).affine)
    }

    /// [k]G agrees byte for byte with blst (pyblst), and the cofactor clearing with py_ecc.
    @Test func agreesWithBlstAndPyEcc() throws {
        let scalars = (0..<(slowTests ? 20 : 4)).map { _ in Scalar.random() }
        let offSubgroup = randomG1CurvePoint().affine
        let script = """
        from pyblst import BlstP1Element
        from py_ecc.optimized_bls12_381 import multiply, normalize
        from py_ecc.fields import optimized_bls12_381_FQ as FQ
        g = BlstP1Element().uncompress(bytes.fromhex('\(Hex.encode(G1Affine.generator.compressedBytes))'))
        for k in [\(scalars.map(pyInt).joined(separator: ","))]:
            print(g.scalar_mul(k).compress().hex())
        x, y = normalize(multiply((FQ(0x\(Hex.encode(offSubgroup.x.bigEndianBytes))), FQ(0x\(Hex.encode(offSubgroup.y.bigEndianBytes))), FQ(1)), 0xd201000000010001))
        print('%096x%096x' % (int(x), int(y)))
        """
        guard let lines = PythonOracle.run(script) else { return }
        #expect(lines.count == scalars.count + 1)
        for (k, line) in zip(scalars, lines) {
            #expect(Hex.encode(g.multiplied(by: k).affine.compressedBytes) == line)
        }
        #expect(Hex.encode(offSubgroup.projective.clearingCofactor().affine.uncompressedBytes) == lines.last)
    }
}

struct HashableTests {
    @Test func equalPointsHashEqually() {
        let k = Scalar.random()
        let a = G1Projective.generator.multiplied(by: k).affine
        let b = (G1Projective.generator.multiplied(by: k) + .identity).affine
        #expect(Set([a, b]).count == 1)
        let c = G2Projective.generator.multiplied(by: k).affine
        #expect(Set([c, G2Projective.generator.multipliedGeneric(by: k).affine, G2Affine.generator]).count == 2)
        #expect(Set([k, k, Scalar(1)]).count == 2)
    }
}
