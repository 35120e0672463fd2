import Paillier
import Secp256k1

/// Πsch — Schnorr proof of knowledge of a discrete logarithm, CGGMP21 (eprint 2021/060)
/// Figure 22: for `X = x·G`, commit `A = α·G`, challenge `e`, response `z = α + e·x mod q`;
/// the verifier checks `z·G = A + e·X`. Made non-interactive with Fiat–Shamir over the
/// session id, the prover's index and (X, A).
public struct PiSch: Sendable, Hashable {
    /// The commitment A = α·G.
    public var a: Point
    /// The response z.
    public var z: Scalar

    /// Tag of the transcript domain.
    static let tag = "pi-sch"

    /// A proof of knowledge of `x` with `X = x·G`.
    public static func prove(x: Scalar, publicPoint X: Point, context: ProofContext, source: RandomSource) -> PiSch {
        let alpha = Scalar(reducing: source.bytes(48))
        let A = Point.generatorMultiplySecret(alpha)
        var fs = FiatShamir(tag: tag, context: context)
        fs.point("X", X); fs.point("A", A)
        let e = fs.challengeScalar()
        return PiSch(a: A, z: alpha + e * x)
    }

    /// Verifies the proof for `X`.
    public func verify(publicPoint X: Point, context: ProofContext) throws(ProofError) {
        var fs = FiatShamir(tag: Self.tag, context: context)
        fs.point("X", X); fs.point("A", a)
        let e = fs.challengeScalar()
        guard Point.generator.multiply(by: z) == a + X.multiply(by: e) else { throw .equationFailed("z·G = A + e·X") }
    }
}
