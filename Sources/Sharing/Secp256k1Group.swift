import Secp256k1

/// secp256k1 scalars mod n as the scalar field of ``Secp256k1Group``. All operations are
/// the Secp256k1 module's branch-free Montgomery arithmetic.
extension Scalar: GroupScalar {
    /// 32 bytes.
    public static var byteLength: Int { Scalar.byteCount }

    /// Exactly 32 big-endian bytes of a value below n; anything else is refused so that
    /// each scalar has one encoding.
    public init(canonicalBytes: [UInt8]) throws(SharingError) {
        guard canonicalBytes.count == Scalar.byteCount else {
            throw .malformedEncoding("secp256k1 scalar: \(canonicalBytes.count) bytes, expected 32")
        }
        do { try self.init(bytes: canonicalBytes) } catch { throw .nonCanonicalScalar }
    }

    /// The 32-byte big-endian encoding.
    public var canonicalBytes: [UInt8] { bytes }
}

/// secp256k1 (SEC 2 §2.4.1) as a ``PrimeOrderGroup``: the group of ECDSA keys, and of the
/// GJKR DKG that produces them. Cofactor 1, so every curve point is in the group.
///
/// Elements encode as 33-byte compressed SEC1 points; the identity, which SEC1 writes as
/// the single byte 00, is written as 33 zero bytes so that every encoding has the same
/// length (commitment lists are framed by count). Decoding validates the prefix, x < p,
/// and that x³ + 7 is a square (the point is on the curve).
public enum Secp256k1Group: PrimeOrderGroup {
    public typealias Scalar = Secp256k1.Scalar
    public typealias Element = Point

    public static var name: String { "secp256k1" }
    public static var generator: Point { .generator }
    public static var identity: Point { .identity }
    public static var encodedLength: Int { 33 }

    public static func add(_ a: Point, _ b: Point) -> Point { a + b }
    public static func negate(_ a: Point) -> Point { a.negated() }
    public static func subtract(_ a: Point, _ b: Point) -> Point { a - b }
    public static func multiply(_ e: Point, _ s: Scalar) -> Point { e.multiply(by: s) }
    public static func multiplyGeneratorSecret(_ s: Scalar) -> Point { Point.generatorMultiplySecret(s) }
    public static func multiplySecret(_ e: Point, _ s: Scalar) -> Point { e.multiplySecret(s) }
    public static func multiScalarMultiply(_ elements: [Point], _ scalars: [Scalar]) -> Point {
        precondition(elements.count == scalars.count, "multiScalarMultiply: \(elements.count) elements, \(scalars.count) scalars")
        return Point.multiScalarMultiply(elements, scalars)
    }

    public static func encode(_ e: Point) -> [UInt8] {
        e.isIdentity ? [UInt8](repeating: 0, count: encodedLength) : e.sec1(compressed: true)
    }

    public static func decode(_ bytes: [UInt8], allowIdentity: Bool) throws(SharingError) -> Point {
        guard bytes.count == encodedLength else {
            throw .malformedEncoding("secp256k1 element: \(bytes.count) bytes, expected 33")
        }
        if bytes.allSatisfy({ $0 == 0 }) {
            guard allowIdentity else { throw .identityElement }
            return .identity
        }
        do {
            return try Point(sec1: bytes)
        } catch {
            throw .invalidElement("secp256k1: \(error)")
        }
    }

    /// RFC 9380 `secp256k1_XMD:SHA-256_SSWU_RO_`.
    public static func hashToGroup(message: [UInt8], dst: [UInt8]) -> Point {
        HashToCurve.hashToCurve(message: message, dst: dst)
    }
}
