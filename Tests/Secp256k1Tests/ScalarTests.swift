import Foundation
import Primitives
@testable import Secp256k1
import Testing

@Suite("Scalar mod n")
struct ScalarTests {
    static let nHex = "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141"
    static let n = TestSupport.hex(nHex)

    /// n − k as 32 bytes.
    static func nMinus(_ k: UInt64) -> [UInt8] { (Scalar.zero - Scalar(k)).bytes }

    @Test("Montgomery constants are consistent")
    func constants() {
        for m in [Modulus.order, Modulus.field] {
            // inv·m ≡ −1 mod 2^64
            #expect(m.inv &* m.m.l0 == UInt64.max)
            #expect(m.fromMont(m.one) == U256(1, 0, 0, 0))
            #expect(m.toMont(U256(1, 0, 0, 0)) == m.one)
        }
        #expect(Scalar.orderBytes == Self.n)
        #expect(Scalar.halfOrder == U256.sub(Modulus.order.m, U256(1, 0, 0, 0)).0.shiftedRightOne)
    }

    @Test("canonical parsing refuses wrong lengths and values ≥ n")
    func parsing() throws {
        #expect(throws: Secp256k1Error.invalidLength(expected: 32, actual: 31)) { try Scalar(bytes: [UInt8](repeating: 1, count: 31)) }
        #expect(throws: Secp256k1Error.invalidLength(expected: 32, actual: 33)) { try Scalar(bytes: [UInt8](repeating: 1, count: 33)) }
        #expect(throws: Secp256k1Error.scalarOutOfRange) { try Scalar(bytes: Self.n) }
        #expect(throws: Secp256k1Error.scalarOutOfRange) { try Scalar(bytes: [UInt8](repeating: 0xff, count: 32)) }
        var nPlus1 = Self.n; nPlus1[31] += 1
        #expect(throws: Secp256k1Error.scalarOutOfRange) { try Scalar(bytes: nPlus1) }
        let nm1 = Self.nMinus(1)
        #expect(try Scalar(bytes: nm1).bytes == nm1)
        #expect(try Scalar(bytes: [UInt8](repeating: 0, count: 32)).isZero)
        #expect(try Scalar(integerBytes: [0, 0, 0, 5]) == Scalar(5))
        #expect(try Scalar(integerBytes: []) == .zero)
        #expect(throws: Secp256k1Error.scalarOutOfRange) { try Scalar(integerBytes: [1] + [UInt8](repeating: 0, count: 32)) }
    }

    @Test("wide reduction")
    func reduction() {
        #expect(Scalar(reducing: Self.n) == .zero)
        #expect(Scalar(reducing: Self.n + [] ) == .zero)
        var nPlus5 = Self.n; nPlus5[31] += 5
        #expect(Scalar(reducing: nPlus5) == Scalar(5))
        #expect(Scalar(reducing: []) == .zero)
        #expect(Scalar(reducing: [7]) == Scalar(7))
        // 2^256 mod n = 0x14551231950b75fc4402da1732fc9bebf
        #expect(Scalar(reducing: [1] + [UInt8](repeating: 0, count: 32)).bytes
                == TestSupport.hex("000000000000000000000000000000014551231950b75fc4402da1732fc9bebf"))
        // (a·2^256 + b) mod n for random a, b
        for _ in 0..<20 {
            let a = Scalar.random(), b = Scalar.random()
            let two256 = Scalar(reducing: [1] + [UInt8](repeating: 0, count: 32))
            #expect(Scalar(reducing: a.bytes + b.bytes) == a * two256 + b)
            #expect(Scalar(reducing: [0, 0] + a.bytes) == a)
        }
    }

    @Test("field and ring identities on random values")
    func arithmetic() throws {
        #expect(Scalar.one.bytes == [UInt8](repeating: 0, count: 31) + [1])
        #expect(Scalar(0).isZero)
        #expect(-Scalar.zero == .zero)
        #expect(Scalar.zero.inverse() == nil)
        #expect(throws: Secp256k1Error.zeroScalar) { try Scalar.zero.inverted() }
        #expect(try Scalar(bytes: Self.nMinus(1)) == -Scalar.one)
        #expect(Scalar(2).inverse()! * Scalar(2) == .one)
        #expect(Scalar(UInt64.max) + Scalar(1) == Scalar(reducing: [1, 0, 0, 0, 0, 0, 0, 0, 0]))
        for _ in 0..<50 {
            let a = Scalar.random(), b = Scalar.random(), c = Scalar.random()
            #expect(a + b == b + a)
            #expect(a * b == b * a)
            #expect((a + b) * c == a * c + b * c)
            #expect(a - b == a + (-b))
            #expect(a - a == .zero)
            #expect(a + (-a) == .zero)
            #expect((a * b) * c == a * (b * c))
            if !a.isZero { #expect(a * a.inverse()! == .one) }
            #expect(try Scalar(bytes: a.bytes) == a)
        }
        // Small known product: (n−1)·(n−1) = 1.
        #expect((-Scalar.one) * (-Scalar.one) == .one)
        #expect(Scalar(3) * Scalar(5) == Scalar(15))
        #expect(Scalar(3) - Scalar(5) == -Scalar(2))
    }

    @Test("isHigh boundary at (n−1)/2")
    func high() throws {
        let half = try Scalar(bytes: Scalar.halfOrder.bigEndianBytes)
        #expect(!half.isHigh)
        #expect((half + .one).isHigh)
        #expect(!Scalar.zero.isHigh)
        #expect(!Scalar.one.isHigh)
        #expect((-Scalar.one).isHigh)
        #expect(half + half + .one == .zero)
    }
}

extension U256 {
    var shiftedRightOne: U256 {
        U256((l0 >> 1) | (l1 << 63), (l1 >> 1) | (l2 << 63), (l2 >> 1) | (l3 << 63), l3 >> 1)
    }
}
