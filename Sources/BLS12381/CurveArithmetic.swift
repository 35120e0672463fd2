// Point arithmetic shared by G1 (over 𝔽p) and G2 (over 𝔽p²): short Weierstrass curves
// y² = x³ + b (a = 0) in homogeneous projective coordinates (X : Y : Z), x = X/Z, y = Y/Z,
// identity (0 : 1 : 0), with the *complete* formulas of Renes, Costello and Batina,
// "Complete addition formulas for prime order elliptic curves" (eprint 2015/1060),
// Algorithms 7 (addition), 8 (mixed addition) and 9 (doubling). Complete formulas have
// no exceptional cases (P = Q, P = −Q, identity), so the constant-time scalar
// multiplication needs no branches on point values.

/// The field operations the curve formulas need (implemented by `Fp` and `Fp2`).
@usableFromInline
protocol CurveField: Sendable, Equatable {
    static var zero: Self { get }
    static var one: Self { get }
    static func + (a: Self, b: Self) -> Self
    static func - (a: Self, b: Self) -> Self
    static prefix func - (a: Self) -> Self
    static func * (a: Self, b: Self) -> Self
    func squared() -> Self
    func doubled() -> Self
    func inverse() -> Self
    var isZero: Bool { get }
    static func select(_ a: Self, _ b: Self, _ choice: UInt64) -> Self
}

extension Fp: CurveField {}
extension Fp2: CurveField {}

/// A projective point on y² = x³ + b.
@usableFromInline
protocol ProjectivePoint: Sendable {
    associatedtype Field: CurveField
    var x: Field { get set }
    var y: Field { get set }
    var z: Field { get set }
    init(x: Field, y: Field, z: Field)
    /// The curve constant b.
    static var b: Field { get }
    /// 3·b·v, done with additions where b is small.
    static func mulByB3(_ v: Field) -> Field
}

extension ProjectivePoint {
    /// The point at infinity (0 : 1 : 0).
    @inlinable static var identityPoint: Self { Self(x: .zero, y: .one, z: .zero) }

    /// Whether this is the point at infinity.
    @inlinable var isIdentityPoint: Bool { z.isZero }

    /// −P = (X : −Y : Z).
    @inlinable func negatedPoint() -> Self { Self(x: x, y: -y, z: z) }

    /// `b` when `choice` is 1, `a` when 0, without branching.
    @inlinable static func selectPoint(_ a: Self, _ b: Self, _ choice: UInt64) -> Self {
        Self(x: .select(a.x, b.x, choice), y: .select(a.y, b.y, choice), z: .select(a.z, b.z, choice))
    }

    /// Projective equality: X1·Z2 = X2·Z1 and Y1·Z2 = Y2·Z1, with the identity equal only
    /// to itself.
    @inlinable func equalsPoint(_ q: Self) -> Bool {
        let i1 = isIdentityPoint, i2 = q.isIdentityPoint
        let sameAffine = (x * q.z == q.x * z) && (y * q.z == q.y * z)
        return (i1 && i2) || (!i1 && !i2 && sameAffine)
    }

    /// Whether Y²Z = X³ + b·Z³ (the identity (0 : 1 : 0) satisfies it).
    @inlinable var isOnCurvePoint: Bool {
        let lhs = y.squared() * z
        let rhs = x.squared() * x + Self.b * z.squared() * z
        return lhs == rhs && !(x.isZero && y.isZero && z.isZero)
    }

    /// P + Q, RCB Algorithm 7 (a = 0): 12M + 2·m_{3b}, complete.
    @inlinable func addingPoint(_ q: Self) -> Self {
        var t0 = x * q.x
        var t1 = y * q.y
        var t2 = z * q.z
        var t3 = (x + y) * (q.x + q.y)
        var t4 = t0 + t1
        t3 = t3 - t4
        t4 = (y + z) * (q.y + q.z)
        var x3 = t1 + t2
        t4 = t4 - x3
        x3 = (x + z) * (q.x + q.z)
        var y3 = t0 + t2
        y3 = x3 - y3
        x3 = t0.doubled()
        t0 = x3 + t0
        t2 = Self.mulByB3(t2)
        var z3 = t1 + t2
        t1 = t1 - t2
        y3 = Self.mulByB3(y3)
        x3 = t4 * y3
        t2 = t3 * t1
        x3 = t2 - x3
        y3 = y3 * t0
        t1 = t1 * z3
        y3 = t1 + y3
        t0 = t0 * t3
        z3 = z3 * t4
        z3 = z3 + t0
        return Self(x: x3, y: y3, z: z3)
    }

    /// P + (x2, y2) for an affine Q ≠ identity, RCB Algorithm 8 (a = 0): 11M + 2·m_{3b}.
    /// Complete in P (P may be the identity, or equal to ±Q).
    @inlinable func addingAffinePoint(_ qx: Field, _ qy: Field) -> Self {
        var t0 = x * qx
        var t1 = y * qy
        var t3 = (qx + qy) * (x + y)
        var t4 = t0 + t1
        t3 = t3 - t4
        t4 = qy * z + y
        var y3 = qx * z + x
        var x3 = t0.doubled()
        t0 = x3 + t0
        var t2 = Self.mulByB3(z)
        var z3 = t1 + t2
        t1 = t1 - t2
        y3 = Self.mulByB3(y3)
        x3 = t4 * y3
        t2 = t3 * t1
        x3 = t2 - x3
        y3 = y3 * t0
        t1 = t1 * z3
        y3 = t1 + y3
        t0 = t0 * t3
        z3 = z3 * t4
        z3 = z3 + t0
        return Self(x: x3, y: y3, z: z3)
    }

    /// 2P, RCB Algorithm 9 (a = 0): 6M + 2S + 1·m_{3b}, complete.
    @inlinable func doubledPoint() -> Self {
        var t0 = y.squared()
        var z3 = t0.doubled().doubled().doubled()
        var t1 = y * z
        var t2 = z.squared()
        t2 = Self.mulByB3(t2)
        var x3 = t2 * z3
        var y3 = t0 + t2
        z3 = t1 * z3
        t1 = t2.doubled()
        t2 = t1 + t2
        t0 = t0 - t2
        y3 = t0 * y3
        y3 = x3 + y3
        t1 = x * y
        x3 = t0 * t1
        x3 = x3.doubled()
        return Self(x: x3, y: y3, z: z3)
    }

    /// Affine coordinates (x, y), or nil for the identity. One field inversion
    /// (constant time).
    @inlinable func affineCoordinates() -> (x: Field, y: Field)? {
        if isIdentityPoint { return nil }
        let zInv = z.inverse()
        return (x * zInv, y * zInv)
    }

    /// [k]P in constant time for a secret k: fixed 4-bit windows over all 256 bits, each
    /// table entry read (masked select) for every window, complete formulas throughout.
    /// 256 doublings + 64 additions + 14 additions for the table.
    @inlinable func constantTimeMultiple(_ k: Scalar) -> Self {
        withUnsafeTemporaryAllocation(of: Self.self, capacity: 16) { table in
            table.initialize(repeating: .identityPoint)
            table[1] = self
            for i in 2..<16 { table[i] = (i & 1 == 0) ? table[i / 2].doubledPoint() : table[i - 1].addingPoint(self) }
            var acc = Self.identityPoint
            for w in stride(from: 63, through: 0, by: -1) {
                acc = acc.doubledPoint().doubledPoint().doubledPoint().doubledPoint()
                let window = k.nibble(w)
                var entry = Self.identityPoint
                for j in 0..<16 { entry = .selectPoint(entry, table[j], isZeroBit(UInt64(j ^ window))) }
                acc = acc.addingPoint(entry)
            }
            return acc
        }
    }

    /// [k]P for a public k (variable time): width-5 wNAF over odd multiples
    /// P, 3P, …, 15P.
    @inlinable func variableTimeMultiple(_ k: Scalar) -> Self {
        let digits = k.wnaf(width: 5)
        if digits.isEmpty { return .identityPoint }
        return withUnsafeTemporaryAllocation(of: Self.self, capacity: 8) { odd in
            let twice = doubledPoint()
            odd.initialize(repeating: self)
            for i in 1..<8 { odd[i] = odd[i - 1].addingPoint(twice) }
            var acc = Self.identityPoint
            for digit in digits.reversed() {
                acc = acc.doubledPoint()
                if digit > 0 { acc = acc.addingPoint(odd[Int(digit) / 2]) }
                else if digit < 0 { acc = acc.addingPoint(odd[Int(-digit) / 2].negatedPoint()) }
            }
            return acc
        }
    }

    /// [|u|]P for the BLS parameter |u| = 0xd201000000010000 (public, Hamming weight 6):
    /// 63 doublings and 5 additions, MSB first.
    @inlinable func multipliedByAbsU() -> Self {
        var acc = self
        // Bits of 0xd201000000010000 below the top one: 62, 60, 57, 48, 16 are set.
        for i in stride(from: 62, through: 0, by: -1) {
            acc = acc.doubledPoint()
            if (UInt64(0xd201000000010000) >> UInt64(i)) & 1 == 1 { acc = acc.addingPoint(self) }
        }
        return acc
    }
}
