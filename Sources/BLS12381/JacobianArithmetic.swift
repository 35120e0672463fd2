// Jacobian coordinates (x = X/Z², y = Y/Z³) for multiplications by the *public* BLS
// parameter |u| — the inner loop of the subgroup checks and of cofactor clearing, where
// the point is public too. Doubling costs 1M + 5S here (dbl-2009-l, Explicit-Formulas
// Database) against 6M + 2S for the complete projective formula; the additions
// (add-2007-bl, 11M + 5S) have exceptional cases, which are handled by branching — fine
// because nothing here is secret.

@usableFromInline
struct JacobianPoint<Field: CurveField> {
    @usableFromInline var x: Field
    @usableFromInline var y: Field
    @usableFromInline var z: Field

    @inlinable init(x: Field, y: Field, z: Field) { self.x = x; self.y = y; self.z = z }

    /// From projective (X : Y : Z): same Z, X·Z, Y·Z².
    @inlinable init<P: ProjectivePoint>(_ p: P) where P.Field == Field {
        x = p.x * p.z
        y = p.y * p.z.squared()
        z = p.z
    }

    /// To projective: (X·Z : Y : Z³).
    @inlinable func projective<P: ProjectivePoint>(as _: P.Type) -> P where P.Field == Field {
        if z.isZero { return .identityPoint }
        return P(x: x * z, y: y, z: z.squared() * z)
    }

    /// dbl-2009-l for a = 0.
    @inlinable func doubled() -> JacobianPoint {
        let a = x.squared()
        let b = y.squared()
        let c = b.squared()
        let d = ((x + b).squared() - a - c).doubled()
        let e = a.doubled() + a
        let f = e.squared()
        let x3 = f - d.doubled()
        let y3 = e * (d - x3) - c.doubled().doubled().doubled()
        let z3 = (y * z).doubled()
        return JacobianPoint(x: x3, y: y3, z: z3)
    }

    /// add-2007-bl, with the exceptional cases (identity, P = ±Q) branched on.
    @inlinable func adding(_ q: JacobianPoint) -> JacobianPoint {
        if z.isZero { return q }
        if q.z.isZero { return self }
        let z1z1 = z.squared(), z2z2 = q.z.squared()
        let u1 = x * z2z2, u2 = q.x * z1z1
        let s1 = y * q.z * z2z2, s2 = q.y * z * z1z1
        let h = u2 - u1
        let r = (s2 - s1).doubled()
        if h.isZero {
            return r.isZero ? doubled() : JacobianPoint(x: .one, y: .one, z: .zero)
        }
        let i = h.doubled().squared()
        let j = h * i
        let v = u1 * i
        let x3 = r.squared() - j - v.doubled()
        let y3 = r * (v - x3) - (s1 * j).doubled()
        let z3 = ((z + q.z).squared() - z1z1 - z2z2) * h
        return JacobianPoint(x: x3, y: y3, z: z3)
    }
}

extension ProjectivePoint {
    /// [|u|]P for a public point (variable time): Jacobian double-and-add over the bits of
    /// |u| = 0xd201000000010000 (63 doublings, 5 additions).
    @inlinable func multipliedByAbsUPublic() -> Self {
        let base = JacobianPoint<Field>(self)
        var acc = base
        for i in stride(from: 62, through: 0, by: -1) {
            acc = acc.doubled()
            if (UInt64(0xd201000000010000) >> UInt64(i)) & 1 == 1 { acc = acc.adding(base) }
        }
        return acc.projective(as: Self.self)
    }
}
