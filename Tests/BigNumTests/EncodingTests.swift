import Testing
import CGMP
@testable import BigNum

@Suite struct EncodingTests {
    @Test func bytesRoundTripRandom() throws {
        for len in [0, 1, 2, 7, 8, 9, 31, 32, 33, 64, 129] {
            let bytes = (0..<len).map { _ in UInt8.random(in: 0...255) }
            let x = BigInt(bytes: bytes)
            // Minimal encoding drops leading zeros only.
            let trimmed = Array(bytes.drop(while: { $0 == 0 }))
            #expect(x.bytes() == trimmed)
            #expect(try x.bytes(length: len) == bytes)
            #expect(BigInt(bytes: x.bytes()) == x)
            #expect(x.bitLength <= len * 8)
        }
    }

    @Test func bytesKnown() throws {
        #expect(BigInt(0).bytes() == [])
        #expect(BigInt(255).bytes() == [0xff])
        #expect(BigInt(256).bytes() == [0x01, 0x00])
        #expect(try BigInt(256).bytes(length: 4) == [0, 0, 1, 0])
        #expect(try BigInt(0).bytes(length: 0) == [])
        #expect(try BigInt(0).bytes(length: 3) == [0, 0, 0])
        #expect(BigInt(-256).bytes() == [0x01, 0x00])   // magnitude
        #expect(BigInt(bytes: [0, 0, 0x12, 0x34]) == 0x1234)
    }

    @Test func bytesLengthErrors() {
        #expect(throws: BigNumError.negativeValue) { try BigInt(-1).bytes(length: 4) }
        #expect(throws: BigNumError.doesNotFit(length: 1)) { try BigInt(256).bytes(length: 1) }
        #expect(throws: BigNumError.doesNotFit(length: 0)) { try BigInt(1).bytes(length: 0) }
        #expect(throws: BigNumError.doesNotFit(length: -1)) { try BigInt(0).bytes(length: -1) }
    }

    @Test func hexParsing() throws {
        #expect(BigInt(hex: "1f") == 31)
        #expect(BigInt(hex: "0x1F") == 31)
        #expect(BigInt(hex: "0X1f") == 31)
        #expect(BigInt(hex: "-0x1f") == -31)
        #expect(BigInt(hex: "-1f") == -31)
        #expect(BigInt(hex: "000") == 0)
        #expect(BigInt(hex: "-0") == 0)
        for bad in ["", "0x", "-", "-0x", "12g", " 12", "12 ", "+12", "0x-1", "1_0", "--1", "0xx1"] {
            #expect(BigInt(hex: bad) == nil, "accepted \(bad)")
            #expect(throws: BigNumError.invalidHex) { try BigInt(validatingHex: bad) }
        }
    }

    @Test func hexRoundTrip() throws {
        #expect(BigInt(0).hexString == "0")
        #expect(BigInt(-31).hexString == "-1f")
        #expect(BigInt(4096).hexString == "1000")
        for _ in 0..<50 {
            var x = BigInt.random(bits: Int.random(in: 1...600))
            if Bool.random() { x = -x }
            #expect(BigInt(hex: x.hexString) == x)
            #expect(try BigInt(validatingHex: "0x" + x.magnitude.hexString) == x.magnitude)
            #expect(BigInt(decimal: x.description) == x)
        }
    }

    @Test func decimal() throws {
        #expect((BigInt(1) << 100).description == "1267650600228229401496703205376")
        #expect(BigInt(-42).description == "-42")
        #expect(BigInt(0).description == "0")
        #expect(try BigInt(validatingDecimal: "-1267650600228229401496703205376") == -(BigInt(1) << 100))
        #expect(throws: BigNumError.invalidDecimal) { try BigInt(validatingDecimal: "12a") }
        #expect(BigInt(decimal: "") == nil)
    }

    @Test func literals() {
        let p: BigInt = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEFFFFFC2F
        #expect(p == BigInt(hex: "fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f"))
        #expect(p.bitLength == 256)
        let n: BigInt = -0x1_0000_0000_0000_0000_0000
        #expect(n == -(BigInt(1) << 80))
        let m: BigInt = -1
        #expect(m.sign == -1 && m == BigInt(-1))
        let big: BigInt = 0x8000_0000_0000_0000
        #expect(big == BigInt(1) << 63)
        #expect(BigInt(Int.min).description == "\(Int.min)")
        #expect(BigInt(UInt.max) == (BigInt(1) << 64) - 1)
    }

    @Test func properties() {
        #expect(BigInt(0).isZero && BigInt(0).sign == 0 && BigInt(0).bitLength == 0)
        #expect(BigInt(-3).isOdd && BigInt(7).isOdd && !BigInt(8).isOdd && !BigInt(0).isOdd)
        #expect(BigInt(-5).sign == -1 && BigInt(5).sign == 1)
        #expect(BigInt(255).bitLength == 8 && BigInt(256).bitWidth == 9 && BigInt(-256).bitLength == 9)
        #expect(BigInt(42).intValue == 42)
        #expect((BigInt(1) << 64).intValue == nil)
        #expect(BigInt(5).testBit(0) && !BigInt(5).testBit(1) && BigInt(5).testBit(2))
    }

    @Test func valueSemanticsAndHashing() {
        let a = BigInt(1) << 200
        var b = a
        b += 1
        #expect(a == BigInt(1) << 200)
        #expect(b == a + 1)
        var c = b
        c <<= 3
        #expect(b == a + 1 && c == (a + 1) * 8)
        let s: Set<BigInt> = [a, BigInt(hex: a.hexString)!, b, -a]
        #expect(s.count == 3)
        #expect(a.hashValue == (BigInt(1) << 200).hashValue)
        #expect(BigInt(-1) < 0 && BigInt(2) > 1 && [BigInt(3), -4, 0].sorted() == [-4, 0, 3])
    }

    @Test func zeroingAllocatorInstalledAndPreservesContent() throws {
        _ = BigInt(1)   // installs the allocator
        var alloc: (@convention(c) (Int) -> UnsafeMutableRawPointer?)? = nil
        var realloc: (@convention(c) (UnsafeMutableRawPointer?, Int, Int) -> UnsafeMutableRawPointer?)? = nil
        var free: (@convention(c) (UnsafeMutableRawPointer?, Int) -> Void)? = nil
        __gmp_get_memory_functions(&alloc, &realloc, &free)
        let a = try #require(alloc), r = try #require(realloc), f = try #require(free)
        let p = try #require(a(16))
        for i in 0..<16 { p.storeBytes(of: UInt8(i + 1), toByteOffset: i, as: UInt8.self) }
        let q = try #require(r(p, 16, 4096))
        for i in 0..<16 { #expect(q.load(fromByteOffset: i, as: UInt8.self) == UInt8(i + 1)) }
        f(q, 4096)
        // Large values force GMP through realloc repeatedly; results must stay exact.
        var x = BigInt(1)
        for _ in 0..<200 { x *= BigInt(1) << 97 }
        #expect(x == BigInt(1) << (97 * 200))
    }
}
