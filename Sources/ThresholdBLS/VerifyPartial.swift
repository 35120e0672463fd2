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
        Pairing.productIsOne([(pk, h), (negatedG1Generator, partial.point)])
    }
}
