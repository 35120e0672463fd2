import Primitives
import Sharing

/// A non-interactive proof that the dealer knows the opening `(a_i0, b_i0)` of its first
/// Pedersen commitment `C_i0 = g^{a_i0} h^{b_i0}`: Okamoto's proof of knowledge of a
/// representation (T. Okamoto, "Provably Secure and Practical Identification Schemes and
/// Corresponding Signature Schemes", CRYPTO '92, §3), made non-interactive by Fiat–Shamir.
///
/// Why GJKR needs it here: the paper assumes an authenticated broadcast channel on which a
/// member cannot see another's dealing before committing to its own. The session log is
/// ordered by the primary, so a rushing member (or a faulty primary) can read an honest
/// dealing and re-broadcast it under its own index. The challenge binds the ceremony id,
/// the *sender's index* and every commitment, so a copied dealing carries a proof that
/// fails for its new sender, and every member refuses it without any "first in log order"
/// rule that could disqualify the honest original.
///
/// Statement: `C_i0`, `g`, `h`. Prover: `u, v ← Z_q`, `T = g^u h^v`,
/// `e = H(ceremony id, sender, t, C_i0…C_i,t−1, T)`, `z1 = u + e·a_i0`, `z2 = v + e·b_i0`.
/// Verifier: `g^{z1} h^{z2} = T · C_i0^e`. Soundness error `1/q`; zero knowledge (honest
/// verifier, random oracle) because `(T, z1, z2)` is simulatable.
public struct DealingProof<G: PrimeOrderGroup>: Sendable, Hashable {
    /// `T = g^u h^v`, the prover's first message.
    public let announcement: G.Element
    /// `z1 = u + e·a_i0`.
    public let responseSecret: G.Scalar
    /// `z2 = v + e·b_i0`.
    public let responseBlinding: G.Scalar

    public init(announcement: G.Element, responseSecret: G.Scalar, responseBlinding: G.Scalar) {
        self.announcement = announcement
        self.responseSecret = responseSecret
        self.responseBlinding = responseBlinding
    }

    /// Encoded length: one element and two scalars.
    public static var encodedLength: Int { G.encodedLength + 2 * G.Scalar.byteLength }

    /// Proves knowledge of `(secret, blinding)` for `commitments.elements[0]`.
    /// `nonces` are `(u, v)`: uniform and fresh per proof (a repeated `u` with a different
    /// challenge reveals `a_i0`), drawn by the caller from the ceremony's scalar source.
    static func prove(secret: G.Scalar, blinding: G.Scalar, nonces: (u: G.Scalar, v: G.Scalar),
                      ceremonyID: [UInt8], sender: Int, commitments: VSSCommitments<G>, h: G.Element) -> DealingProof {
        let announcement = G.add(G.multiplyGeneratorSecret(nonces.u), G.multiplySecret(h, nonces.v))
        let e = challenge(ceremonyID: ceremonyID, sender: sender, commitments: commitments, announcement: announcement)
        return DealingProof(announcement: announcement,
                            responseSecret: nonces.u + e * secret,
                            responseBlinding: nonces.v + e * blinding)
    }

    /// Checks the proof for dealer `sender` of ceremony `ceremonyID`. Public data only, so
    /// every member reaches the same verdict on the same log entry.
    public func verify(ceremonyID: [UInt8], sender: Int, commitments: VSSCommitments<G>, h: G.Element) -> Bool {
        guard let c0 = commitments.elements.first, announcement != G.identity else { return false }
        let e = Self.challenge(ceremonyID: ceremonyID, sender: sender, commitments: commitments, announcement: announcement)
        let lhs = G.multiScalarMultiply([G.generator, h], [responseSecret, responseBlinding])
        let rhs = G.add(announcement, G.multiply(c0, e))
        return lhs == rhs
    }

    /// The Fiat–Shamir challenge: a scalar by wide reduction of 64 transcript bytes.
    static func challenge(ceremonyID: [UInt8], sender: Int, commitments: VSSCommitments<G>,
                          announcement: G.Element) -> G.Scalar {
        var transcript = Transcript(domain: "thresig/dkg/gjkr/dealing-pok/v1")
        transcript.append("group", string: G.name)
        transcript.append("ceremony-id", ceremonyID)
        transcript.append("sender", uint64: UInt64(sender))
        transcript.append("commitments", commitments.encoded())
        transcript.append("announcement", G.encode(announcement))
        return G.Scalar(reducing: transcript.challengeBytes("e", count: 64))
    }
}
