import COpenSSL
import Foundation
import Primitives
@testable import Secp256k1
import Testing

/// OpenSSL's EC_POINT arithmetic on `NID_secp256k1`, kept ONLY here as an independent
/// reference implementation for the native Jacobian code. Points travel as SEC1
/// compressed bytes (`[0x00]` for the identity, as OpenSSL's own point2oct writes it).
enum OpenSSLReference {
    final class Group: @unchecked Sendable {
        let pointer: OpaquePointer
        init() { pointer = EC_GROUP_new_by_curve_name(NID_secp256k1)! }
    }
    static let group = Group()

    private static func withBN<R>(_ bytes: [UInt8], _ body: (OpaquePointer) -> R) -> R {
        let bn = bytes.withUnsafeBufferPointer { BN_bin2bn($0.baseAddress, Int32($0.count), nil)! }
        defer { BN_free(bn) }
        return body(bn)
    }

    private static func encode(_ p: OpaquePointer, _ ctx: OpaquePointer) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 33)
        let n = out.withUnsafeMutableBufferPointer {
            EC_POINT_point2oct(group.pointer, p, POINT_CONVERSION_COMPRESSED, $0.baseAddress, 33, ctx)
        }
        precondition(n > 0)
        return Array(out.prefix(n))
    }

    /// a·G + b·P (either term may be absent), as SEC1 compressed bytes.
    static func mul(generatorScalar a: [UInt8]?, point: [UInt8]?, scalar b: [UInt8]?) -> [UInt8] {
        let g = group.pointer
        let ctx = BN_CTX_new()!
        defer { BN_CTX_free(ctx) }
        let r = EC_POINT_new(g)!
        defer { EC_POINT_free(r) }
        var p: OpaquePointer? = nil
        if let point {
            p = EC_POINT_new(g)!
            let ok = point.withUnsafeBufferPointer { EC_POINT_oct2point(g, p, $0.baseAddress, $0.count, ctx) }
            precondition(ok == 1, "oct2point")
        }
        defer { if let p { EC_POINT_free(p) } }
        func run(_ bnA: OpaquePointer?, _ bnB: OpaquePointer?) {
            precondition(EC_POINT_mul(g, r, bnA, p, bnB, ctx) == 1, "EC_POINT_mul")
        }
        switch (a, b) {
        case let (a?, b?): withBN(a) { ba in withBN(b) { bb in run(ba, bb) } }
        case let (a?, nil): withBN(a) { ba in run(ba, nil) }
        case let (nil, b?): withBN(b) { bb in run(nil, bb) }
        case (nil, nil): fatalError()
        }
        return encode(r, ctx)
    }

    /// P + Q.
    static func add(_ a: [UInt8], _ b: [UInt8]) -> [UInt8] {
        let g = group.pointer
        let ctx = BN_CTX_new()!
        defer { BN_CTX_free(ctx) }
        let p = EC_POINT_new(g)!, q = EC_POINT_new(g)!, r = EC_POINT_new(g)!
        defer { EC_POINT_free(p); EC_POINT_free(q); EC_POINT_free(r) }
        a.withUnsafeBufferPointer { precondition(EC_POINT_oct2point(g, p, $0.baseAddress, $0.count, ctx) == 1) }
        b.withUnsafeBufferPointer { precondition(EC_POINT_oct2point(g, q, $0.baseAddress, $0.count, ctx) == 1) }
        precondition(EC_POINT_add(g, r, p, q, ctx) == 1)
        return encode(r, ctx)
    }
}

@Suite("Native point arithmetic: cross-checks with OpenSSL, identities, edge scalars")
struct NativePointTests {
    static let n = Modulus.order.m

    /// n − v and v as scalars (v small).
    static func nMinus(_ v: UInt64) -> Scalar { -Scalar(v) }

    /// Edge scalars: 0, 1, 2, n−1, n−2, …, the values whose recoding hits the degenerate
    /// last addition of the constant-time method (2, 6, …, 62 and n − 2, n − 6, …, n − 62),
    /// powers of two, and long runs of zero and one bits.
    static let edgeScalars: [Scalar] = {
        var out: [Scalar] = [.zero, .one, Scalar(2), Scalar(3), -Scalar.one, nMinus(2), nMinus(3),
                             Scalar(31), Scalar(32), Scalar(33), Scalar(63), Scalar(64), Scalar(65)]
        for d in stride(from: UInt64(1), through: 31, by: 2) {
            out.append(Scalar(2 * d)); out.append(nMinus(2 * d))
            out.append(Scalar(d)); out.append(nMinus(d))
        }
        func hex(_ s: String) -> Scalar { try! Scalar(bytes: TestSupport.hex(s)) }
        out += [
            hex("8000000000000000000000000000000000000000000000000000000000000000"),   // 2^255
            hex("7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"),   // 2^255 − 1
            hex("0000000000000000000000000000000100000000000000000000000000000000"),   // 2^128
            hex("00000000000000000000000000000000ffffffffffffffffffffffffffffffff"),
            hex("fffffffffffffffffffffffffffffffe00000000000000000000000000000000"),
            hex("fffffffffffffffffffffffffffffffe00000000000000000000000000000001"),
            hex("0000000000000000000000000000000000000000000000000000000000010000"),
            hex("f0000000000000000000000000000000000000000000000000000000000000ff"),
            hex("5555555555555555555555555555555555555555555555555555555555555555"),
            hex("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"),
            hex("7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0"),   // (n−1)/2
            hex("7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a1"),   // (n+1)/2
        ]
        // c = 2^256 − n: k' = c makes the comb's last addition (weight 2^255, digit 1) a
        // doubling; n − c reaches it through the even-k negation. Also 3c and n − 3c.
        let c = hex("000000000000000000000000000000014551231950b75fc4402da1732fc9bebf")
        out += [c, -c, c + c + c, -(c + c + c)]
        return out
    }()

    @Test("k·P, k·G and a·G + b·P match OpenSSL EC_POINT_mul on random and edge scalars")
    func openSSLCrossCheck() {
        var scalars = Self.edgeScalars
        for _ in 0..<300 { scalars.append(.random()) }
        let bases: [Point] = [.generator] + (0..<8).map { _ in Point.generator.multiply(by: .random()) }
        for (i, k) in scalars.enumerated() {
            let base = bases[i % bases.count]
            let ref = OpenSSLReference.mul(generatorScalar: nil, point: base.sec1(), scalar: k.bytes)
            #expect(base.multiplySecret(k).sec1() == ref, "multiplySecret k=\(k.bytes.hexString)")
            #expect(base.multiply(by: k).sec1() == ref, "multiply k=\(k.bytes.hexString)")
            let refG = OpenSSLReference.mul(generatorScalar: k.bytes, point: nil, scalar: nil)
            #expect(Point.generatorMultiplySecret(k).sec1() == refG, "generatorMultiplySecret k=\(k.bytes.hexString)")
            let b = i % 3 == 0 ? Self.edgeScalars[i % Self.edgeScalars.count] : Scalar.random()
            let refAB = OpenSSLReference.mul(generatorScalar: k.bytes, point: base.sec1(), scalar: b.bytes)
            #expect(Point.doubleMultiply(generatorScalar: k, point: base, scalar: b).sec1() == refAB,
                    "a·G + b·P a=\(k.bytes.hexString) b=\(b.bytes.hexString)")
        }
    }

    @Test("addition and doubling match OpenSSL, including P + P, P + (−P) and the identity")
    func additionCrossCheck() {
        for _ in 0..<100 {
            // Operands with Z ≠ 1 (results of multiplication) and with Z = 1 (decoded).
            let p = Point.generator.multiply(by: .random()), q = Point.generator.multiplySecret(.random())
            let pd = try! Point(sec1: p.sec1())
            #expect((p + q).sec1() == OpenSSLReference.add(p.sec1(), q.sec1()))
            #expect((pd + q).sec1() == OpenSSLReference.add(p.sec1(), q.sec1()))
            #expect((p + p).sec1() == OpenSSLReference.add(p.sec1(), p.sec1()))
            #expect((p + pd) == p.doubled())
            #expect((p + (-pd)).isIdentity)
            #expect((pd + (-p)).isIdentity)
            #expect(p.doubled().sec1() == OpenSSLReference.add(p.sec1(), p.sec1()))
            #expect(p == pd && pd == p && p.hashValue == pd.hashValue)
            #expect(p != q || p.sec1() == q.sec1())
            #expect(p != .identity && Point.identity != p)
        }
        #expect((Point.identity + .identity).isIdentity)
        #expect(Point.identity.doubled().isIdentity)
        #expect(Point.identity.negated().isIdentity)
        #expect(Point.identity == Point.identity.doubled())
    }

    @Test("random-scalar identities: aG + bG = (a+b)G, abG, constant time = wNAF")
    func identities() {
        let g = Point.generator
        for _ in 0..<100 {
            let a = Scalar.random(), b = Scalar.random()
            let P = g.multiply(by: .random())
            #expect(g.multiplySecret(a) + g.multiplySecret(b) == g.multiplySecret(a + b))
            #expect(Point.generatorMultiplySecret(a) + g.multiply(by: b) == g.multiply(by: a + b))
            #expect(P.multiplySecret(a) + P.multiplySecret(b) == P.multiply(by: a + b))
            #expect(P.multiplySecret(a).multiplySecret(b) == P.multiply(by: a * b))
            #expect(P.multiplySecret(a) == P.multiply(by: a))
            #expect(P.multiplySecret(-a) == -P.multiply(by: a))
            #expect(Point.doubleMultiply(generatorScalar: a, point: P, scalar: b) == g.multiply(by: a) + P.multiply(by: b))
        }
        for k in Self.edgeScalars {
            let P = g.multiply(by: Scalar(12345))
            #expect(P.multiplySecret(k) == P.multiply(by: k))
            #expect(P.multiplySecret(k) + P.multiplySecret(-k) == .identity)
            #expect(g.multiplySecret(k) + g == g.multiply(by: k + .one))
        }
    }

    @Test("multi-scalar multiplication (Straus and Pippenger) equals the sum of products")
    func msm() {
        for count in [1, 2, 5, 31, 32, 33, 64, 150] {
            var points = (0..<count).map { _ in Point.generator.multiply(by: .random()) }
            var scalars = (0..<count).map { _ in Scalar.random() }
            if count > 5 {
                points[1] = .identity                  // skipped
                scalars[2] = .zero                     // skipped
                points[3] = points[4]                  // equal points in one bucket
                points[5] = -points[4]                 // opposite points
                scalars[5] = scalars[4]                // … that cancel
                scalars[count - 1] = -Scalar.one       // n − 1
                scalars[count - 2] = Self.edgeScalars[count % Self.edgeScalars.count]
            }
            var expected = Point.identity
            for (p, s) in zip(points, scalars) { expected = expected + p.multiply(by: s) }
            #expect(Point.multiScalarMultiply(points, scalars) == expected, "count \(count)")
        }
        // Every edge scalar at once (Pippenger) and in chunks of 16 (Straus), against
        // OpenSSL's products.
        let edge = Self.edgeScalars
        let edgePoints = edge.indices.map { i in Point.generator.multiply(by: Scalar(UInt64(i + 2))) }
        var reference = Point.identity
        for (p, k) in zip(edgePoints, edge) {
            let product = OpenSSLReference.mul(generatorScalar: nil, point: p.sec1(), scalar: k.bytes)
            reference = reference + (product == [0] ? .identity : try! Point(sec1: product))
        }
        #expect(Point.multiScalarMultiply(edgePoints, edge) == reference)
        var chunked = Point.identity
        for start in stride(from: 0, to: edge.count, by: 16) {
            let end = min(start + 16, edge.count)
            chunked = chunked + Point.multiScalarMultiply(Array(edgePoints[start..<end]), Array(edge[start..<end]))
        }
        #expect(chunked == reference)
        // Everything cancels: Σ kᵢPᵢ + Σ (−kᵢ)Pᵢ = O through Pippenger.
        let pts = (0..<40).map { _ in Point.generator.multiply(by: .random()) }
        let ks = (0..<40).map { _ in Scalar.random() }
        #expect(Point.multiScalarMultiply(pts + pts, ks + ks.map { -$0 }).isIdentity)
        #expect(Point.multiScalarMultiply([], []).isIdentity)
    }

    @Test("field inversion chain, batch normalisation, windowed pow, variable-time scalar inverse")
    func fieldHelpers() {
        #expect(Scalar.zero.inverseVariableTime() == nil)
        for k in Self.edgeScalars where !k.isZero {
            #expect(k.inverseVariableTime() == k.inverse())
        }
        #expect(FieldElement.zero.inverse == .zero)
        #expect(FieldElement.one.inverse == .one)
        for _ in 0..<50 {
            let x = FieldElement(reducing: SecureRandom.bytes(48))
            #expect(x * x.inverse == .one)
            // The chain equals Fermat a^(p−2) by the generic windowed pow.
            #expect(x.inverse == x.pow(Modulus.field.mMinus2))
            let s = Scalar.randomNonZero()
            #expect(s * s.inverse()! == .one)
            #expect(s.inverseVariableTime() == s.inverse())
        }
        let js = (0..<20).map { _ in Point.generator.multiply(by: .random()).jacobian }
        let affine = JacobianPoint.batchToAffine(js)
        for (j, a) in zip(js, affine) {
            let single = j.affine!
            #expect(single.x == a.x && single.y == a.y)
        }
    }

    @Test("GLV: λ·P = (β·x, y), k = k₁ + k₂·λ with |k₁|, |k₂| < 2^128")
    func glv() {
        let lambda = Scalar(mont: Modulus.order.toMont(GLV.lambda))
        #expect(lambda * lambda * lambda == .one)
        #expect(GLV.beta * GLV.beta * GLV.beta == .one)
        #expect(Point.generator.multiply(by: lambda) == Point(GLV.apply(Point.generator.jacobian)))
        let P = Point.generator.multiply(by: .random())
        #expect(P.multiplySecret(lambda) == Point(GLV.apply(P.jacobian)))
        for k in Self.edgeScalars + (0..<500).map({ _ in Scalar.random() }) + [lambda, -lambda] {
            let (a, na, b, nb) = GLV.split(k)
            #expect(a.l2 == 0 && a.l3 == 0 && b.l2 == 0 && b.l3 == 0)
            var k1 = Scalar(mont: Modulus.order.toMont(a)), k2 = Scalar(mont: Modulus.order.toMont(b))
            if na { k1 = -k1 }
            if nb { k2 = -k2 }
            #expect(k1 + k2 * lambda == k)
        }
    }

    @Test("ECDSA's x-coordinate check without inversion")
    func xCheck() {
        for _ in 0..<50 {
            let k = Scalar.randomNonZero()
            let R = Point.generator.multiply(by: k)
            let r = Scalar(reducing: R.affineCoordinates!.x)
            #expect(R.xCoordinateModOrderEquals(r))
            #expect(!R.xCoordinateModOrderEquals(r + .one))
        }
        #expect(!Point.identity.xCoordinateModOrderEquals(.zero))
        // The x = r + n branch (a real point with x ≥ n is too rare to find, so the check,
        // which only reads X and Z, gets a synthetic (X, Y, Z) with X/Z² = r + n).
        let z = FieldElement(reducing: SecureRandom.bytes(48))
        let r = Scalar(5)
        let (rn, _) = U256.add(r.value, Modulus.order.m)
        let fake = Point(JacobianPoint(x: FieldElement(value: rn) * z.squared, y: .one, z: z))
        #expect(fake.xCoordinateModOrderEquals(r))
        #expect(!fake.xCoordinateModOrderEquals(Scalar(6)))
        // r + n ≥ p: only x = r can match.
        let big = try! Scalar(bytes: U256.sub(Modulus.field.m, Modulus.order.m).0.bigEndianBytes)
        let (bn, _) = U256.add(big.value, Modulus.order.m)        // = p, i.e. x = 0 mod p
        let fake2 = Point(JacobianPoint(x: FieldElement(value: U256.sub(bn, Modulus.field.m).0) * z.squared, y: .one, z: z))
        #expect(!fake2.xCoordinateModOrderEquals(big))
    }
}
