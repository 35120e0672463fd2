// ZCash serialization of G1 and G2 points, as adopted by the IETF BLS signature draft
// (draft-irtf-cfrg-bls-signature-05, Appendix A / draft-irtf-cfrg-pairing-friendly-curves
// Appendix C) and by Ethereum. The three top bits of the first byte are flags:
//   bit 7 (0x80) C — compressed (x only) encoding;
//   bit 6 (0x40) I — point at infinity (every other bit must be zero);
//   bit 5 (0x20) S — for compressed points: y is the lexicographically largest root.
// G1: x (48 bytes) or x ‖ y (96). G2: x.c1 ‖ x.c0 (96) or x.c1 ‖ x.c0 ‖ y.c1 ‖ y.c0 (192).

/// A base field of one of the two curves, as the encoder needs it.
@usableFromInline
protocol EncodableCurveField: CurveField {
    static var encodedCount: Int { get }
    var bigEndianBytes: [UInt8] { get }
    init(bigEndianBytes: ArraySlice<UInt8>) throws(BLSError)
    var isLexicographicallyLargest: Bool { get }
    func squareRoot() -> Self?
}

extension Fp: EncodableCurveField {
    @usableFromInline static var encodedCount: Int { 48 }
}
extension Fp2: EncodableCurveField {
    @usableFromInline static var encodedCount: Int { 96 }
}

/// An affine point type with ZCash encoding.
@usableFromInline
protocol ZCashEncodedPoint {
    associatedtype Field: EncodableCurveField
    associatedtype Projective: ProjectivePoint where Projective.Field == Field
    var x: Field { get }
    var y: Field { get }
    var isIdentity: Bool { get }
    init(x: Field, y: Field, isIdentity: Bool)
    static var identity: Self { get }
    /// Subgroup membership of an on-curve point.
    static func isInSubgroup(_ p: Self) -> Bool
}

extension ZCashEncodedPoint {
    @usableFromInline var zcashCompressed: [UInt8] {
        if isIdentity {
            var out = [UInt8](repeating: 0, count: Field.encodedCount)
            out[0] = 0xc0
            return out
        }
        var out = x.bigEndianBytes
        out[0] |= 0x80 | (y.isLexicographicallyLargest ? 0x20 : 0)
        return out
    }

    @usableFromInline var zcashUncompressed: [UInt8] {
        if isIdentity {
            var out = [UInt8](repeating: 0, count: 2 * Field.encodedCount)
            out[0] = 0x40
            return out
        }
        return x.bigEndianBytes + y.bigEndianBytes
    }

    /// Decodes either form, choosing by the compression flag; validates flags, length,
    /// canonical coordinates, the curve equation and (when asked) the subgroup.
    @usableFromInline
    static func zcashDecode(_ input: [UInt8], checkSubgroup: Bool) throws(BLSError) -> Self {
        let n = Field.encodedCount
        guard let first = input.first else { throw .invalidLength(expected: n, actual: 0) }
        let compressed = first & 0x80 != 0
        let infinity = first & 0x40 != 0
        let sign = first & 0x20 != 0
        let expected = compressed ? n : 2 * n
        guard input.count == n || input.count == 2 * n else { throw .invalidLength(expected: expected, actual: input.count) }
        guard input.count == expected else { throw .compressionFlagMismatch }
        if !compressed && sign { throw .signFlagOnUncompressed }
        var body = input
        body[0] &= 0x1f
        if infinity {
            guard !sign, body.allSatisfy({ $0 == 0 }) else { throw .infinityWithNonZeroBits }
            return .identity
        }
        let x = try Field(bigEndianBytes: body[0..<n])
        let rhs = x.squared() * x + Projective.b
        let y: Field
        if compressed {
            guard let root = rhs.squareRoot() else { throw .notOnCurve }
            y = root.isLexicographicallyLargest == sign ? root : -root
        } else {
            y = try Field(bigEndianBytes: body[n..<(2 * n)])
            guard y.squared() == rhs else { throw .notOnCurve }
        }
        let point = Self(x: x, y: y, isIdentity: false)
        if checkSubgroup && !isInSubgroup(point) { throw .notInSubgroup }
        return point
    }
}

extension G1Affine: ZCashEncodedPoint {
    @usableFromInline typealias Projective = G1Projective
    @usableFromInline static func isInSubgroup(_ p: G1Affine) -> Bool { p.projective.isInSubgroup }

    /// ZCash compressed encoding (48 bytes).
    public var compressedBytes: [UInt8] { zcashCompressed }
    /// ZCash uncompressed encoding (96 bytes).
    public var uncompressedBytes: [UInt8] { zcashUncompressed }

    /// Decodes a compressed (48-byte) or uncompressed (96-byte) ZCash encoding and checks
    /// that the point is on the curve and in G1. `checkSubgroup: false` is for callers that
    /// clear the cofactor themselves (never for keys or signatures).
    public init(bytes: [UInt8], checkSubgroup: Bool = true) throws(BLSError) {
        self = try G1Affine.zcashDecode(bytes, checkSubgroup: checkSubgroup)
    }
}

extension G2Affine: ZCashEncodedPoint {
    @usableFromInline typealias Projective = G2Projective
    @usableFromInline static func isInSubgroup(_ p: G2Affine) -> Bool { p.projective.isInSubgroup }

    /// ZCash compressed encoding (96 bytes).
    public var compressedBytes: [UInt8] { zcashCompressed }
    /// ZCash uncompressed encoding (192 bytes).
    public var uncompressedBytes: [UInt8] { zcashUncompressed }

    /// Decodes a compressed (96-byte) or uncompressed (192-byte) ZCash encoding and checks
    /// that the point is on the curve and in G2. `checkSubgroup: false` is for callers that
    /// clear the cofactor themselves (never for keys or signatures).
    public init(bytes: [UInt8], checkSubgroup: Bool = true) throws(BLSError) {
        self = try G2Affine.zcashDecode(bytes, checkSubgroup: checkSubgroup)
    }
}
