import BLS12381
import Sharing

/// Threshold BLS over the ciphersuite `BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_`
/// (the one of `BLS`): keys in G1 from a GJKR ceremony over `BLS12381G1Group`, partial
/// and combined signatures in G2. A combined signature is an ordinary BLS signature of
/// the group secret: `BLS.verify` (and any other implementation) checks it under the
/// group public key.
///
/// The operations live in one file each: `partialSign`, `verifyPartial`, `combine`,
/// `robustCombine`.
public enum BLSThreshold {
    /// H(m) in G2 under the signing tag of the ciphersuite.
    static func hashMessage(_ message: [UInt8]) -> G2Projective {
        HashToG2.hash(message: message, dst: BLS.signatureDST)
    }

    /// −g₁, so that e(g₁, σ) = e(pk, H(m)) becomes e(pk, H(m)) · e(−g₁, σ) = 1.
    static let negatedG1Generator: G1Affine = (-G1Projective.generator).affine

    /// Checks `1 ≤ t ≤ shareCount` (or `≤ 1024`).
    static func validateThreshold(_ t: Int, shareCount: Int?) throws(ThresholdBLSError) {
        let bound = min(shareCount ?? Shamir.maxShareCount, Shamir.maxShareCount)
        guard t >= 1, t <= bound, (shareCount ?? 1) >= 1 else { throw .invalidThreshold(t: t, shareCount: shareCount) }
    }

    /// Checks that every index is in `1…shareCount` (or `1…1024`) and none repeats.
    static func validateIndices(_ indices: [Int], shareCount: Int?) throws(ThresholdBLSError) {
        let bound = min(shareCount ?? Shamir.maxShareCount, Shamir.maxShareCount)
        var seen = Set<Int>()
        for i in indices {
            guard i >= 1, i <= bound else { throw .invalidIndex(i) }
            guard seen.insert(i).inserted else { throw .duplicateIndex(i) }
        }
    }
}
