/// A point of the M-type sextic twist E′(𝔽p²): y² = x³ + 4(1 + u), in projective
/// coordinates. Arithmetic is valid for any point of E′; values that came from outside are
/// in G2 (the order-r subgroup) because every decoder checks. Equality is that of the points, not of the coordinates.
@frozen
public struct G2Projective: ProjectivePoint, Equatable {
    @usableFromInline var x: Fp2
    @usableFromInline var y: Fp2
    @usableFromInline var z: Fp2

    @inlinable
    init(x: Fp2, y: Fp2, z: Fp2) { self.x = x; self.y = y; self.z = z }

    /// b′ = 4ξ = 4 + 4u.
    @inlinable static var b: Fp2 { Fp2(G1Projective.b, G1Projective.b) }

    /// 3b′·v = 12ξ·v with additions and the cheap multiplication by ξ.
    @inlinable @inline(__always)
    static func mulByB3(_ v: Fp2) -> Fp2 { (v.doubled() + v).doubled().doubled().mulByNonresidue() }

    /// The standard generator (draft-irtf-cfrg-pairing-friendly-curves §4.2.1).
    public static let generator = G2Projective(
        x: Fp2(Fp(montgomeryLimbs: 0xf5f28fa202940a10, 0xb3f5fb2687b4961a, 0xa1a893b53e2ae580, 0x9894999d1a3caee9, 0x6f67b7631863366b, 0x058191924350bcd7),
               Fp(montgomeryLimbs: 0xa5a9c0759e23f606, 0xaaa0c59dbccd60c3, 0x3bb17e18e2867806, 0x1b1ab6cc8541b367, 0xc2b6ed0ef2158547, 0x11922a097360edf3)),
        y: Fp2(Fp(montgomeryLimbs: 0x4c730af860494c4a, 0x597cfa1f5e369c5a, 0xe7e6856caa0a635a, 0xbbefb5e96e0d495f, 0x07d3a975f0ef25a2, 0x0083fd8e7e80dae5),
               Fp(montgomeryLimbs: 0xadc0fc92df64b05d, 0x18aa270a2b1461dc, 0x86adac6a3be4eba0, 0x79495c4ec93da33a, 0xe7175850a43ccaed, 0x0b2bc2a163de1bf2)),
        z: .one)

    /// The point at infinity.
    public static var identity: G2Projective { identityPoint }

    /// The point (x, y) without any check (internal: callers validate).
    @inlinable
    init(affineX: Fp2, y: Fp2) { self.init(x: affineX, y: y, z: .one) }

    /// Whether this is the point at infinity.
    public var isIdentity: Bool { isIdentityPoint }
    /// Whether the point satisfies the curve equation.
    public var isOnCurve: Bool { isOnCurvePoint }

    /// P + Q (complete formula).
    public static func + (p: G2Projective, q: G2Projective) -> G2Projective { p.addingPoint(q) }
    /// P − Q.
    public static func - (p: G2Projective, q: G2Projective) -> G2Projective { p.addingPoint(q.negatedPoint()) }
    /// −P.
    public static prefix func - (p: G2Projective) -> G2Projective { p.negatedPoint() }
    /// 2P.
    public func doubled() -> G2Projective { doubledPoint() }
    /// P + Q for an affine Q (mixed addition; Q may be the identity).
    public func adding(_ q: G2Affine) -> G2Projective {
        let sum = addingAffinePoint(q.x, q.y)
        return .selectPoint(sum, self, q.isIdentity ? 1 : 0)
    }
    /// Point equality.
    public static func == (p: G2Projective, q: G2Projective) -> Bool { p.equalsPoint(q) }

    /// [k]P in constant time (for secret scalars), through the GLS (ψ) decomposition.
    /// P must be in G2 — true of every point this module decodes, hashes or computes from
    /// the generator; for arbitrary curve points use `multipliedGeneric(by:)`.
    public func multiplied(by k: Scalar) -> G2Projective { glsMultiple(k) }
    /// [k]P in constant time for any point of the curve (fixed windows, 256 doublings).
    public func multipliedGeneric(by k: Scalar) -> G2Projective { constantTimeMultiple(k) }
    /// [k]P for a public scalar. Currently the endomorphism-accelerated constant-time
    /// method, which measured faster than plain width-5 wNAF (kept as `multipliedWNAF`).
    /// P must be in G2.
    public func multipliedVariableTime(by k: Scalar) -> G2Projective { glsMultiple(k) }
    /// [k]P by width-5 wNAF, variable time (public scalars), any curve point.
    public func multipliedWNAF(by k: Scalar) -> G2Projective { variableTimeMultiple(k) }

    /// The affine form (one inversion).
    public var affine: G2Affine {
        guard let (ax, ay) = affineCoordinates() else { return .identity }
        return G2Affine(x: ax, y: ay, isIdentity: false)
    }

    // MARK: Endomorphism, subgroup, cofactor

    /// ψ = twist⁻¹ ∘ π_p ∘ twist (Galbraith–Scott), on projective coordinates:
    /// (X̄·c_x : Ȳ·c_y : Z̄). On G2 it acts as multiplication by p ≡ u (mod r).
    public func psi() -> G2Projective {
        G2Projective(x: x.conjugate() * PsiCoefficients.x, y: y.conjugate() * PsiCoefficients.y, z: z.conjugate())
    }

    /// Membership in G2 by Scott's test (eprint 2021/1130, §4; Bowe's eprint 2019/814 for
    /// the idea): P ∈ G2 ⇔ ψ(P) = [u]P = −[|u|]P. One 64-bit multiplication instead of a
    /// multiplication by r. The point must be on the curve. Variable time: for public points.
    public var isInSubgroup: Bool { psi() == -multipliedByAbsUPublic() }

    /// [h_eff]P by the Budroni–Pintore decomposition (eprint 2017/419), exactly as RFC 9380
    /// Appendix G.4 `clear_cofactor_bls12381_g2`: maps E′(𝔽p²) into G2. Variable time:
    /// for public points.
    public func clearingCofactor() -> G2Projective {
        // c1 = u = −|u|, so [c1]Q = −[|u|]Q.
        let t1 = -multipliedByAbsUPublic()                 // t1 = c1·P
        var t2 = psi()                               // t2 = ψ(P)
        var t3 = doubled().psi().psi()               // t3 = ψ²(2P)
        t3 = t3 - t2
        t2 = t1 + t2
        t2 = -t2.multipliedByAbsUPublic()                  // t2 = c1·t2
        t3 = t3 + t2
        t3 = t3 - t1
        return t3 - self
    }
}

/// An affine point of E(𝔽p) or the identity.
public struct G2Affine: Sendable, Hashable {
    /// x-coordinate (zero for the identity).
    public let x: Fp2
    /// y-coordinate (zero for the identity).
    public let y: Fp2
    /// Whether this is the point at infinity.
    public let isIdentity: Bool

    @usableFromInline
    init(x: Fp2, y: Fp2, isIdentity: Bool) { self.x = x; self.y = y; self.isIdentity = isIdentity }

    /// The point at infinity.
    public static let identity = G2Affine(x: .zero, y: .zero, isIdentity: true)
    /// The standard generator.
    public static var generator: G2Affine { G2Projective.generator.affine }

    /// The projective form.
    public var projective: G2Projective { isIdentity ? .identity : G2Projective(affineX: x, y: y) }
}
