/// Big-endian writer for the session log's entries, replies and snapshots. Variable-length
/// fields are length-prefixed so that the encoding is injective (one byte string per value).
struct SessionWriter {
    private(set) var bytes: [UInt8] = []

    mutating func u8(_ v: UInt8) { bytes.append(v) }
    mutating func u16(_ v: UInt16) { bytes += [UInt8(v >> 8), UInt8(truncatingIfNeeded: v)] }
    mutating func u32(_ v: UInt32) { for s in stride(from: 24, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: v >> UInt32(s))) } }
    mutating func u64(_ v: UInt64) { for s in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: v >> UInt64(s))) } }
    mutating func bool(_ v: Bool) { bytes.append(v ? 1 : 0) }
    /// Exactly-sized bytes whose length the format fixes (keys, digests, signatures).
    mutating func fixed(_ b: [UInt8]) { bytes += b }
    /// `u32 length ‖ bytes`.
    mutating func blob(_ b: [UInt8]) { u32(UInt32(b.count)); bytes += b }
    /// `u16 length ‖ UTF-8`.
    mutating func string(_ s: String) { let u = Array(s.utf8); u16(UInt16(u.count)); bytes += u }
    mutating func optionalBlob(_ b: [UInt8]?) { bool(b != nil); if let b { blob(b) } }
}

/// Big-endian reader; every read checks the remaining length and throws typed errors.
struct SessionReader {
    private let bytes: [UInt8]
    private var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var remaining: Int { bytes.count - offset }

    mutating func take(_ n: Int, _ field: String) throws(SessionDecodingError) -> [UInt8] {
        guard n >= 0, remaining >= n else { throw .truncated(field: field) }
        defer { offset += n }
        return Array(bytes[offset..<offset + n])
    }
    mutating func u8(_ field: String) throws(SessionDecodingError) -> UInt8 { try take(1, field)[0] }
    mutating func u16(_ field: String) throws(SessionDecodingError) -> UInt16 {
        try take(2, field).reduce(0) { $0 << 8 | UInt16($1) }
    }
    mutating func u32(_ field: String) throws(SessionDecodingError) -> UInt32 {
        try take(4, field).reduce(0) { $0 << 8 | UInt32($1) }
    }
    mutating func u64(_ field: String) throws(SessionDecodingError) -> UInt64 {
        try take(8, field).reduce(0) { $0 << 8 | UInt64($1) }
    }
    mutating func bool(_ field: String) throws(SessionDecodingError) -> Bool {
        switch try u8(field) {
        case 0: return false
        case 1: return true
        default: throw .invalidField(field)  // canonical form: one encoding per value
        }
    }
    /// A length-prefixed blob of at most `limit` bytes (the limit keeps a forged length from
    /// making a reader allocate before it notices the truncation).
    mutating func blob(_ field: String, limit: Int) throws(SessionDecodingError) -> [UInt8] {
        let n = Int(try u32(field))
        guard n <= limit else { throw .invalidField(field) }
        return try take(n, field)
    }
    mutating func optionalBlob(_ field: String, limit: Int) throws(SessionDecodingError) -> [UInt8]? {
        try bool(field) ? blob(field, limit: limit) : nil
    }
    /// A UTF-8 string; refuses invalid UTF-8.
    mutating func string(_ field: String) throws(SessionDecodingError) -> String {
        let b = try take(Int(try u16(field)), field)
        guard let s = String(validating: b, as: UTF8.self) else { throw .invalidField(field) }
        return s
    }
    /// A count for a list whose elements take at least `minimumBytesEach` bytes: refuses
    /// counts the remaining input cannot hold.
    mutating func count(_ field: String, minimumBytesEach: Int) throws(SessionDecodingError) -> Int {
        let n = Int(try u32(field))
        guard n <= remaining / max(1, minimumBytesEach) else { throw .invalidField(field) }
        return n
    }
    func finish() throws(SessionDecodingError) {
        guard remaining == 0 else { throw .trailingBytes(remaining) }
    }
}
