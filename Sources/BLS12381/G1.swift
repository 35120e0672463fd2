/// A point of E(𝔽p): y² = x³ + 4, in projective coordinates. Arithmetic is valid for any
/// point of E; values that came from outside are in G1 (the order-r subgroup) because
/// every decoder checks. Equality is that of the points, not of the coordinates.
@frozen
public struct G1Projective: ProjectivePoint, Equatable {
    @usableFromInline var x: Fp
    @usableFromInline var y: Fp
    @usableFromInline var z: Fp

    @inlinable
    init(x: Fp, y: Fp, z: Fp) { self.x = x; self.y = y; self.z = z }

    /// b = 4.
    @inlinable static var b: Fp { Fp(montgomeryLimbs: 0xaa270000000cfff3, 0x53cc0032fc34000a, 0x478fe97a6b0a807f,
                                     0xb1d37ebee6ba24d7, 0x8ec9733bbf78ab2f, 0x09d645513d83de7e) }

    /// 3b·v = 12v with additions (3v, then two doublings).
    @inlinable @inline(__always)
    static func mulByB3(_ v: Fp) -> Fp { (v.doubled() + v).doubled().doubled() }

    /// The standard generator (draft-irtf-cfrg-pairing-friendly-curves §4.2.1; x =
    /// 0x17f1d3a7…adb22c6bb, y = 0x08b3f481…946c5e7e1).
    public static let generator = G1Projective(
        x: Fp(montgomeryLimbs: 0x5cb38790fd530c16, 0x7817fc679976fff5, 0x154f95c7143ba1c1, 0xf0ae6acdf3d0e747, 0xedce6ecc21dbf440, 0x120177419e0bfb75),
        y: Fp(montgomeryLimbs: 0xbaac93d50ce72271, 0x8c22631a7918fd8e, 0xdd595f13570725ce, 0x51ac582950405194, 0x0e1c8c3fad0059c0, 0x0bbc3efc5008a26a),
        z: .one)

    /// The point at infinity.
    public static var identity: G1Projective { identityPoint }

    /// The point (x, y) without any check (internal: callers validate).
    @inlinable
    init(affineX: Fp, y: Fp) { self.init(x: affineX, y: y, z: .one) }

    /// Whether this is the point at infinity.
    public var isIdentity: Bool { isIdentityPoint }
    /// Whether the point satisfies the curve equation.
    public var isOnCurve: Bool { isOnCurvePoint }

    /// P + Q (complete formula).
    public static func + (p: G1Projective, q: G1Projective) -> G1Projective { p.addingPoint(q) }
    /// P − Q.
    public static func - (p: G1Projective, q: G1Projective) -> G1Projective { p.addingPoint(q.negatedPoint()) }
    /// −P.
    public static prefix func - (p: G1Projective) -> G1Projective { p.negatedPoint() }
    /// 2P.
    public func doubled() -> G1Projective { doubledPoint() }
    /// P + Q for an affine Q (mixed addition; Q may be the identity).
    public func adding(_ q: G1Affine) -> G1Projective {
        let sum = addingAffinePoint(q.x, q.y)
        return .selectPoint(sum, self, q.isIdentity ? 1 : 0)
    }
    /// Point equality.
    public static func == (p: G1Projective, q: G1Projective) -> Bool { p.equalsPoint(q) }

    /// [k]P in constant time (for secret scalars), through the GLV (φ) decomposition.
    /// P must be in G1 — true of every point this module decodes, hashes or computes from
    /// the generator; for arbitrary curve points use `multipliedGeneric(by:)`.
    public func multiplied(by k: Scalar) -> G1Projective { glvMultiple(k) }
    /// [k]P in constant time for any point of the curve (fixed windows, 256 doublings).
    public func multipliedGeneric(by k: Scalar) -> G1Projective { constantTimeMultiple(k) }
    /// [k]P for a public scalar. Currently the endomorphism-accelerated constant-time
    /// method, which measured faster than plain width-5 wNAF (kept as `multipliedWNAF`).
    /// P must be in G1.
    public func multipliedVariableTime(by k: Scalar) -> G1Projective { glvMultiple(k) }
    /// [k]P by width-5 wNAF, variable time (public scalars), any curve point.
    public func multipliedWNAF(by k: Scalar) -> G1Projective { variableTimeMultiple(k) }

    /// The affine form (one inversion).
    public var affine: G1Affine {
        guard let (ax, ay) = affineCoordinates() else { return .identity }
        return G1Affine(x: ax, y: ay, isIdentity: false)
    }

    // MARK: Endomorphism, subgroup, cofactor

    /// β, a primitive cube root of unity in 𝔽p, chosen so that φ acts on G1 as [−u²]
    /// (β = 0x5f19672f…fffefffe; the other root gives [u² − 1]).
    @inlinable static var beta: Fp { Fp(montgomeryLimbs: 0x30f1361b798a64e8, 0xf3b8ddab7ece5a2a, 0x16a8ca3ac61577f7,
                                        0xc26a2ff874fd029b, 0x3636b76660701c6e, 0x051ba4ab241b6160) }

    /// The GLV endomorphism φ(x, y) = (βx, y).
    public func phi() -> G1Projective { G1Projective(x: x * G1Projective.beta, y: y, z: z) }

    /// Membership in G1 by Scott's test, "A note on group membership tests for G1, G2 and
    /// GT on BLS pairing-friendly curves" (eprint 2021/1130, §3.1): P ∈ G1 ⇔ φ(P) = [−u²]P.
    /// Two multiplications by the 64-bit |u| instead of one by the 255-bit r. The point
    /// must be on the curve. Variable time (Jacobian, branches): for public points.
    public var isInSubgroup: Bool {
        let u2P = multipliedByAbsUPublic().multipliedByAbsUPublic()      // [u²]P (u² = |u|²)
        return phi() == -u2P
    }

    /// [h_eff]P with h_eff = 1 − u = 1 + |u| (RFC 9380 §8.8.1): maps E(𝔽p) into G1.
    /// Variable time: for public points.
    public func clearingCofactor() -> G1Projective { self + multipliedByAbsUPublic() }
}

/// An affine point of E(𝔽p) or the identity.
public struct G1Affine: Sendable, Hashable {
    /// x-coordinate (zero for the identity).
    public let x: Fp
    /// y-coordinate (zero for the identity).
    public let y: Fp
    /// Whether this is the point at infinity.
    public let isIdentity: Bool

    @usableFromInline
    init(x: Fp, y: Fp, isIdentity: Bool) { self.x = x; self.y = y; self.isIdentity = isIdentity }

    /// The point at infinity.
    public static let identity = G1Affine(x: .zero, y: .zero, isIdentity: true)
    /// The standard generator.
    public static var generator: G1Affine { G1Projective.generator.affine }

    /// The projective form.
    public var projective: G1Projective { isIdentity ? .identity : G1Projective(affineX: x, y: y) }
}
