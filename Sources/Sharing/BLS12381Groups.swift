import BLS12381
import Primitives

/// BLS12-381 scalars mod r as the scalar field of ``BLS12381G1Group`` and
/// ``BLS12381G2Group``: the BLS12381 module's branch-free 4-limb arithmetic.
extension BLS12381.Scalar: GroupScalar {
    /// 32 bytes.
    public static var byteLength: Int { 32 }

    /// Exactly 32 big-endian bytes of a value below r.
    public init(canonicalBytes: [UInt8]) throws(SharingError) {
        guard canonicalBytes.count == 32 else {
            throw .malformedEncoding("BLS12-381 scalar: \(canonicalBytes.count) bytes, expected 32")
        }
        do { try self.init(bigEndianBytes: canonicalBytes) } catch { throw .nonCanonicalScalar }
    }

    /// The 32-byte big-endian encoding.
    public var canonicalBytes: [UInt8] { bigEndianBytes }
}

/// Shared implementation of the two groups over their ZCash compressed encodings.
enum BLS12381Encoding {
    static func decodeError(_ group: String, _ error: BLSError) -> SharingError {
        .invalidElement("\(group): \(error)")
    }
}

/// BLS12-381 G1 (the prime-order subgroup of E(𝔽p)) as a ``PrimeOrderGroup``: the group of
/// BLS public keys in the POP ciphersuite. Elements encode as 48-byte ZCash compressed
/// points (the identity as 0xc0 followed by zeros); decoding validates flags, x < p, the
/// curve equation and subgroup membership.
public enum BLS12381G1Group: PrimeOrderGroup {
    public typealias Scalar = BLS12381.Scalar
    public typealias Element = G1Affine

    public static var name: String { "BLS12381G1" }
    public static var generator: G1Affine { .generator }
    public static var identity: G1Affine { .identity }
    public static var encodedLength: Int { 48 }

    public static func add(_ a: G1Affine, _ b: G1Affine) -> G1Affine { a.projective.adding(b).affine }
    public static func negate(_ a: G1Affine) -> G1Affine { (-a.projective).affine }
    public static func subtract(_ a: G1Affine, _ b: G1Affine) -> G1Affine { (a.projective - b.projective).affine }
    /// Public scalar (GLV; elements are always in G1).
    public static func multiply(_ e: G1Affine, _ s: Scalar) -> G1Affine { e.projective.multipliedVariableTime(by: s).affine }
    /// Secret scalar: constant-time GLV.
    public static func multiplyGeneratorSecret(_ s: Scalar) -> G1Affine { G1Projective.generator.multiplied(by: s).affine }
    /// Secret scalar: constant-time GLV.
    public static func multiplySecret(_ e: G1Affine, _ s: Scalar) -> G1Affine { e.projective.multiplied(by: s).affine }
    public static func multiScalarMultiply(_ elements: [G1Affine], _ scalars: [Scalar]) -> G1Affine {
        precondition(elements.count == scalars.count, "multiScalarMultiply: \(elements.count) elements, \(scalars.count) scalars")
        return G1Projective.multiScalarMultiply(elements.map(\.projective), scalars).affine
    }

    public static func encode(_ e: G1Affine) -> [UInt8] { e.compressedBytes }

    public static func decode(_ bytes: [UInt8], allowIdentity: Bool) throws(SharingError) -> G1Affine {
        guard bytes.count == encodedLength else {
            throw .malformedEncoding("BLS12381G1 element: \(bytes.count) bytes, expected 48")
        }
        let p: G1Affine
        do { p = try G1Affine(bytes: bytes) } catch { throw BLS12381Encoding.decodeError(name, error) }
        if p.isIdentity && !allowIdentity { throw .identityElement }
        return p
    }

    /// RFC 9380 `BLS12381G1_XMD:SHA-256_SSWU_RO_`.
    public static func hashToGroup(message: [UInt8], dst: [UInt8]) -> G1Affine {
        HashToG1.hash(message: message, dst: dst).affine
    }
}

/// BLS12-381 G2 (the prime-order subgroup of E′(𝔽p²)) as a ``PrimeOrderGroup``: the group
/// of BLS signatures, over which threshold BLS interpolates partial signatures. Elements
/// encode as 96-byte ZCash compressed points (the identity as 0xc0 followed by zeros).
public enum BLS12381G2Group: PrimeOrderGroup {
    public typealias Scalar = BLS12381.Scalar
    public typealias Element = G2Affine

    public static var name: String { "BLS12381G2" }
    public static var generator: G2Affine { .generator }
    public static var identity: G2Affine { .identity }
    public static var encodedLength: Int { 96 }

    public static func add(_ a: G2Affine, _ b: G2Affine) -> G2Affine { a.projective.adding(b).affine }
    public static func negate(_ a: G2Affine) -> G2Affine { (-a.projective).affine }
    public static func subtract(_ a: G2Affine, _ b: G2Affine) -> G2Affine { (a.projective - b.projective).affine }
    /// Public scalar (GLS; elements are always in G2).
    public static func multiply(_ e: G2Affine, _ s: Scalar) -> G2Affine { e.projective.multipliedVariableTime(by: s).affine }
    /// Secret scalar: constant-time GLS.
    public static func multiplyGeneratorSecret(_ s: Scalar) -> G2Affine { G2Projective.generator.multiplied(by: s).affine }
    /// Secret scalar: constant-time GLS.
    public static func multiplySecret(_ e: G2Affine, _ s: Scalar) -> G2Affine { e.projective.multiplied(by: s).affine }
    public static func multiScalarMultiply(_ elements: [G2Affine], _ scalars: [Scalar]) -> G2Affine {
        precondition(elements.count == scalars.count, "multiScalarMultiply: \(elements.count) elements, \(scalars.count) scalars")
        return G2Projective.multiScalarMultiply(elements.map(\.projective), scalars).affine
    }

    public static func encode(_ e: G2Affine) -> [UInt8] { e.compressedBytes }

    public static func decode(_ bytes: [UInt8], allowIdentity: Bool) throws(SharingError) -> G2Affine {
        guard bytes.count == encodedLength else {
            throw .malformedEncoding("BLS12381G2 element: \(bytes.count) bytes, expected 96")
        }
        let p: G2Affine
        do { p = try G2Affine(bytes: bytes) } catch { throw BLS12381Encoding.decodeError(name, error) }
        if p.isIdentity && !allowIdentity { throw .identityElement }
        return p
    }

    /// RFC 9380 `BLS12381G2_XMD:SHA-256_SSWU_RO_`.
    public static func hashToGroup(message: [UInt8], dst: [UInt8]) -> G2Affine {
        HashToG2.hash(message: message, dst: dst).affine
    }
}
