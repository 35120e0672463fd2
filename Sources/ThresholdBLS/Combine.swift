import BLS12381
import Sharing

extension BLSThreshold {
    /// The combined signature `σ = Σ_{i∈S} λ_i(0) · σ_i` over the first `threshold`
    /// partials `S` (in the order given), by one multi-scalar multiplication in G2. With
    /// valid partials it equals `x · H(m)` for the group secret `x`, whichever `t` signers
    /// are used. Partials are not checked against share keys here (see `robustCombine`).
    ///
    /// Every given partial's index is validated, not only the first `t`.
    /// - Parameter shareCount: the committee size `n`, when known: indices above it are
    ///   refused.
    /// - Throws: `.invalidThreshold`, `.notEnoughPartials`, `.invalidIndex` (zero,
    ///   negative, beyond `n` or 1024), `.duplicateIndex`.
    public static func combine(partials: [PartialSignature], threshold t: Int, shareCount: Int? = nil) throws(ThresholdBLSError) -> BLSSignature {
        try validateThreshold(t, shareCount: shareCount)
        try validateIndices(partials.map(\.index), shareCount: shareCount)
        guard partials.count >= t else { throw .notEnoughPartials(needed: t, got: partials.count) }
        return combineValidated(Array(partials.prefix(t)))
    }

    /// Lagrange at 0 in G2 over partials whose indices are already validated.
    static func combineValidated(_ partials: [PartialSignature]) -> BLSSignature {
        let lambdas: [BLS12381.Scalar]
        do { lambdas = try Lagrange.coefficientsAtZero(indices: partials.map(\.index)) } catch {
            preconditionFailure("indices were validated: \(error)")
        }
        let sigma = G2Projective.multiScalarMultiply(partials.map { $0.point.projective }, lambdas)
        // In G2: a linear combination of G2 points.
        return BLSSignature(point: sigma.affine)
    }
}
