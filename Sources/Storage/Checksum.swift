import Primitives

/// A 128-bit checksum: the first 16 bytes of SHA-256 over the covered bytes.
///
/// 128 bits, as in TigerBeetle, so that the checksum also serves as an identity: a log
/// entry's checksum names it across the cluster, and hash-chaining each entry to its
/// parent's checksum makes a reordered, dropped or substituted entry detectable. SHA-256
/// (OpenSSL, SHA-NI where present) rather than a CRC because a CRC does not resist a
/// deliberate substitution; at 100-byte entries the hash is a small part of an append
/// (see `WALBenchmark`).
public struct Checksum: Hashable, Sendable, CustomStringConvertible {
    /// Bytes 0..<8 of the digest, little-endian.
    public let low: UInt64
    /// Bytes 8..<16 of the digest, little-endian.
    public let high: UInt64

    /// Byte length on disk.
    public static let byteCount = 16

    /// The all-zero checksum: the parent of the first entry of a log that starts from
    /// nothing (op 1), and the "no parent" marker.
    public static let zero = Checksum(low: 0, high: 0)

    public init(low: UInt64, high: UInt64) {
        self.low = low
        self.high = high
    }

    /// Decodes the 16 bytes of `bytes` (disk and wire order, as produced by `bytes`);
    /// nil unless there are exactly 16.
    public init?(_ bytes: [UInt8]) {
        guard bytes.count == Self.byteCount else { return nil }
        self.init(bytes: bytes, at: 0)
    }

    /// Reads 16 bytes at `offset` of `bytes`.
    init<C: Collection>(bytes: C, at offset: Int) where C.Element == UInt8, C.Index == Int {
        low = bytes.loadLE(UInt64.self, at: offset)
        high = bytes.loadLE(UInt64.self, at: offset + 8)
    }

    /// The checksum of the concatenation of `parts`.
    static func of(_ parts: ArraySlice<UInt8>...) -> Checksum {
        var h = SHA256()
        for p in parts { h.update(p) }
        let d = h.finalize()
        return Checksum(bytes: d, at: 0)
    }

    /// The 16 bytes, as stored on disk.
    public var bytes: [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(16)
        out.appendLE(low)
        out.appendLE(high)
        return out
    }

    /// Lower-case hex of the 16 bytes in disk order.
    public var description: String {
        bytes.map { b in
            let s = String(b, radix: 16)
            return b < 16 ? "0" + s : s
        }.joined()
    }
}

extension Array where Element == UInt8 {
    mutating func appendChecksum(_ c: Checksum) {
        appendLE(c.low)
        appendLE(c.high)
    }

    mutating func storeChecksum(_ c: Checksum, at offset: Int) {
        storeLE(c.low, at: offset)
        storeLE(c.high, at: offset + 8)
    }
}
