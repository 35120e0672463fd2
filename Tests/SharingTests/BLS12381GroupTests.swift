import BLS12381
import Sharing
import Testing

@Suite("Sharing over BLS12-381 G1")
struct BLS12381G1GroupTests {
    typealias Checks = GroupConformanceChecks<BLS12381G1Group>

    @Test func groupLaws() { Checks.groupLaws() }
    @Test func encodings() throws { try Checks.encodings() }
    @Test(arguments: [(1, 1), (2, 3), (3, 5)])
    func shamir(t: Int, n: Int) throws { try Checks.shamirAnyTOfN(t: t, n: n) }
    @Test(arguments: [(1, 1), (3, 5)])
    func feldman(t: Int, n: Int) throws { try Checks.feldman(t: t, n: n) }
    @Test func pedersen() throws { try Checks.pedersen(t: 3, n: 5) }

    /// Off-curve and out-of-subgroup encodings are refused with typed errors.
    @Test func invalidPointsRefused() throws {
        // x = 0: 0³ + 4 = 4 is a square, (0, ±2) is on E but not in G1 (its order is 3).
        var x0 = [UInt8](repeating: 0, count: 48); x0[0] = 0x80
        #expect(throws: SharingError.self) { try BLS12381G1Group.decode(x0) }
        // A coordinate ≥ p.
        var big = [UInt8](repeating: 0xff, count: 48); big[0] = 0x9f
        #expect(throws: SharingError.self) { try BLS12381G1Group.decode(big) }
        // Uncompressed encodings have the wrong length for this group.
        #expect(throws: SharingError.self) { try BLS12381G1Group.decode(G1Affine.generator.uncompressedBytes) }
    }

    @Test func scalarInverseAndReduction() {
        for _ in 0..<10 {
            let a = BLS12381.Scalar.randomNonZero()
            #expect(a * a.inverse()! == .one)
        }
        #expect(BLS12381.Scalar.zero.inverse() == nil)
        #expect(BLS12381.Scalar(reducing: [0x01, 0x00]) == BLS12381.Scalar(256))
    }
}

@Suite("Sharing over BLS12-381 G2")
struct BLS12381G2GroupTests {
    typealias Checks = GroupConformanceChecks<BLS12381G2Group>

    @Test func groupLaws() { Checks.groupLaws() }
    @Test func encodings() throws { try Checks.encodings() }
    @Test(arguments: [(1, 1), (3, 5)])
    func shamir(t: Int, n: Int) throws { try Checks.shamirAnyTOfN(t: t, n: n) }
    @Test(arguments: [(1, 1), (3, 5)])
    func feldman(t: Int, n: Int) throws { try Checks.feldman(t: t, n: n) }
    @Test func pedersen() throws { try Checks.pedersen(t: 3, n: 5) }

    /// Threshold BLS in miniature: Lagrange interpolation of t partial signatures in G2
    /// gives the signature of the shared secret.
    @Test func thresholdSignatureInterpolates() throws {
        let secret = BLS12381.Scalar.random()
        let shares = try Shamir.split(secret: secret, threshold: 3, shareCount: 5)
        let h = BLS12381G2Group.hashToGroup(message: Array("m".utf8), dst: BLS.signatureDST)
        let partials = shares.prefix(3).map { (index: $0.index, element: BLS12381G2Group.multiplySecret(h, $0.value)) }
        #expect(try Lagrange.interpolateInExponent(points: Array(partials), in: BLS12381G2Group.self)
                == BLS12381G2Group.multiplySecret(h, secret))
    }

    @Test func invalidPointsRefused() throws {
        var big = [UInt8](repeating: 0xff, count: 96); big[0] = 0x9f
        #expect(throws: SharingError.self) { try BLS12381G2Group.decode(big) }
        var x0 = [UInt8](repeating: 0, count: 96); x0[0] = 0x80
        #expect(throws: SharingError.self) { try BLS12381G2Group.decode(x0) }
        #expect(throws: SharingError.self) { try BLS12381G2Group.decode(G2Affine.generator.uncompressedBytes) }
    }
}
