/// The 64-byte header at the start of every WAL segment file (docs/storage.md):
///
///     offset size field
///          0    8 magic         "TSIGWAL\0"
///          8    4 version       u32 LE, currently 1
///         12    4 flags         u32 LE; bit 0 = base (this segment starts a new log;
///                               lower-numbered segments are stale)
///         16    8 segment       u64 LE, equal to the number in the file name
///         24    8 first op      u64 LE, op of the first entry in this segment
///         32   16 parent        checksum of entry `first op − 1` (zero for op 1)
///         48   16 checksum      SHA-256[0..<16] over bytes 0..<48
///
/// A segment header is written once, to a temporary file that is fsynced and renamed into
/// place, so a header is never torn: an invalid header is always corruption.
struct SegmentHeader: Equatable {
    static let size = 64
    static let magic: [UInt8] = Array("TSIGWAL".utf8) + [0]
    static let currentVersion: UInt32 = 1
    static let flagBase: UInt32 = 1

    var version: UInt32 = SegmentHeader.currentVersion
    var flags: UInt32
    var segment: UInt64
    var firstOp: UInt64
    var parent: Checksum

    var isBase: Bool { flags & Self.flagBase != 0 }

    func encode() -> [UInt8] {
        var b = [UInt8]()
        b.reserveCapacity(Self.size)
        b.append(contentsOf: Self.magic)
        b.appendLE(version)
        b.appendLE(flags)
        b.appendLE(segment)
        b.appendLE(firstOp)
        b.appendChecksum(parent)
        b.appendChecksum(Checksum.of(b[...]))
        return b
    }

    enum DecodeError: Error, Equatable {
        case invalid(String)
        case unsupportedVersion(UInt32)
    }

    static func decode(_ bytes: [UInt8]) -> Result<SegmentHeader, DecodeError> {
        guard bytes.count >= size else {
            return .failure(.invalid("file is \(bytes.count) bytes, shorter than a segment header"))
        }
        guard Array(bytes[0..<8]) == magic else { return .failure(.invalid("bad magic")) }
        guard Checksum(bytes: bytes, at: 48) == Checksum.of(bytes[0..<48]) else {
            return .failure(.invalid("header checksum mismatch"))
        }
        let version = bytes.loadLE(UInt32.self, at: 8)
        guard version == currentVersion else { return .failure(.unsupportedVersion(version)) }
        return .success(SegmentHeader(
            version: version,
            flags: bytes.loadLE(UInt32.self, at: 12),
            segment: bytes.loadLE(UInt64.self, at: 16),
            firstOp: bytes.loadLE(UInt64.self, at: 24),
            parent: Checksum(bytes: bytes, at: 32)))
    }
}
