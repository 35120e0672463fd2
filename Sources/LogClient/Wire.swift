/// Little-endian field writer: client-port payloads, and the host's other small encodings
/// (record-log operations, WAL payloads).
public struct LittleEndianWriter: Sendable {
    /// The bytes written so far.
    public var bytes: [UInt8] = []

    /// An empty writer.
    public init() {}

    /// Appends one byte.
    public mutating func u8(_ v: UInt8) { bytes.append(v) }
    /// Appends 2 bytes.
    public mutating func u16(_ v: UInt16) { for i in 0..<2 { bytes.append(UInt8(truncatingIfNeeded: v >> UInt16(8 * i))) } }
    /// Appends 4 bytes.
    public mutating func u32(_ v: UInt32) { for i in 0..<4 { bytes.append(UInt8(truncatingIfNeeded: v >> UInt32(8 * i))) } }
    /// Appends 8 bytes.
    public mutating func u64(_ v: UInt64) { for i in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: v >> UInt64(8 * i))) } }
    /// Appends a u32 length, then the bytes.
    public mutating func blob(_ b: [UInt8]) { u32(UInt32(b.count)); bytes.append(contentsOf: b) }
}

/// Little-endian field reader; reading past the end throws `ClientCodecError.truncated`.
public struct LittleEndianReader: Sendable {
    let bytes: ArraySlice<UInt8>
    var position: Int

    /// A reader over `bytes`.
    public init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        self.position = bytes.startIndex
    }

    /// Bytes not yet read.
    public var remaining: Int { bytes.endIndex - position }

    /// The next `n` bytes.
    public mutating func take(_ n: Int) throws(ClientCodecError) -> ArraySlice<UInt8> {
        guard n >= 0, remaining >= n else { throw .truncated }
        defer { position += n }
        return bytes[position..<(position + n)]
    }

    /// One byte.
    public mutating func u8() throws(ClientCodecError) -> UInt8 { try take(1).first! }
    /// 2 bytes.
    public mutating func u16() throws(ClientCodecError) -> UInt16 { UInt16(truncatingIfNeeded: try little(2)) }
    /// 4 bytes.
    public mutating func u32() throws(ClientCodecError) -> UInt32 { UInt32(truncatingIfNeeded: try little(4)) }
    /// 8 bytes.
    public mutating func u64() throws(ClientCodecError) -> UInt64 { try little(8) }
    /// A u32 length, then that many bytes.
    public mutating func blob() throws(ClientCodecError) -> [UInt8] { Array(try take(Int(try u32()))) }

    private mutating func little(_ n: Int) throws(ClientCodecError) -> UInt64 {
        try take(n).reversed().reduce(UInt64(0)) { ($0 << 8) | UInt64($1) }
    }
}
