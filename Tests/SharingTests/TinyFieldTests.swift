import Primitives
import Sharing
import Testing

/// A scalar field of order 1009 < 1024, where distinct committee indices can coincide
/// mod q: the index checks must then refuse them rather than divide by zero.
struct TinyScalar: GroupScalar {
    static let q: UInt64 = 1009
    let raw: UInt64
    init(raw: UInt64) { self.raw = raw }
    static var zero: TinyScalar { TinyScalar(raw: 0) }
    static var one: TinyScalar { TinyScalar(raw: 1) }
    init(_ v: UInt64) { raw = v % Self.q }
    static func random() -> TinyScalar { TinyScalar(SecureRandom.uint64() % Self.q) }  // biased; tests only
    static func + (l: Self, r: Self) -> Self { Self(l.raw + r.raw) }
    // No `-`: the protocol's default (`l + (-r)`) is used.
    static func * (l: Self, r: Self) -> Self { Self(l.raw * r.raw) }
    static prefix func - (x: Self) -> Self { Self(q - x.raw) }
    func inverse() -> Self? { isZero ? nil : Self(powmod(raw, Self.q - 2, Self.q)) }
    var isZero: Bool { raw == 0 }
    static var byteLength: Int { 2 }
    var canonicalBytes: [UInt8] { [UInt8(raw >> 8), UInt8(raw & 0xff)] }
    init(canonicalBytes: [UInt8]) throws(SharingError) {
        guard canonicalBytes.count == 2 else { throw .malformedEncoding("tiny scalar") }
        let v = UInt64(canonicalBytes[0]) << 8 | UInt64(canonicalBytes[1])
        guard v < Self.q else { throw .nonCanonicalScalar }
        raw = v
    }
    init(reducing wideBytes: [UInt8]) { raw = wideBytes.reduce(0) { ($0 * 256 + UInt64($1)) % Self.q } }
}

@Suite struct TinyFieldTests {
    @Test func defaultSubtraction() {
        #expect(TinyScalar(3) - TinyScalar(5) == TinyScalar(1007))
    }

    @Test func indicesThatWrapModQAreRefused() {
        expectError(.duplicateIndex(1010)) { () throws(SharingError) in
            let _: [TinyScalar] = try Lagrange.coefficientsAtZero(indices: [1, 1010])
        }
        expectError(.invalidIndex(1009)) { () throws(SharingError) in
            let _: [TinyScalar] = try Lagrange.coefficientsAtZero(indices: [2, 1009])
        }
    }

    @Test func sharingStillWorksBelowQ() throws {
        let secret = TinyScalar(123)
        let shares = try Shamir.split(secret: secret, threshold: 3, shareCount: 10)
        #expect(try Shamir.reconstruct(Array(shares.suffix(3)), threshold: 3) == secret)
        #expect(try Shamir.reconstruct(shares, threshold: 3) == secret)
    }
}

@Suite struct SpellingTests {
    /// The spellings the DESIGN and the brief use must compile.
    @Test func genericInferenceFromMetatype() {
        let h1 = PedersenVSS.defaultH(for: ToyGroup.self)
        #expect(h1 == PedersenVSS<ToyGroup>.defaultH())
    }
}
