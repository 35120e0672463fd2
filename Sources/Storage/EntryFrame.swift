/// The on-disk framing of one log entry (docs/storage.md, "Entry frame"):
///
///     offset size field
///          0    4 length   payload byte count (u32 LE)
///          4    4 magic    "TSLE"
///          8   16 checksum SHA-256[0..<16] over bytes 0..<8 ‖ 24..<56 ‖ payload
///         24   16 parent   checksum of the previous entry
///         40    8 op       u64 LE
///         48    8 view     u64 LE
///         56    …  payload
///
/// The checksum covers every header field except itself, and the payload; the parent
/// field makes the checksums a hash chain.
enum EntryFrame {
    static let headerSize = 56
    static let magic: [UInt8] = Array("TSLE".utf8)

    /// The checksum of an entry with these fields.
    static func checksum(op: UInt64, view: UInt64, parent: Checksum, payload: ArraySlice<UInt8>) -> Checksum {
        var covered = [UInt8]()
        covered.reserveCapacity(48)
        covered.appendLE(UInt32(truncatingIfNeeded: payload.count))
        covered.append(contentsOf: magic)
        covered.appendChecksum(parent)
        covered.appendLE(op)
        covered.appendLE(view)
        return Checksum.of(covered[...], payload)
    }

    /// Appends the frame of `entry` to `buffer`.
    static func encode(_ entry: LogEntry, into buffer: inout [UInt8]) {
        buffer.appendLE(UInt32(entry.payload.count))
        buffer.append(contentsOf: magic)
        buffer.appendChecksum(entry.checksum)
        buffer.appendChecksum(entry.parent)
        buffer.appendLE(entry.op)
        buffer.appendLE(entry.view)
        buffer.append(contentsOf: entry.payload)
    }

    enum Decoded {
        /// A frame whose checksum verifies; `length` is the whole frame's byte count.
        case valid(EntryHeader, length: Int)
        /// Not a valid frame at this offset; `reason` says why.
        case invalid(String)
    }

    /// Decodes and verifies the frame at `offset` of `bytes`.
    static func decode(_ bytes: [UInt8], at offset: Int, maxPayload: Int) -> Decoded {
        let available = bytes.count - offset
        guard available >= headerSize else {
            return .invalid("\(available) bytes left, fewer than a frame header (\(headerSize))")
        }
        guard bytes[offset + 4] == magic[0], bytes[offset + 5] == magic[1],
              bytes[offset + 6] == magic[2], bytes[offset + 7] == magic[3] else {
            return .invalid("bad frame magic")
        }
        let length = Int(bytes.loadLE(UInt32.self, at: offset))
        guard length <= maxPayload else { return .invalid("payload length \(length) exceeds the limit \(maxPayload)") }
        guard length <= available - headerSize else {
            return .invalid("payload length \(length) runs past the end of the segment")
        }
        let stored = Checksum(bytes: bytes, at: offset + 8)
        let computed = Checksum.of(bytes[offset..<(offset + 8)], bytes[(offset + 24)..<(offset + headerSize + length)])
        guard stored == computed else { return .invalid("checksum mismatch") }
        let header = EntryHeader(
            op: bytes.loadLE(UInt64.self, at: offset + 40),
            view: bytes.loadLE(UInt64.self, at: offset + 48),
            parent: Checksum(bytes: bytes, at: offset + 24),
            checksum: stored,
            payloadLength: length)
        return .valid(header, length: headerSize + length)
    }

    /// Whether the four magic bytes of a frame start at `offset + 4` (a cheap pre-filter
    /// for the scan that looks for valid data after a bad frame).
    @inline(__always)
    static func hasMagic(_ bytes: [UInt8], at offset: Int) -> Bool {
        bytes[offset + 4] == magic[0] && bytes[offset + 5] == magic[1]
            && bytes[offset + 6] == magic[2] && bytes[offset + 7] == magic[3]
    }
}
