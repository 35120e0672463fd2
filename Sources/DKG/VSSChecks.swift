import Sharing

/// The two share checks of GJKR, with the commitment side evaluated by Horner's rule
/// (`VSSCommitments.evaluated(at:)`) instead of `Sharing`'s general multi-scalar
/// multiplication; same results as `PedersenVSS.verify` / `FeldmanVSS.verify`, which the
/// tests cross-check. The share side uses secret scalars and stays constant time.
/// Indices come from decoded messages or the parameters, so they are already in `1…n`.
enum VSSChecks<G: PrimeOrderGroup> {
    /// GJKR Eq. (4): `g^{s} h^{s'} = Π_k C_k^{j^k}`.
    static func pedersen(share: G.Scalar, blinding: G.Scalar, index: Int, commitments: VSSCommitments<G>, h: G.Element) -> Bool {
        let lhs = G.add(G.multiplyGeneratorSecret(share), G.multiplySecret(h, blinding))
        return lhs == commitments.evaluated(at: index)
    }

    /// GJKR Eq. (5) (and the Feldman check of resharing): `g^{s} = Π_k A_k^{j^k}`.
    static func feldman(share: G.Scalar, index: Int, commitments: VSSCommitments<G>) -> Bool {
        G.multiplyGeneratorSecret(share) == commitments.evaluated(at: index)
    }
}
