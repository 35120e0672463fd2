import Primitives
import Sharing
import Testing

/// The toy group must itself be right, or every other test proves nothing.
@Suite struct ToyGroupTests {
    @Test func generatorHasOrderQ() {
        #expect(G.multiply(G.generator, S(raw: 0)) == G.identity)
        #expect(powmod(4, G.q, G.p) == 1)
        #expect(G.generator != G.identity)
        // q·g = 0 via the scalar type: q reduces to 0.
        #expect(S(G.q).isZero)
    }

    @Test func scalarFieldArithmetic() {
        for _ in 0..<50 {
            let a = S.random(), b = S.randomNonZero()
            #expect(a + b - b == a)
            #expect(a + (-a) == .zero)
            #expect(b * b.inverse()! == .one)
            #expect((a * b) * .one == b * a)
        }
        #expect(S.zero.inverse() == nil)
        #expect(!S.randomNonZero().isZero)
    }

    @Test func groupHomomorphism() {
        for _ in 0..<20 {
            let a = S.random(), b = S.random()
            #expect(G.add(G.multiplyGenerator(a), G.multiplyGenerator(b)) == G.multiplyGenerator(a + b))
            #expect(G.subtract(G.multiplyGenerator(a), G.multiplyGenerator(b)) == G.multiplyGenerator(a - b))
            #expect(G.add(G.multiplyGenerator(a), G.negate(G.multiplyGenerator(a))) == G.identity)
            #expect(G.multiplyGeneratorSecret(a) == G.multiplyGenerator(a))
        }
    }

    @Test func defaultMultiScalarMultiply() {
        let es = (0..<5).map { _ in G.multiplyGenerator(.random()) }
        let ss = (0..<5).map { _ in S.random() }
        var expected = G.identity
        for i in 0..<5 { expected = G.add(expected, G.multiply(es[i], ss[i])) }
        #expect(G.multiScalarMultiply(es, ss) == expected)
        #expect(G.multiScalarMultiply([], []) == G.identity)
    }

    @Test func scalarEncoding() throws {
        let a = S.random()
        #expect(try S(canonicalBytes: a.canonicalBytes) == a)
        expectError(.nonCanonicalScalar) { () throws(SharingError) in try S(canonicalBytes: bigEndian(G.q)) }
        expectError(.nonCanonicalScalar) { () throws(SharingError) in try S(canonicalBytes: [UInt8](repeating: 0xff, count: 8)) }
        expectError(.malformedEncoding("toy scalar: 7 bytes")) { () throws(SharingError) in try S(canonicalBytes: [UInt8](repeating: 0, count: 7)) }
        #expect(S(reducing: bigEndian(G.q + 5)) == S(5))
        #expect(S(reducing: [1] + [UInt8](repeating: 0, count: 8)) == S(raw: mulmod(1 << 32, 1 << 32, G.q)))
    }

    @Test func elementDecoding() throws {
        let e = G.multiplyGenerator(.randomNonZero())
        #expect(try G.decode(G.encode(e)) == e)
        expectError(.identityElement) { () throws(SharingError) in try G.decode(G.encode(G.identity)) }
        #expect(try G.decode(G.encode(G.identity), allowIdentity: true) == G.identity)
        // p − 1 = −1 is a non-residue because p ≡ 3 (mod 4).
        expectError(.invalidElement("toy element: not a quadratic residue")) { () throws(SharingError) in try G.decode(bigEndian(G.p - 1)) }
        expectError(.invalidElement("toy element: not in Z_p^*")) { () throws(SharingError) in try G.decode(bigEndian(G.p)) }
        expectError(.invalidElement("toy element: not in Z_p^*")) { () throws(SharingError) in try G.decode(bigEndian(0)) }
        expectError(.malformedEncoding("toy element: 9 bytes")) { () throws(SharingError) in try G.decode([0] + G.encode(e)) }
    }

    @Test func hashToGroupIsDeterministicAndInSubgroup() throws {
        let a = G.hashToGroup(message: [1, 2, 3], dst: Array("A".utf8))
        #expect(a == G.hashToGroup(message: [1, 2, 3], dst: Array("A".utf8)))
        #expect(a != G.hashToGroup(message: [1, 2, 3], dst: Array("B".utf8)))
        #expect(a != G.hashToGroup(message: [1, 2, 4], dst: Array("A".utf8)))
        #expect(try G.decode(G.encode(a)) == a)
    }
}
