import BLS12381
import Sharing

extension BLSThreshold {
    /// Whether e(g₁, σ_i) = e(pk_i, H(m)), checked as one two-pair product
    /// e(pk_i, H(m)) · e(−g₁, σ_i) = 1. `sharePublicKey` is `g₁^{x_i}` from the DKG output
    /// (`sharePublicKey(i)`). Never throws: a wrong key, message or point gives false.
    /// (The partial's point is in G2 by construction of `PartialSignature`.)
    public static func verifyPartial(partial: PartialSignature, message: [UInt8], sharePublicKey: G1Affine) -> Bool {
        verifyPartial(partial, hashedMessage: hashMessage(message).affine, sharePublicKey: sharePublicKey)
    }

    /// The same check with H(m) computed once by the caller.
    static func verifyPartial(_ partial: PartialSignature, hashedMessage h: G2Affine, sharePublicKey pk: G1Affine) -> Bool {
        // As in the ciphersuite's CoreVerify: an identity partial or share key would make
        // the pairing equation hold trivially, and a key off the curve or outside G1 must
        // never reach the Miller loop.
        guard !partial.point.isIdentity, (try? BLSPublicKey(point: pk)) != nil else { return false }
        return Pairing.productIsOne([(pk, h), (negatedG1Generator, partial.point)])
    }
}
