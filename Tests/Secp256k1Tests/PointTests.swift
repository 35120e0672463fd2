import Foundation
import Primitives
@testable import Secp256k1
import Testing

@Suite("Point: arithmetic, SEC1, SubjectPublicKeyInfo")
struct PointTests {
    static let gx = "79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"
    static let gy = "483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8"
    static let pHex = "fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f"

    @Test("generator encodings")
    func generator() throws {
        let g = Point.generator
        #expect(g.sec1() == TestSupport.hex("02" + Self.gx))
        #expect(g.sec1(compressed: false) == TestSupport.hex("04" + Self.gx + Self.gy))
        #expect(try Point(sec1: g.sec1()) == g)
        #expect(try Point(sec1: g.sec1(compressed: false)) == g)
        // 2G (SEC 2 / well-known)
        #expect(g.doubled().sec1() == TestSupport.hex("02c6047f9441ed7d6d3045406e95c07cd85c778e4b8cef3ca7abac09b95c709ee5"))
        #expect(Point.identity.sec1() == [0])
        #expect(Point.identity.affineCoordinates == nil)
    }

    @Test("group identities")
    func identities() {
        let g = Point.generator
        #expect(Point.identity.isIdentity)
        #expect(!g.isIdentity)
        for _ in 0..<10 {
            let a = Scalar.random(), b = Scalar.random()
            let P = g.multiplySecret(a), Q = g.multiply(by: b)
            #expect((P + (-P)).isIdentity)
            #expect(P - P == .identity)
            #expect(P.doubled() == P + P)
            #expect(P + .identity == P)
            #expect(Point.identity + P == P)
            #expect(g.multiply(by: a + b) == P + Q)
            #expect(g.multiplySecret(a) == g.multiply(by: a))
            #expect(P.multiply(by: b) == Q.multiplySecret(a))       // abG both ways
            #expect(P.multiply(by: b) == g.multiply(by: a * b))
            #expect(P.negated() == g.multiply(by: -a))
            #expect(P + Q == Q + P)
            #expect(P.hashValue == (P + .identity).hashValue)
            #expect(Set([P, P + .identity, Q]).count == (P == Q ? 1 : 2))
        }
        #expect(g.multiply(by: .zero).isIdentity)
        #expect(g.multiplySecret(.zero).isIdentity)
        #expect(g.multiply(by: -Scalar.one) == -g)
        #expect(g.multiplySecret(-Scalar.one) + g == .identity)     // (n−1)G + G = nG = O
        #expect(Point.identity.multiply(by: Scalar(5)).isIdentity)
        #expect(Point.identity.multiplySecret(Scalar(5)).isIdentity)
    }

    @Test("multi-scalar multiplication equals the sum of products")
    func msm() {
        for count in [0, 1, 2, 3, 7] {
            var points = (0..<count).map { _ in Point.generator.multiply(by: .random()) }
            if count == 3 { points[1] = .generator }
            if count == 7 { points[4] = .identity }
            let scalars = (0..<count).map { i in i == 2 ? Scalar.zero : Scalar.random() }
            var expected = Point.identity
            for (p, s) in zip(points, scalars) { expected = expected + p.multiply(by: s) }
            #expect(Point.multiScalarMultiply(points, scalars) == expected)
        }
    }

    @Test("SEC1 round trip on random points, both parities")
    func roundTrip() throws {
        var parities = Set<UInt8>()
        for _ in 0..<20 {
            let p = Point.generator.multiply(by: .random())
            parities.insert(p.sec1()[0])
            #expect(try Point(sec1: p.sec1()) == p)
            #expect(try Point(sec1: p.sec1(compressed: false)) == p)
            #expect(try Point(subjectPublicKeyInfo: p.subjectPublicKeyInfo()) == p)
            #expect(try Point(subjectPublicKeyInfo: p.subjectPublicKeyInfo(compressed: true)) == p)
        }
        #expect(parities == [2, 3])
    }

    @Test("SEC1 refuses bad inputs with the right error")
    func badSEC1() throws {
        let g = Point.generator.sec1(compressed: false)
        let gc = Point.generator.sec1()
        #expect(throws: Secp256k1Error.identityPoint) { try Point(sec1: [0]) }
        #expect(throws: Secp256k1Error.invalidLength(expected: 33, actual: 0)) { try Point(sec1: []) }
        #expect(throws: Secp256k1Error.invalidLength(expected: 33, actual: 64)) { try Point(sec1: Array(g.dropFirst())) }
        #expect(throws: Secp256k1Error.invalidLength(expected: 33, actual: 32)) { try Point(sec1: Array(gc.dropFirst())) }
        #expect(throws: Secp256k1Error.invalidLength(expected: 33, actual: 66)) { try Point(sec1: g + [0]) }
        #expect(throws: Secp256k1Error.invalidPointPrefix) { try Point(sec1: [0x04] + gc.dropFirst()) }
        #expect(throws: Secp256k1Error.invalidPointPrefix) { try Point(sec1: [0x06] + g.dropFirst()) }   // hybrid
        #expect(throws: Secp256k1Error.invalidPointPrefix) { try Point(sec1: [0x07] + g.dropFirst()) }
        #expect(throws: Secp256k1Error.invalidPointPrefix) { try Point(sec1: [0x02] + g.dropFirst()) }
        #expect(throws: Secp256k1Error.invalidPointPrefix) { try Point(sec1: [0x00] + gc.dropFirst()) }
        // x ≥ p
        let p = TestSupport.hex(Self.pHex)
        #expect(throws: Secp256k1Error.coordinateOutOfRange) { try Point(sec1: [0x02] + p) }
        #expect(throws: Secp256k1Error.coordinateOutOfRange) { try Point(sec1: [0x03] + [UInt8](repeating: 0xff, count: 32)) }
        #expect(throws: Secp256k1Error.coordinateOutOfRange) { try Point(sec1: [0x04] + p + Array(g[33...])) }
        // y ≥ p: y + p is the same residue, still refused.
        let gyPlusP = Scalar.addBytes(Array(g[33...]), p)
        if let yp = gyPlusP {
            #expect(throws: Secp256k1Error.coordinateOutOfRange) { try Point(sec1: Array(g[0..<33]) + yp) }
        }
        // off curve
        var off = g; off[64] ^= 1
        #expect(throws: Secp256k1Error.pointNotOnCurve) { try Point(sec1: off) }
        #expect(throws: Secp256k1Error.pointNotOnCurve) { try Point(sec1: [0x04] + [UInt8](repeating: 0, count: 64)) }
        // x = 0: 0³ + 7 = 7 is not a square mod p (no point with x = 0)
        #expect(throws: Secp256k1Error.noSquareRoot) { try Point(sec1: [0x02] + [UInt8](repeating: 0, count: 32)) }
        // x = 5: 125 + 7 = 132; check whichever holds and that the error is right
        var found = false
        for x in UInt8(1)...UInt8(40) {
            let enc: [UInt8] = [0x02] + [UInt8](repeating: 0, count: 31) + [x]
            do { _ = try Point(sec1: enc) } catch { #expect(error == .noSquareRoot); found = true }
        }
        #expect(found)
    }

    @Test("SubjectPublicKeyInfo: curve and DER strictness")
    func spki() throws {
        let g = Point.generator
        let good = g.subjectPublicKeyInfo()
        #expect(good.hexString.hasPrefix("3056301006072a8648ce3d020106052b8104000a034200"))
        #expect(throws: Secp256k1Error.invalidDER("SubjectPublicKeyInfo: trailing data")) {
            try Point(subjectPublicKeyInfo: good + [0])
        }
        // P-256 OID
        let p256 = TestSupport.hex("3059301306072a8648ce3d020106082a8648ce3d03010703420004") + Array(g.sec1(compressed: false).dropFirst())
        #expect(throws: Secp256k1Error.unsupportedCurve) { try Point(subjectPublicKeyInfo: p256) }
        // long-form length for a short SEQUENCE
        var longForm: [UInt8] = [0x30, 0x81, 0x56]; longForm += good.dropFirst(2)
        #expect(throws: Secp256k1Error.self) { try Point(subjectPublicKeyInfo: longForm) }
        // unused bits in BIT STRING
        var unused = good; unused[22] = 1
        #expect(throws: Secp256k1Error.invalidDER("subjectPublicKey: unused bits")) { try Point(subjectPublicKeyInfo: unused) }
        // truncated
        #expect(throws: Secp256k1Error.self) { try Point(subjectPublicKeyInfo: Array(good.dropLast())) }
        #expect(throws: Secp256k1Error.self) { try Point(subjectPublicKeyInfo: []) }
    }
}

extension Scalar {
    /// a + b as 32 bytes, or nil when the sum overflows 256 bits (test helper).
    static func addBytes(_ a: [UInt8], _ b: [UInt8]) -> [UInt8]? {
        let (s, c) = U256.add(U256(bigEndian: a), U256(bigEndian: b))
        return c == 0 ? s.bigEndianBytes : nil
    }
}
