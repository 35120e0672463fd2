import Primitives
import Secp256k1
import Sharing
import Testing

/// The sharing schemes over a real group, secp256k1, through the generic seam. Written
/// generically so the BLS12-381 G1/G2 conformances run the same checks.
enum GroupConformanceChecks<G: PrimeOrderGroup> {
    static func shamirAnyTOfN(t: Int, n: Int) throws {
        let secret = G.Scalar.random()
        let shares = try Shamir.split(secret: secret, threshold: t, shareCount: n)
        // Every t-subset of n reconstructs (n ≤ 6 keeps this exhaustive and fast).
        for mask in 1..<(1 << n) where mask.nonzeroBitCount == t {
            let subset = shares.filter { mask & (1 << ($0.index - 1)) != 0 }
            #expect(try Shamir.reconstruct(subset, threshold: t) == secret)
        }
        if t > 1 {
            let tooFew = Array(shares.prefix(t - 1))
            #expect(throws: SharingError.notEnoughShares(needed: t, got: t - 1)) {
                try Shamir.reconstruct(tooFew, threshold: t)
            }
        }
    }

    static func feldman(t: Int, n: Int) throws {
        let secret = G.Scalar.random()
        let (commitments, shares) = try FeldmanVSS<G>.deal(secret: secret, threshold: t, shareCount: n)
        #expect(FeldmanVSS<G>.publicKey(commitments) == G.multiplyGenerator(secret))
        for share in shares {
            #expect(FeldmanVSS<G>.verify(share: share, commitments: commitments, shareCount: n))
            let bad = Share(index: share.index, value: share.value + .one)
            #expect(!FeldmanVSS<G>.verify(share: bad, commitments: commitments, shareCount: n))
        }
        // The share public keys interpolate in the exponent to the group public key.
        let points = try FeldmanVSS<G>.publicShares(shareCount: n, commitments: commitments)
            .prefix(t).enumerated().map { (index: $0.offset + 1, element: $0.element) }
        #expect(try Lagrange.interpolateInExponent(points: Array(points), in: G.self) == G.multiplyGenerator(secret))
        // The commitments survive their wire encoding.
        let decoded = try VSSCommitments<G>(decoding: commitments.encoded(), expectedThreshold: t)
        #expect(decoded == commitments)
    }

    static func pedersen(t: Int, n: Int) throws {
        let h = PedersenVSS<G>.defaultH(for: G.self)
        #expect(h != G.generator && !G.isIdentity(h))
        let (commitments, shares, blinding) = try PedersenVSS<G>.deal(secret: .random(), threshold: t, shareCount: n, h: h)
        for (s, b) in zip(shares, blinding) {
            #expect(PedersenVSS<G>.verify(share: s, blindingShare: b, commitments: commitments, h: h, shareCount: n))
            let tampered = Share(index: b.index, value: b.value + .one)
            #expect(!PedersenVSS<G>.verify(share: s, blindingShare: tampered, commitments: commitments, h: h, shareCount: n))
        }
    }

    static func encodings() throws {
        for _ in 0..<20 {
            let e = G.multiplyGenerator(.randomNonZero())
            let bytes = G.encode(e)
            #expect(bytes.count == G.encodedLength)
            #expect(try G.decode(bytes) == e)
            #expect(throws: SharingError.self) { try G.decode(Array(bytes.dropLast())) }
            #expect(throws: SharingError.self) { try G.decode(bytes + [0]) }
        }
        let id = G.encode(G.identity)
        #expect(id.count == G.encodedLength)
        #expect(throws: SharingError.identityElement) { try G.decode(id) }
        #expect(try G.decode(id, allowIdentity: true) == G.identity)
        let s = G.Scalar.random()
        #expect(try G.Scalar(canonicalBytes: s.canonicalBytes) == s)
        #expect(throws: SharingError.self) { try G.Scalar(canonicalBytes: Array(s.canonicalBytes.dropFirst())) }
        #expect(throws: SharingError.nonCanonicalScalar) {
            try G.Scalar(canonicalBytes: [UInt8](repeating: 0xff, count: G.Scalar.byteLength))
        }
    }

    static func groupLaws() {
        let a = G.Scalar.random(), b = G.Scalar.random()
        let aG = G.multiplyGeneratorSecret(a), bG = G.multiplyGenerator(b)
        #expect(G.add(aG, bG) == G.multiplyGenerator(a + b))
        #expect(G.multiplySecret(aG, b) == G.multiply(aG, b))
        #expect(G.add(aG, G.negate(aG)) == G.identity)
        #expect(G.subtract(aG, bG) == G.multiplyGenerator(a - b))
        let scalars = (0..<5).map { _ in G.Scalar.random() }
        let elements = (0..<5).map { _ in G.multiplyGenerator(.random()) }
        var sum = G.identity
        for (e, s) in zip(elements, scalars) { sum = G.add(sum, G.multiply(e, s)) }
        #expect(G.multiScalarMultiply(elements, scalars) == sum)
        let h1 = G.hashToGroup(message: [1, 2, 3], dst: Array("THRESIG-TEST".utf8))
        #expect(h1 == G.hashToGroup(message: [1, 2, 3], dst: Array("THRESIG-TEST".utf8)))
        #expect(h1 != G.hashToGroup(message: [1, 2, 4], dst: Array("THRESIG-TEST".utf8)))
    }
}

@Suite("Sharing over secp256k1")
struct Secp256k1GroupTests {
    typealias Checks = GroupConformanceChecks<Secp256k1Group>

    @Test func groupLaws() { Checks.groupLaws() }
    @Test func encodings() throws { try Checks.encodings() }
    @Test(arguments: [(1, 1), (2, 3), (3, 5), (6, 6)])
    func shamir(t: Int, n: Int) throws { try Checks.shamirAnyTOfN(t: t, n: n) }
    @Test(arguments: [(1, 1), (3, 5), (7, 10)])
    func feldman(t: Int, n: Int) throws { try Checks.feldman(t: t, n: n) }
    @Test func pedersen() throws { try Checks.pedersen(t: 3, n: 5) }

    /// Off-curve x and bad prefixes are refused with typed errors, not accepted.
    @Test func invalidPointsRefused() throws {
        var x: UInt8 = 1
        var offCurve: [UInt8] = []
        while offCurve.isEmpty {
            let candidate = [0x02] + [UInt8](repeating: 0, count: 31) + [x]
            if (try? Point(sec1: candidate)) == nil { offCurve = candidate }
            x += 1
        }
        #expect(throws: SharingError.self) { try Secp256k1Group.decode(offCurve) }
        let g = Secp256k1Group.encode(.generator)
        #expect(throws: SharingError.self) { try Secp256k1Group.decode([0x04] + g.dropFirst()) }
        #expect(throws: SharingError.self) { try Secp256k1Group.decode([0x02] + [UInt8](repeating: 0xff, count: 32)) }
    }
}
