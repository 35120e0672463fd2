import Testing
import Primitives
import Sharing

/// Test support shared by the test targets of Sharing and DKG (a library target so the
/// code exists once). A toy prime-order group for tests: the subgroup of quadratic residues of `Z_p^*` for
/// the safe prime `p = 2q + 1`, `p = 9223372036854771239` (the largest safe prime below
/// 2^63), of prime order `q = 4611686018427385619`.
///
/// Written multiplicatively underneath (`add` is multiplication mod p) and far too small
/// to be secure, and not constant time; it exists to exercise `Sharing` generically
/// while the real curves are written elsewhere.
public enum ToyGroup: PrimeOrderGroup {
    public static let p: UInt64 = 9_223_372_036_854_771_239
    public static let q: UInt64 = 4_611_686_018_427_385_619

    public typealias Scalar = ToyScalar
    public typealias Element = ToyElement

    public static var name: String { "TOYQR63" }
    public static var generator: ToyElement { ToyElement(raw: 4) }  // 2² ≠ 1 is a QR, so it has order q
    public static var identity: ToyElement { ToyElement(raw: 1) }

    public static func add(_ a: ToyElement, _ b: ToyElement) -> ToyElement {
        ToyElement(raw: mulmod(a.raw, b.raw, p))
    }
    public static func negate(_ a: ToyElement) -> ToyElement {
        ToyElement(raw: powmod(a.raw, p - 2, p))
    }
    public static func multiply(_ e: ToyElement, _ s: ToyScalar) -> ToyElement {
        ToyElement(raw: powmod(e.raw, s.raw, p))
    }
    public static func multiplyGeneratorSecret(_ s: ToyScalar) -> ToyElement { multiply(generator, s) }
    public static func multiplySecret(_ e: ToyElement, _ s: ToyScalar) -> ToyElement { multiply(e, s) }

    public static var encodedLength: Int { 8 }
    public static func encode(_ e: ToyElement) -> [UInt8] { bigEndian(e.raw) }
    public static func decode(_ bytes: [UInt8], allowIdentity: Bool) throws(SharingError) -> ToyElement {
        guard bytes.count == encodedLength else { throw .malformedEncoding("toy element: \(bytes.count) bytes") }
        let v = fromBigEndian(bytes)
        guard v != 0, v < p else { throw .invalidElement("toy element: not in Z_p^*") }
        guard powmod(v, q, p) == 1 else { throw .invalidElement("toy element: not a quadratic residue") }
        guard v != 1 || allowIdentity else { throw .identityElement }
        return ToyElement(raw: v)
    }

    /// SHA-256(len(dst) ‖ dst ‖ message), the first 16 bytes reduced mod p, squared.
    public static func hashToGroup(message: [UInt8], dst: [UInt8]) -> ToyElement {
        precondition(dst.count < 256)
        let digest = SHA256.hash([UInt8(dst.count)] + dst + message)
        var x: UInt64 = 0
        for b in digest.prefix(16) { x = (mulmod(x, 256, p) + UInt64(b)) % p }
        let y = mulmod(x, x, p)
        return ToyElement(raw: y == 0 ? 4 : y)
    }
}

public struct ToyElement: Sendable, Hashable, CustomStringConvertible {
    public let raw: UInt64
    public var description: String { "ToyElement(\(raw))" }
}

public struct ToyScalar: GroupScalar, CustomStringConvertible {
    public let raw: UInt64
    public init(raw: UInt64) { self.raw = raw }

    public static var zero: ToyScalar { ToyScalar(raw: 0) }
    public static var one: ToyScalar { ToyScalar(raw: 1) }
    public init(_ v: UInt64) { raw = v % ToyGroup.q }

    public static func random() -> ToyScalar {
        while true {  // rejection sampling: q < 2^62, so accept with probability ≈ 1
            let r = SecureRandom.uint64() & ((1 << 62) - 1)
            if r < ToyGroup.q { return ToyScalar(raw: r) }
        }
    }

    public static func + (l: ToyScalar, r: ToyScalar) -> ToyScalar { ToyScalar(raw: (l.raw + r.raw) % ToyGroup.q) }
    public static func - (l: ToyScalar, r: ToyScalar) -> ToyScalar { ToyScalar(raw: (l.raw + ToyGroup.q - r.raw) % ToyGroup.q) }
    public static func * (l: ToyScalar, r: ToyScalar) -> ToyScalar { ToyScalar(raw: mulmod(l.raw, r.raw, ToyGroup.q)) }
    public static prefix func - (x: ToyScalar) -> ToyScalar { ToyScalar(raw: (ToyGroup.q - x.raw) % ToyGroup.q) }
    public func inverse() -> ToyScalar? { isZero ? nil : ToyScalar(raw: powmod(raw, ToyGroup.q - 2, ToyGroup.q)) }
    public var isZero: Bool { raw == 0 }

    public static var byteLength: Int { 8 }
    public var canonicalBytes: [UInt8] { bigEndian(raw) }
    public init(canonicalBytes: [UInt8]) throws(SharingError) {
        guard canonicalBytes.count == Self.byteLength else { throw .malformedEncoding("toy scalar: \(canonicalBytes.count) bytes") }
        let v = fromBigEndian(canonicalBytes)
        guard v < ToyGroup.q else { throw .nonCanonicalScalar }
        raw = v
    }
    public init(reducing wideBytes: [UInt8]) {
        var x: UInt64 = 0
        for b in wideBytes { x = (mulmod(x, 256, ToyGroup.q) + UInt64(b)) % ToyGroup.q }
        raw = x
    }

    public var description: String { "ToyScalar(\(raw))" }
}

public func mulmod(_ a: UInt64, _ b: UInt64, _ m: UInt64) -> UInt64 {
    let (hi, lo) = (a % m).multipliedFullWidth(by: b % m)
    return m.dividingFullWidth((hi, lo)).remainder
}

public func powmod(_ base: UInt64, _ exp: UInt64, _ m: UInt64) -> UInt64 {
    var result: UInt64 = 1
    var b = base % m
    var e = exp
    while e > 0 {
        if e & 1 == 1 { result = mulmod(result, b, m) }
        b = mulmod(b, b, m)
        e >>= 1
    }
    return result
}

public func bigEndian(_ v: UInt64) -> [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: v >> (56 - 8 * $0)) } }
public func fromBigEndian(_ b: [UInt8]) -> UInt64 { b.reduce(0) { $0 << 8 | UInt64($1) } }


/// All k-element subsets of `items`, in lexicographic order.
public func combinations<T>(_ items: [T], _ k: Int) -> [[T]] {
    if k == 0 { return [[]] }
    if items.count < k { return [] }
    let head = items[0], tail = Array(items.dropFirst())
    return combinations(tail, k - 1).map { [head] + $0 } + combinations(tail, k)
}

/// Expects `body` to throw exactly `expected`.
public func expectError<R>(_ expected: SharingError, _ body: () throws(SharingError) -> R,
                    sourceLocation: SourceLocation = #_sourceLocation) {
    do {
        _ = try body()
        Issue.record("expected \(expected), got success", sourceLocation: sourceLocation)
    } catch {
        #expect(error == expected, sourceLocation: sourceLocation)
    }
}
