import BLS12381
import Sharing

/// What `robustCombine` produced.
public struct RobustCombineResult: Sendable, Hashable {
    /// The combined signature; it verifies under the group public key (checked).
    public let signature: BLSSignature
    /// The `t` signer indices whose partials were combined, in the order used.
    public let signers: [Int]
    /// Members whose partials failed `verifyPartial`, ascending. Empty when the fast path
    /// succeeded (the partials beyond the first `t` are then not examined).
    public let badMembers: [Int]
    /// True when the first `t` partials combined to a valid signature at once (one
    /// signature check, no per-partial checks).
    public let fastPath: Bool
}

extension BLSThreshold {
    /// Robust combine (DESIGN.md, "Threshold BLS"): combines the first `t` partials and
    /// verifies the result once under the group key. Only if that fails does it verify
    /// every partial against its member's share public key, name the members whose
    /// partials are bad, and combine the first `t` good ones (verified again under the
    /// group key).
    ///
    /// - Parameters:
    ///   - partials: partial signatures, at most one per member.
    ///   - threshold: `t`.
    ///   - groupPublicKey: the DKG group key `y` (G1, not the identity).
    ///   - sharePublicKeys: `g₁^{x_j}` for `j = 1…n` at position `j − 1` (the DKG
    ///     output's `sharePublicKeys`); `n` bounds the indices.
    ///   - message: the signed message.
    /// - Throws: `.invalidThreshold`, `.invalidIndex`, `.duplicateIndex`,
    ///   `.notEnoughPartials` (fewer than `t` given), `.invalidPublicKey` (identity group
    ///   key), `.notEnoughValidPartials(needed:valid:bad:)` (fewer than `t` good ones),
    ///   `.sharePublicKeysInconsistent` (`t` good partials that do not combine to a
    ///   signature of the group key).
    public static func robustCombine(partials: [PartialSignature], threshold t: Int, groupPublicKey: G1Affine,
                                     sharePublicKeys: [G1Affine], message: [UInt8]) throws(ThresholdBLSError) -> RobustCombineResult {
        let n = sharePublicKeys.count
        try validateThreshold(t, shareCount: n)
        try validateIndices(partials.map(\.index), shareCount: n)
        guard partials.count >= t else { throw .notEnoughPartials(needed: t, got: partials.count) }
        let groupKey: BLSPublicKey
        do { groupKey = try BLSPublicKey(point: groupPublicKey) } catch { throw .invalidPublicKey(index: 0, error) }
        let h = hashMessage(message).affine

        func verifies(_ s: BLSSignature) -> Bool {
            !s.point.isIdentity && Pairing.productIsOne([(groupKey.point, h), (negatedG1Generator, s.point)])
        }

        // Fast path: any t (the first t), one check.
        let first = Array(partials.prefix(t))
        let fast = combineValidated(first)
        if verifies(fast) {
            return RobustCombineResult(signature: fast, signers: first.map(\.index), badMembers: [], fastPath: true)
        }

        // Slow path: every partial on its own.
        var good: [PartialSignature] = [], bad: [Int] = []
        for p in partials {
            if verifyPartial(p, hashedMessage: h, sharePublicKey: sharePublicKeys[p.index - 1]) { good.append(p) } else { bad.append(p.index) }
        }
        bad.sort()
        guard good.count >= t else { throw .notEnoughValidPartials(needed: t, valid: good.count, bad: bad) }
        let chosen = Array(good.prefix(t))
        let sigma = combineValidated(chosen)
        guard verifies(sigma) else { throw .sharePublicKeysInconsistent }
        return RobustCombineResult(signature: sigma, signers: chosen.map(\.index), badMembers: bad, fastPath: false)
    }
}
