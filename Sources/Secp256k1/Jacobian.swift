// Native point arithmetic on secp256k1 (y² = x³ + 7, a = 0) over the Montgomery field
// kernel: Jacobian coordinates (x, y) = (X/Z², Y/Z³), the point at infinity has Z = 0.
// Formulas from the Explicit-Formulas Database (hyperelliptic.org/EFD, g1p/auto-shortw-jacobian-0):
// dbl-2009-l, add-2007-bl, madd-2007-bl.

/// An affine point (x, y) on the curve; never the point at infinity (used for tables).
struct AffinePoint: Sendable {
    var x: FieldElement
    var y: FieldElement

    @inline(__always) var negated: AffinePoint { AffinePoint(x: x, y: -y) }
}

/// A point in Jacobian coordinates; Z = 0 is the point at infinity.
struct JacobianPoint: Sendable {
    var x: FieldElement
    var y: FieldElement
    var z: FieldElement

    @inline(__always) init(x: FieldElement, y: FieldElement, z: FieldElement) {
        self.x = x; self.y = y; self.z = z
    }

    @inline(__always) init(_ a: AffinePoint) { x = a.x; y = a.y; z = .one }

    static let infinity = JacobianPoint(x: .one, y: .one, z: .zero)

    var isInfinity: Bool { z.isZero }

    @inline(__always) var negated: JacobianPoint { JacobianPoint(x: x, y: -y, z: z) }

    /// `mask` all-ones selects `a`, zero selects `b` (branch-free).
    @inline(__always) static func select(_ mask: UInt64, _ a: JacobianPoint, _ b: JacobianPoint) -> JacobianPoint {
        JacobianPoint(x: .select(mask, a.x, b.x), y: .select(mask, a.y, b.y), z: .select(mask, a.z, b.z))
    }

    /// 2P (dbl-2009-l, 2M + 5S). Correct for every input without branches: the point at
    /// infinity maps to Z₃ = 2·Y·Z = 0, and secp256k1 has no point of order 2 (Y ≠ 0).
    @inline(__always) func doubled() -> JacobianPoint {
        let a = x.squared
        let b = y.squared
        let c = b.squared
        let t = (x + b).squared - a - c
        let d = t + t
        let e = a + a + a
        let f = e.squared
        let x3 = f - (d + d)
        let c2 = c + c, c4 = c2 + c2, c8 = c4 + c4
        let y3 = e * (d - x3) - c8
        let yz = y * z
        return JacobianPoint(x: x3, y: y3, z: yz + yz)
    }

    /// P + Q by add-2007-bl (11M + 5S) with no branches, valid when P ≠ ±Q and neither is
    /// infinity. Also returns the masks H = 0 (same x) and R = 0 (same y): H = 0 with
    /// R ≠ 0 means Q = −P, and the computed Z₃ is 0 (infinity, the right answer); H = 0
    /// with R = 0 means Q = P, where the result is wrong and 2P must be used instead.
    @inline(__always) func addCore(_ q: JacobianPoint) -> (sum: JacobianPoint, hZero: UInt64, rZero: UInt64) {
        let z1z1 = z.squared, z2z2 = q.z.squared
        let u1 = x * z2z2, u2 = q.x * z1z1
        let s1 = y * q.z * z2z2, s2 = q.y * z * z1z1
        let h = u2 - u1
        let h2 = h + h
        let i = h2.squared
        let j = h * i
        let rr = s2 - s1
        let r = rr + rr
        let v = u1 * i
        let x3 = r.squared - j - (v + v)
        let s1j = s1 * j
        let y3 = r * (v - x3) - (s1j + s1j)
        let z3 = ((z + q.z).squared - z1z1 - z2z2) * h
        return (JacobianPoint(x: x3, y: y3, z: z3), h.isZeroMask, rr.isZeroMask)
    }

    /// P + Q for affine Q by madd-2007-bl (7M + 4S), branch-free, with the same contract
    /// and masks as ``addCore(_:)`` (P not infinity).
    @inline(__always) func addMixedCore(_ q: AffinePoint) -> (sum: JacobianPoint, hZero: UInt64, rZero: UInt64) {
        let z1z1 = z.squared
        let u2 = q.x * z1z1
        let s2 = q.y * z * z1z1
        let h = u2 - x
        let hh = h.squared
        let i2 = hh + hh, i = i2 + i2
        let j = h * i
        let rr = s2 - y
        let r = rr + rr
        let v = x * i
        let x3 = r.squared - j - (v + v)
        let yj = y * j
        let y3 = r * (v - x3) - (yj + yj)
        let z3 = (z + h).squared - z1z1 - hh
        return (JacobianPoint(x: x3, y: y3, z: z3), h.isZeroMask, rr.isZeroMask)
    }

    /// P + Q for all inputs (VARIABLE TIME: branches on infinity and on P = ±Q). Public data only.
    func adding(_ q: JacobianPoint) -> JacobianPoint {
        if isInfinity { return q }
        if q.isInfinity { return self }
        let (s, hz, rz) = addCore(q)
        if hz != 0 { return rz != 0 ? doubled() : .infinity }
        return s
    }

    /// P + Q for affine Q (VARIABLE TIME, public data only).
    func adding(_ q: AffinePoint) -> JacobianPoint {
        if isInfinity { return JacobianPoint(q) }
        let (s, hz, rz) = addMixedCore(q)
        if hz != 0 { return rz != 0 ? doubled() : .infinity }
        return s
    }

    /// The affine form (one field inversion), nil for infinity.
    var affine: AffinePoint? {
        if isInfinity { return nil }
        let zi = z.inverse
        let zi2 = zi.squared
        return AffinePoint(x: x * zi2, y: y * zi2 * zi)
    }

    /// Group equality without inversion: X₁Z₂² = X₂Z₁² and Y₁Z₂³ = Y₂Z₁³.
    func equals(_ q: JacobianPoint) -> Bool {
        let inf1 = isInfinity, inf2 = q.isInfinity
        if inf1 || inf2 { return inf1 && inf2 }
        let z1z1 = z.squared, z2z2 = q.z.squared
        guard x * z2z2 == q.x * z1z1 else { return false }
        return y * z2z2 * q.z == q.y * z1z1 * z
    }

    /// Converts finite points to affine with a single inversion (Montgomery's trick).
    /// - Precondition: no point is infinity.
    static func batchToAffine(_ points: [JacobianPoint]) -> [AffinePoint] {
        let n = points.count
        if n == 0 { return [] }
        var prefix = [FieldElement]()
        prefix.reserveCapacity(n)
        var acc = FieldElement.one
        for p in points {
            precondition(!p.isInfinity, "batchToAffine: point at infinity")
            acc = acc * p.z
            prefix.append(acc)
        }
        var inv = acc.inverse
        var out = [AffinePoint](repeating: AffinePoint(x: .zero, y: .zero), count: n)
        for i in stride(from: n - 1, through: 0, by: -1) {
            let zi = i > 0 ? inv * prefix[i - 1] : inv
            inv = inv * points[i].z
            let zi2 = zi.squared
            out[i] = AffinePoint(x: points[i].x * zi2, y: points[i].y * zi2 * zi)
        }
        return out
    }

    /// [P, 3P, 5P, …, (2·count − 1)P] for a finite P. Uses the branch-free ``addCore(_:)``:
    /// (2j − 1)P ≠ ±2P for 2j + 1 < n, so no exceptional case arises; the time depends
    /// only on `count`.
    static func oddMultiples(_ p: JacobianPoint, count: Int) -> [JacobianPoint] {
        var t = [JacobianPoint]()
        t.reserveCapacity(count)
        t.append(p)
        let p2 = p.doubled()
        for _ in 1..<count { t.append(t[t.count - 1].addCore(p2).sum) }
        return t
    }
}
