import BLS12381

/// Every way a threshold-BLS input can be refused. Cases are only ever added, never
/// renamed: the signer node and the tests match on them.
public enum ThresholdBLSError: Error, Equatable, Sendable {
    /// The threshold is outside `1…shareCount` (or `1…1024` when no share count is known).
    case invalidThreshold(t: Int, shareCount: Int?)
    /// Fewer partial signatures than the threshold.
    case notEnoughPartials(needed: Int, got: Int)
    /// A signer index is zero, negative, or beyond the committee (`shareCount`, or 1024).
    case invalidIndex(Int)
    /// Two partial signatures carry the same signer index.
    case duplicateIndex(Int)
    /// A partial signature's bytes or point were refused (length, flags, not on the
    /// curve, not in G2).
    case invalidPartial(index: Int, BLSError)
    /// A public key was refused: the identity or not in G1 (`index` 0 is the group key).
    case invalidPublicKey(index: Int, BLSError)
    /// Robust combine: after checking every partial one by one, fewer than `needed` are
    /// valid. `bad` names the members whose partials failed.
    case notEnoughValidPartials(needed: Int, valid: Int, bad: [Int])
    /// Robust combine: `t` individually valid partials combine to a signature that does
    /// not verify under the group key, i.e. the share public keys do not belong to it.
    case sharePublicKeysInconsistent
}
