import Primitives

/// A point of the secp256k1 curve y² = x³ + 7 over GF(p) (SEC 2 v2 §2.4.1), including
/// the point at infinity ``identity``. The group has prime order n and cofactor 1, so
/// every curve point other than the identity generates the whole group.
///
/// Representation: a value holding Jacobian coordinates (X, Y, Z) over the pure-Swift
/// Montgomery field kernel (`FieldElement`), x = X/Z², y = Y/Z³, the identity has Z = 0.
/// Arithmetic returns new points; affine coordinates are computed (one inversion) only
/// when asked for. Multiplication by a secret scalar goes through ``multiplySecret(_:)``,
/// a constant-time fixed-window method (see `ScalarMultiplication.multiplyConstantTime`);
/// ``multiply(by:)`` and ``multiScalarMultiply(_:_:)`` are for public scalars
/// (verification, commitments) and are variable time (wNAF, Straus, Pippenger).
///
/// Equality compares the group elements (by cross-multiplication, no inversion); hashing
/// uses the compressed SEC1 encoding.
public struct Point: Hashable, Sendable, CustomStringConvertible {
    var jacobian: JacobianPoint

    init(_ jacobian: JacobianPoint) { self.jacobian = jacobian }

    static let generatorX = FieldElement(hex: "79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798")
    static let generatorY = FieldElement(hex: "483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8")

    /// The standard generator G (SEC 2 v2 §2.4.1).
    public static let generator = Point(JacobianPoint(x: generatorX, y: generatorY, z: .one))

    /// The point at infinity O, the group's neutral element.
    public static let identity = Point(.infinity)

    /// True for the point at infinity.
    public var isIdentity: Bool { jacobian.isInfinity }

    /// From affine coordinates already known to satisfy the curve equation.
    init(validatedX x: FieldElement, y: FieldElement) {
        self.init(JacobianPoint(x: x, y: y, z: .one))
    }

    /// Affine coordinates as field elements, nil for the identity.
    var affine: (x: FieldElement, y: FieldElement)? {
        guard let a = jacobian.affine else { return nil }
        return (a.x, a.y)
    }

    /// The affine coordinates (x, y), each as 32 big-endian bytes; nil for the identity.
    /// (Threshold ECDSA needs R's x-coordinate: r = x mod n.)
    public var affineCoordinates: (x: [UInt8], y: [UInt8])? {
        guard let a = jacobian.affine else { return nil }
        return (a.x.bytes, a.y.bytes)
    }

    /// True when this point is not the identity and its affine x-coordinate reduced mod n
    /// equals `r` — ECDSA's final check, without an inversion: x = X/Z² is r or r + n
    /// (the latter only when r + n < p), so compare X with r·Z² and (r + n)·Z².
    func xCoordinateModOrderEquals(_ r: Scalar) -> Bool {
        if isIdentity { return false }
        let rv = r.value
        let z2 = jacobian.z.squared
        if FieldElement(value: rv) * z2 == jacobian.x { return true }
        let (rn, carry) = U256.add(rv, Modulus.order.m)
        guard carry == 0, U256.lessThan(rn, Modulus.field.m) else { return false }
        return FieldElement(value: rn) * z2 == jacobian.x
    }

    // MARK: Arithmetic

    /// P + Q.
    public static func + (p: Point, q: Point) -> Point { Point(p.jacobian.adding(q.jacobian)) }

    /// −P.
    public static prefix func - (p: Point) -> Point { p.negated() }

    /// P − Q.
    public static func - (p: Point, q: Point) -> Point { p + q.negated() }

    /// −P (the reflection (x, −y)).
    public func negated() -> Point { Point(jacobian.negated) }

    /// 2P.
    public func doubled() -> Point { Point(jacobian.doubled()) }

    /// k·P for a PUBLIC scalar k (variable time: GLV split, width-5 wNAF). Never pass secrets —
    /// use ``multiplySecret(_:)``.
    public func multiply(by k: Scalar) -> Point {
        if k.isZero || isIdentity { return .identity }
        return Point(ScalarMultiplication.straus(generatorScalar: nil, points: [jacobian], scalars: [k]))
    }

    /// k·P for a SECRET scalar k, in constant time: a fixed-window (w = 5) method with
    /// regular signed recoding, constant-time table scans and branch-free field and point
    /// formulas (`ScalarMultiplication.multiplyConstantTime`, which documents why no
    /// exceptional case of the addition formula can be hit). k = 0 gives O through the
    /// same instruction sequence. The only branches are on public facts: whether P is
    /// the identity and whether P = G (which uses a precomputed table).
    public func multiplySecret(_ k: Scalar) -> Point {
        if isIdentity { return .identity }
        let isG = self == Point.generator
        return Point(ScalarMultiplication.multiplySecret(jacobian, k.value, isGenerator: isG))
    }

    /// k·G for a SECRET scalar k, in constant time (see ``multiplySecret(_:)``).
    public static func generatorMultiplySecret(_ k: Scalar) -> Point {
        Point(ScalarMultiplication.multiplySecret(generator.jacobian, k.value, isGenerator: true))
    }

    /// a·G + b·P for PUBLIC scalars (Straus with the GLV split: width-8 wNAF over
    /// precomputed tables of G and λG, width-5 wNAF for P and λP, one shared chain of
    /// about 128 doublings), as in ECDSA verification.
    static func doubleMultiply(generatorScalar a: Scalar, point p: Point, scalar b: Scalar) -> Point {
        Point(ScalarMultiplication.straus(generatorScalar: a, points: [p.jacobian], scalars: [b]))
    }

    /// Σ sᵢ·Pᵢ for PUBLIC points and scalars (e.g. Feldman commitment checks): Straus's
    /// interleaved wNAF with the GLV split for fewer than 32 non-trivial terms, Pippenger's
    /// bucket method (GLV halves, signed digits) from 32 on. Variable time.
    /// - Precondition: `points.count == scalars.count`.
    public static func multiScalarMultiply(_ points: [Point], _ scalars: [Scalar]) -> Point {
        precondition(points.count == scalars.count, "multiScalarMultiply: count mismatch")
        var js: [JacobianPoint] = []
        var ks: [Scalar] = []
        js.reserveCapacity(points.count); ks.reserveCapacity(points.count)
        for (p, s) in zip(points, scalars) where !p.isIdentity && !s.isZero {
            js.append(p.jacobian); ks.append(s)
        }
        if js.count >= ScalarMultiplication.pippengerThreshold {
            return Point(ScalarMultiplication.pippenger(points: js, scalars: ks))
        }
        return Point(ScalarMultiplication.straus(generatorScalar: nil, points: js, scalars: ks))
    }

    // MARK: Equality

    /// Group-element equality (cross-multiplication of Jacobian coordinates).
    public static func == (a: Point, b: Point) -> Bool { a.jacobian.equals(b.jacobian) }

    /// Hashes the compressed SEC1 encoding.
    public func hash(into hasher: inout Hasher) { hasher.combine(sec1(compressed: true)) }

    /// The compressed encoding in hex.
    public var description: String { "Point(\(sec1().hexString))" }

    // MARK: SEC1

    /// SEC1 v2 §2.3.3 encoding: 33 bytes `02|03 ‖ x` (compressed, the default) or 65
    /// bytes `04 ‖ x ‖ y`. The identity encodes as the single byte `00` (SEC1 §2.3.3
    /// step 1), which ``init(sec1:)`` refuses.
    public func sec1(compressed: Bool = true) -> [UInt8] {
        guard let (x, y) = affineCoordinates else { return [0x00] }
        if compressed { return [0x02 | (y[31] & 1)] + x }
        return [0x04] + x + y
    }

    /// Parses a SEC1 v2 §2.3.4 encoding, accepting only 33-byte compressed (`02`/`03`) and
    /// 65-byte uncompressed (`04`) forms — no hybrid (`06`/`07`) forms and no identity.
    /// Coordinates must be < p, and the point must be on the curve.
    /// - Throws: ``Secp256k1Error/identityPoint`` for `[0x00]`;
    ///   ``Secp256k1Error/invalidLength(expected:actual:)`` for other lengths (expected 33);
    ///   ``Secp256k1Error/invalidPointPrefix``; ``Secp256k1Error/coordinateOutOfRange``;
    ///   ``Secp256k1Error/pointNotOnCurve`` (uncompressed); ``Secp256k1Error/noSquareRoot``
    ///   (compressed x with no point).
    public init(sec1 bytes: [UInt8]) throws(Secp256k1Error) {
        switch bytes.count {
        case 1 where bytes[0] == 0x00:
            throw .identityPoint
        case 33:
            guard bytes[0] == 0x02 || bytes[0] == 0x03 else { throw .invalidPointPrefix }
            guard let x = FieldElement(canonical: bytes, offset: 1) else { throw .coordinateOutOfRange }
            guard var y = FieldElement.curveRHS(x).squareRoot else { throw .noSquareRoot }
            if y.sgn0 != (bytes[0] == 0x03) { y = -y }
            self.init(validatedX: x, y: y)
        case 65:
            guard bytes[0] == 0x04 else { throw .invalidPointPrefix }
            guard let x = FieldElement(canonical: bytes, offset: 1),
                  let y = FieldElement(canonical: bytes, offset: 33) else { throw .coordinateOutOfRange }
            guard y.squared == FieldElement.curveRHS(x) else { throw .pointNotOnCurve }
            self.init(validatedX: x, y: y)
        default:
            throw .invalidLength(expected: 33, actual: bytes.count)
        }
    }

    /// The point with x-coordinate `x` and y of the given parity, if one exists.
    init?(x: FieldElement, oddY: Bool) {
        guard var y = FieldElement.curveRHS(x).squareRoot else { return nil }
        if y.sgn0 != oddY { y = -y }
        self.init(validatedX: x, y: y)
    }

    // MARK: SubjectPublicKeyInfo

    /// DER of the AlgorithmIdentifier OID id-ecPublicKey (1.2.840.10045.2.1, RFC 5480 §2.1.1).
    static let idECPublicKey: [UInt8] = [0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01]
    /// DER of the namedCurve OID secp256k1 (1.3.132.0.10, SEC 2 v2 §A.2).
    static let secp256k1OID: [UInt8] = [0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x0a]

    /// Parses an X.509 SubjectPublicKeyInfo (RFC 5280 §4.1.2.7, RFC 5480 §2) in strict DER:
    /// `SEQUENCE { SEQUENCE { id-ecPublicKey, namedCurve secp256k1 }, BIT STRING point }`,
    /// the point in SEC1 compressed or uncompressed form (validated as ``init(sec1:)``).
    ///
    /// Curve parameters: only the `namedCurve` choice with the secp256k1 OID is accepted.
    /// Explicit parameters (`specifiedCurve`) are refused with
    /// ``Secp256k1Error/unsupportedCurve`` even when they equal secp256k1's: RFC 5480
    /// §2.1.1 says `specifiedCurve` MUST NOT be used, no key we need to read uses it,
    /// and refusing it removes the whole class of modified-parameter attacks
    /// (Wycheproof's `UnnamedCurve` cases, which it marks `acceptable` or `invalid`).
    /// `implicitCurve` (NULL) is refused likewise.
    ///
    /// - Throws: ``Secp256k1Error/invalidDER(_:)`` for any BER form, bad lengths or
    ///   trailing bytes; ``Secp256k1Error/unsupportedCurve`` for another algorithm or
    ///   curve; the SEC1 errors for the point.
    public init(subjectPublicKeyInfo der: [UInt8]) throws(Secp256k1Error) {
        var top = DERReader(der)
        var spki = try top.read(tag: 0x30, "SubjectPublicKeyInfo")
        try top.expectEnd("SubjectPublicKeyInfo")
        var alg = try spki.read(tag: 0x30, "AlgorithmIdentifier")
        // algorithm OID
        var oid = try alg.read(tag: 0x06, "algorithm")
        guard [0x06, 0x07] + oid.rest() == Point.idECPublicKey else { throw .unsupportedCurve }
        // parameters
        switch alg.peekTag {
        case 0x06:
            var curve = try alg.read(tag: 0x06, "namedCurve")
            let body = curve.rest()
            guard body.count == 5, [0x06, 0x05] + body == Point.secp256k1OID else { throw .unsupportedCurve }
        case nil:
            throw .invalidDER("AlgorithmIdentifier: missing ECParameters")
        default:
            // specifiedCurve (SEQUENCE), implicitCurve (NULL) or anything else.
            throw .unsupportedCurve
        }
        try alg.expectEnd("AlgorithmIdentifier")
        var bits = try spki.read(tag: 0x03, "subjectPublicKey")
        try spki.expectEnd("SubjectPublicKeyInfo")
        let content = bits.rest()
        guard let unused = content.first else { throw .invalidDER("subjectPublicKey: empty BIT STRING") }
        guard unused == 0 else { throw .invalidDER("subjectPublicKey: unused bits") }
        try self.init(sec1: Array(content.dropFirst()))
    }

    /// The SubjectPublicKeyInfo DER of this point (namedCurve secp256k1, uncompressed
    /// point unless `compressed`). Precondition: not the identity.
    public func subjectPublicKeyInfo(compressed: Bool = false) -> [UInt8] {
        precondition(!isIdentity, "the identity has no SubjectPublicKeyInfo")
        let alg = DERWriter.tlv(0x30, Point.idECPublicKey + Point.secp256k1OID)
        let key = DERWriter.tlv(0x03, [0x00] + sec1(compressed: compressed))
        return DERWriter.tlv(0x30, alg + key)
    }
}
