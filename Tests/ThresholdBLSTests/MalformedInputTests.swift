import BLS12381
import Primitives
import Sharing
import Testing
@testable import ThresholdBLS

@Suite("Malformed inputs → typed errors")
struct MalformedInputTests {
    static let m = Array("m".utf8)
    static func p(_ i: Int) -> PartialSignature {
        PartialSignature(index: i, validatedPoint: G2Projective.generator.multiplied(by: BLS12381.Scalar(UInt64(i + 1))).affine)
    }

    @Test func combineErrors() throws {
        let ps = (1...3).map(Self.p)
        #expect(throws: ThresholdBLSError.notEnoughPartials(needed: 3, got: 2)) { try BLSThreshold.combine(partials: Array(ps.prefix(2)), threshold: 3) }
        #expect(throws: ThresholdBLSError.notEnoughPartials(needed: 1, got: 0)) { try BLSThreshold.combine(partials: [], threshold: 1) }
        #expect(throws: ThresholdBLSError.duplicateIndex(2)) { try BLSThreshold.combine(partials: [Self.p(2), Self.p(1), Self.p(2)], threshold: 2) }
        #expect(throws: ThresholdBLSError.invalidIndex(0)) { try BLSThreshold.combine(partials: [Self.p(1), Self.p(0)], threshold: 2) }
        #expect(throws: ThresholdBLSError.invalidIndex(-1)) { try BLSThreshold.combine(partials: [Self.p(-1), Self.p(1)], threshold: 2) }
        #expect(throws: ThresholdBLSError.invalidIndex(4)) { try BLSThreshold.combine(partials: [Self.p(1), Self.p(4)], threshold: 2, shareCount: 3) }
        #expect(throws: ThresholdBLSError.invalidIndex(1025)) { try BLSThreshold.combine(partials: [Self.p(1), Self.p(1025)], threshold: 2) }
        #expect(throws: ThresholdBLSError.invalidThreshold(t: 0, shareCount: nil)) { try BLSThreshold.combine(partials: ps, threshold: 0) }
        #expect(throws: ThresholdBLSError.invalidThreshold(t: 4, shareCount: 3)) { try BLSThreshold.combine(partials: ps, threshold: 4, shareCount: 3) }
    }

    @Test func partialSignAndDecodingErrors() throws {
        #expect(throws: ThresholdBLSError.invalidIndex(0)) { try BLSThreshold.partialSign(share: Share(index: 0, value: .random()), message: Self.m) }
        #expect(throws: ThresholdBLSError.invalidIndex(1025)) { try BLSThreshold.partialSign(share: Share(index: 1025, value: .random()), message: Self.m) }
        #expect(throws: ThresholdBLSError.invalidPartial(index: 3, .invalidLength(expected: 96, actual: 95))) {
            try PartialSignature(index: 3, compressed: [UInt8](repeating: 0, count: 95))
        }
        // A G2 encoding with its top flags cleared is not a valid compressed point.
        var bytes = Self.p(1).compressed
        bytes[0] &= 0x1f
        #expect(throws: ThresholdBLSError.self) { try PartialSignature(index: 1, compressed: bytes) }
        // x = 0 with the compression flag: not on the curve (or not canonical).
        var zero = [UInt8](repeating: 0, count: 96); zero[0] = 0x80
        #expect(throws: ThresholdBLSError.self) { try PartialSignature(index: 1, compressed: zero) }
        // A curve point outside G2 (no cofactor clearing) is refused by the point initialiser.
        let u = HashToG2.mapToCurve(HashToG2.hashToField(message: Self.m, dst: Array("T".utf8)).0)
        if !u.isInSubgroup {
            #expect(throws: ThresholdBLSError.invalidPartial(index: 1, .notInSubgroup)) { try PartialSignature(index: 1, point: u.affine) }
            #expect(throws: ThresholdBLSError.self) { try PartialSignature(index: 1, compressed: u.affine.compressedBytes) }
        }
    }

    @Test func robustCombineErrors() throws {
        let keys = (1...3).map { G1Projective.generator.multiplied(by: BLS12381.Scalar(UInt64($0))).affine }
        let ps = (1...3).map(Self.p)
        func rc(_ ps: [PartialSignature], _ t: Int, _ keys: [G1Affine]) throws(ThresholdBLSError) {
            _ = try BLSThreshold.robustCombine(partials: ps, threshold: t, groupPublicKey: G1Affine.generator, sharePublicKeys: keys, message: Self.m)
        }
        #expect(throws: ThresholdBLSError.invalidIndex(4)) { try rc(ps + [Self.p(4)], 2, keys) }
        #expect(throws: ThresholdBLSError.duplicateIndex(1)) { try rc(ps + [Self.p(1)], 2, keys) }
        #expect(throws: ThresholdBLSError.notEnoughPartials(needed: 3, got: 2)) { try rc(Array(ps.prefix(2)), 3, keys) }
        #expect(throws: ThresholdBLSError.invalidThreshold(t: 4, shareCount: 3)) { try rc(ps, 4, keys) }
        #expect(throws: ThresholdBLSError.invalidThreshold(t: 1, shareCount: 0)) { try rc(ps, 1, []) }
        // These partials are not signatures of anything: every one is named.
        #expect(throws: ThresholdBLSError.notEnoughValidPartials(needed: 2, valid: 0, bad: [1, 2, 3])) { try rc(ps, 2, keys) }
    }
}

@Suite("verifyPartial refuses degenerate inputs")
struct DegeneratePartialTests {
    /// With an identity share key and an identity partial the pairing equation holds
    /// trivially; verifyPartial must still say no.
    @Test func identityPartialAndKeyRefused() throws {
        let m = Array("m".utf8)
        let identityPartial = try PartialSignature(index: 1, point: G2Affine.identity)
        #expect(!BLSThreshold.verifyPartial(partial: identityPartial, message: m, sharePublicKey: G1Affine.identity))
        let sk = BLS12381.Scalar(7)
        let good = try BLSThreshold.partialSign(share: Share(index: 1, value: sk), message: m)
        let pk = G1Projective.generator.multiplied(by: sk).affine
        #expect(BLSThreshold.verifyPartial(partial: good, message: m, sharePublicKey: pk))
        #expect(!BLSThreshold.verifyPartial(partial: good, message: m, sharePublicKey: G1Affine.identity))
    }
}
