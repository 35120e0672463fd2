import COpenSSL
import Primitives

/// Owns one OpenSSL `EC_POINT`; never mutated after construction, hence shareable.
final class ECPointBox: @unchecked Sendable {
    let pointer: OpaquePointer
    init(_ pointer: OpaquePointer) { self.pointer = pointer }
    deinit { EC_POINT_free(pointer) }

    /// A new, unset point (OpenSSL initialises it to infinity).
    static func make() -> ECPointBox {
        guard let p = EC_POINT_new(curveGroup) else { fatalError("EC_POINT_new failed") }
        return ECPointBox(p)
    }
}

/// A point of the secp256k1 curve y² = x³ + 7 over GF(p) (SEC 2 v2 §2.4.1), including
/// the point at infinity ``identity``. The group has prime order n and cofactor 1, so
/// every curve point other than the identity generates the whole group.
///
/// Representation: a value wrapping an immutable OpenSSL `EC_POINT` on one shared
/// `EC_GROUP` (`NID_secp256k1`). Arithmetic returns new points. Multiplication by a
/// secret scalar goes through ``multiplySecret(_:)``, which uses OpenSSL's constant-time
/// Montgomery ladder; ``multiply(by:)`` and ``multiScalarMultiply(_:_:)`` are for public
/// scalars (verification, commitments) and may be variable time.
///
/// Equality compares the group elements; hashing uses the compressed SEC1 encoding.
public struct Point: Hashable, Sendable, CustomStringConvertible {
    let box: ECPointBox
    var raw: OpaquePointer { box.pointer }

    init(box: ECPointBox) { self.box = box }

    /// The standard generator G (SEC 2 v2 §2.4.1).
    public static let generator: Point = {
        guard let g = EC_GROUP_get0_generator(curveGroup), let copy = EC_POINT_dup(g, curveGroup) else {
            fatalError("secp256k1 generator unavailable")
        }
        return Point(box: ECPointBox(copy))
    }()

    /// The point at infinity O, the group's neutral element.
    public static let identity: Point = {
        let b = ECPointBox.make()
        precondition(EC_POINT_set_to_infinity(curveGroup, b.pointer) == 1)
        return Point(box: b)
    }()

    /// True for the point at infinity.
    public var isIdentity: Bool { EC_POINT_is_at_infinity(curveGroup, raw) == 1 }

    /// From affine coordinates already known to satisfy the curve equation.
    init(validatedX x: FieldElement, y: FieldElement) {
        let b = ECPointBox.make()
        let ok = withBNContext { ctx in
            withBIGNUM(x.bytes) { bx in
                withBIGNUM(y.bytes) { by in
                    EC_POINT_set_affine_coordinates(curveGroup, b.pointer, bx, by, ctx)
                }
            }
        }
        precondition(ok == 1, "EC_POINT_set_affine_coordinates refused a validated point")
        self.init(box: b)
    }

    /// Affine coordinates as field elements, nil for the identity.
    var affine: (x: FieldElement, y: FieldElement)? {
        guard let c = affineCoordinates else { return nil }
        return (FieldElement(canonical: c.x)!, FieldElement(canonical: c.y)!)
    }

    /// The affine coordinates (x, y), each as 32 big-endian bytes; nil for the identity.
    /// (Threshold ECDSA needs R's x-coordinate: r = x mod n.)
    public var affineCoordinates: (x: [UInt8], y: [UInt8])? {
        if isIdentity { return nil }
        return withBNContext { ctx in
            guard let x = BN_new(), let y = BN_new() else { fatalError("BN_new failed") }
            defer { BN_free(x); BN_free(y) }
            precondition(EC_POINT_get_affine_coordinates(curveGroup, raw, x, y, ctx) == 1,
                         "EC_POINT_get_affine_coordinates failed")
            return (bignumBytes32(x), bignumBytes32(y))
        }
    }

    // MARK: Arithmetic

    /// P + Q.
    public static func + (p: Point, q: Point) -> Point {
        let r = ECPointBox.make()
        withBNContext { ctx in precondition(EC_POINT_add(curveGroup, r.pointer, p.raw, q.raw, ctx) == 1) }
        return Point(box: r)
    }

    /// −P.
    public static prefix func - (p: Point) -> Point { p.negated() }

    /// P − Q.
    public static func - (p: Point, q: Point) -> Point { p + q.negated() }

    /// −P (the reflection (x, −y)).
    public func negated() -> Point {
        guard let c = EC_POINT_dup(raw, curveGroup) else { fatalError("EC_POINT_dup failed") }
        withBNContext { ctx in precondition(EC_POINT_invert(curveGroup, c, ctx) == 1) }
        return Point(box: ECPointBox(c))
    }

    /// 2P.
    public func doubled() -> Point {
        let r = ECPointBox.make()
        withBNContext { ctx in precondition(EC_POINT_dbl(curveGroup, r.pointer, raw, ctx) == 1) }
        return Point(box: r)
    }

    /// k·P for a PUBLIC scalar k (variable time: OpenSSL's wNAF). Never pass secrets —
    /// use ``multiplySecret(_:)``.
    public func multiply(by k: Scalar) -> Point {
        if k.isZero || isIdentity { return .identity }
        let r = ECPointBox.make()
        withBNContext { ctx in
            withBIGNUM(k.bytes) { bk in
                withBIGNUM([0]) { zero in
                    // A non-NULL generator scalar steers EC_POINT_mul to the wNAF path
                    // (with NULL it would pick the slower constant-time ladder).
                    precondition(EC_POINT_mul(curveGroup, r.pointer, zero, raw, bk, ctx) == 1)
                }
            }
        }
        return Point(box: r)
    }

    /// k·P for a SECRET scalar k, in constant time: OpenSSL 3 (crypto/ec/ec_mult.c,
    /// `ossl_ec_wNAF_mul`, used by the generic prime-curve method) routes `EC_POINT_mul` with a
    /// single scalar (either k·G, or k·P with no generator term) to
    /// `ossl_ec_scalar_mul_ladder`, a Montgomery ladder with coordinate blinding and
    /// constant-time conditional swaps; the scalar is also flagged `BN_FLG_CONSTTIME` and
    /// cleared from memory afterwards. (Only k = 0 is special-cased, to O.)
    public func multiplySecret(_ k: Scalar) -> Point {
        if isIdentity { return .identity }
        if k.isZero { return .identity }
        let r = ECPointBox.make()
        var kb = k.bytes
        defer { Wipe.bytes(&kb) }
        let isG = self == Point.generator
        withBNContext(secret: true) { ctx in
            withBIGNUM(kb, secret: true) { bk in
                let ok = isG
                    ? EC_POINT_mul(curveGroup, r.pointer, bk, nil, nil, ctx)
                    : EC_POINT_mul(curveGroup, r.pointer, nil, raw, bk, ctx)
                precondition(ok == 1, "EC_POINT_mul failed")
            }
        }
        return Point(box: r)
    }

    /// k·G for a SECRET scalar k, in constant time (see ``multiplySecret(_:)``).
    public static func generatorMultiplySecret(_ k: Scalar) -> Point {
        generator.multiplySecret(k)
    }

    /// a·G + b·P for PUBLIC scalars (OpenSSL's interleaved wNAF), as in ECDSA verification.
    static func doubleMultiply(generatorScalar a: Scalar, point p: Point, scalar b: Scalar) -> Point {
        let r = ECPointBox.make()
        withBNContext { ctx in
            withBIGNUM(a.bytes) { ba in
                withBIGNUM(b.bytes) { bb in
                    precondition(EC_POINT_mul(curveGroup, r.pointer, ba, p.raw, bb, ctx) == 1)
                }
            }
        }
        return Point(box: r)
    }

    /// Σ sᵢ·Pᵢ for PUBLIC points and scalars (e.g. Feldman commitment checks), two at a
    /// time through OpenSSL's interleaved wNAF multiplication.
    /// - Precondition: `points.count == scalars.count`.
    public static func multiScalarMultiply(_ points: [Point], _ scalars: [Scalar]) -> Point {
        precondition(points.count == scalars.count, "multiScalarMultiply: count mismatch")
        var acc = Point.identity
        var i = 0
        while i < points.count {
            if i + 1 < points.count {
                acc = acc + pairMultiply(points[i], scalars[i], points[i + 1], scalars[i + 1])
                i += 2
            } else {
                acc = acc + points[i].multiply(by: scalars[i])
                i += 1
            }
        }
        return acc
    }

    /// a·P + b·Q (public) using EC_POINT_mul's interleaving through the generator slot
    /// when one of them is G, otherwise two wNAF multiplications.
    private static func pairMultiply(_ p: Point, _ a: Scalar, _ q: Point, _ b: Scalar) -> Point {
        if p == .generator { return doubleMultiply(generatorScalar: a, point: q, scalar: b) }
        if q == .generator { return doubleMultiply(generatorScalar: b, point: p, scalar: a) }
        return p.multiply(by: a) + q.multiply(by: b)
    }

    // MARK: Equality

    /// Group-element equality (`EC_POINT_cmp`).
    public static func == (a: Point, b: Point) -> Bool {
        withBNContext { ctx in EC_POINT_cmp(curveGroup, a.raw, b.raw, ctx) == 0 }
    }

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
