import BLS12381
import Sharing

extension BLSThreshold {
    /// σ_i = x_i · H(m), by constant-time scalar multiplication (GLS), with the signer
    /// index. `share` is the member's Shamir share of the group secret; from a DKG
    /// `KeyShare<BLS12381G1Group>` pass `keyShare.share`.
    /// - Throws: `.invalidIndex` for an index outside `1…1024`.
    public static func partialSign(share: Share<BLS12381.Scalar>, message: [UInt8]) throws(ThresholdBLSError) -> PartialSignature {
        guard share.index >= 1, share.index <= Shamir.maxShareCount else { throw .invalidIndex(share.index) }
        let sigma = hashMessage(message).multiplied(by: share.value)
        return PartialSignature(index: share.index, validatedPoint: sigma.affine)
    }
}
