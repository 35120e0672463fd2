import BLS12381
import Sharing

/// One member's partial signature `σ_i = x_i · H(m)` (a point of G2) with its signer
/// index `i`. Every value of this type holds a point on the curve and in G2: the public
/// initialisers validate, `BLSThreshold.partialSign` produces one by construction.
public struct PartialSignature: Sendable, Hashable {
    /// The signer's committee position, as given (validated where partials are combined
    /// or verified, so that a malformed one can still be reported).
    public let index: Int
    /// `x_i · H(m)`.
    public let point: G2Affine

    init(index: Int, validatedPoint: G2Affine) {
        self.index = index
        self.point = validatedPoint
    }

    /// Wraps a point after checking that it is on the curve and in G2.
    /// - Throws: `ThresholdBLSError.invalidPartial(index:, .notOnCurve / .notInSubgroup)`.
    public init(index: Int, point: G2Affine) throws(ThresholdBLSError) {
        if !point.isIdentity {
            let p = point.projective
            guard p.isOnCurve else { throw .invalidPartial(index: index, .notOnCurve) }
            guard p.isInSubgroup else { throw .invalidPartial(index: index, .notInSubgroup) }
        }
        self.init(index: index, validatedPoint: point)
    }

    /// Decodes a 96-byte ZCash compressed G2 point (flags, canonical coordinates, on the
    /// curve, in G2).
    /// - Throws: `ThresholdBLSError.invalidPartial(index:, …)` with the decoding error.
    public init(index: Int, compressed: [UInt8]) throws(ThresholdBLSError) {
        guard compressed.count == 96 else {
            throw .invalidPartial(index: index, .invalidLength(expected: 96, actual: compressed.count))
        }
        do { self.init(index: index, validatedPoint: try G2Affine(bytes: compressed)) } catch {
            throw .invalidPartial(index: index, error)
        }
    }

    /// The 96-byte ZCash compressed encoding of the point.
    public var compressed: [UInt8] { point.compressedBytes }
}
