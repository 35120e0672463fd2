import BigNum
import Paillier
import Secp256k1

/// Big-endian writer for CGGMP21 messages on the wire (the node's session log carries them).
/// Integers are `u16 length ‖ sign byte ‖ minimal magnitude` (``Signed/encode(_:)``), points
/// are 33-byte compressed SEC1, scalars 32 bytes: every value has exactly one encoding.
struct ECDSAWireWriter {
    private(set) var bytes: [UInt8] = []

    mutating func u8(_ v: UInt8) { bytes.append(v) }
    mutating func u16(_ v: Int) { bytes += [UInt8(truncatingIfNeeded: v >> 8), UInt8(truncatingIfNeeded: v)] }
    mutating func bool(_ v: Bool) { bytes.append(v ? 1 : 0) }
    mutating func fixed(_ b: [UInt8]) { bytes += b }
    mutating func int(_ x: BigInt) { let e = Signed.encode(x); u16(e.count); bytes += e }
    mutating func ints(_ xs: [BigInt]) { for x in xs { int(x) } }
    mutating func point(_ p: Point) { bytes += p.sec1(compressed: true) }
    mutating func scalar(_ s: Scalar) { bytes += s.bytes }
}

/// The matching reader: every read checks the remaining length; integers are refused above
/// ``maximumIntegerBytes`` (the largest honest value is a 6144-bit Paillier ciphertext mod N²,
/// plus range-proof slack) and when not minimal.
struct ECDSAWireReader {
    /// 1 sign byte + 6144-bit N² values + slack for the proofs' widest responses.
    static let maximumIntegerBytes = 1 + 1024
    private let bytes: [UInt8]
    private var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    mutating func take(_ n: Int, _ field: String) throws(ECDSAWireError) -> [UInt8] {
        guard n >= 0, bytes.count - offset >= n else { throw .truncated(field: field) }
        defer { offset += n }
        return Array(bytes[offset..<offset + n])
    }
    mutating func u8(_ field: String) throws(ECDSAWireError) -> UInt8 { try take(1, field)[0] }
    mutating func u16(_ field: String) throws(ECDSAWireError) -> Int {
        let b = try take(2, field)
        return Int(b[0]) << 8 | Int(b[1])
    }
    mutating func bool(_ field: String) throws(ECDSAWireError) -> Bool {
        switch try u8(field) {
        case 0: return false
        case 1: return true
        default: throw .invalidField(field)
        }
    }
    mutating func int(_ field: String) throws(ECDSAWireError) -> BigInt {
        let n = try u16(field)
        guard n >= 1, n <= Self.maximumIntegerBytes else { throw .invalidField(field) }
        let raw = try take(n, field)
        do { return try Signed.decode(raw) } catch { throw .invalidField(field) }
    }
    mutating func ints(_ count: Int, _ field: String) throws(ECDSAWireError) -> [BigInt] {
        var out: [BigInt] = []
        out.reserveCapacity(count)
        for _ in 0..<count { out.append(try int(field)) }
        return out
    }
    mutating func point(_ field: String) throws(ECDSAWireError) -> Point {
        let b = try take(33, field)
        do { return try Point(sec1: b) } catch { throw .invalidField(field) }
    }
    mutating func scalar(_ field: String) throws(ECDSAWireError) -> Scalar {
        let b = try take(32, field)
        do { return try Scalar(bytes: b) } catch { throw .invalidField(field) }
    }
    func finish() throws(ECDSAWireError) {
        guard offset == bytes.count else { throw .trailingBytes }
    }
}
