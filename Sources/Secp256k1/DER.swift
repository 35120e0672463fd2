/// A strict DER (X.690 §10) reader for the few structures this module parses: definite
/// lengths only, in the minimal number of octets, no trailing data where the caller
/// says so. Every deviation is reported as ``Secp256k1Error/invalidDER(_:)``.
struct DERReader {
    let bytes: [UInt8]
    private(set) var position: Int
    let end: Int

    init(_ bytes: [UInt8]) { self.bytes = bytes; position = 0; end = bytes.count }
    private init(_ bytes: [UInt8], start: Int, end: Int) { self.bytes = bytes; position = start; self.end = end }

    var isAtEnd: Bool { position == end }

    /// The next tag without consuming it.
    var peekTag: UInt8? { position < end ? bytes[position] : nil }

    /// Reads one TLV whose tag must be `tag`; returns a reader over its contents.
    mutating func read(tag: UInt8, _ what: String) throws(Secp256k1Error) -> DERReader {
        guard position < end else { throw .invalidDER("\(what): missing") }
        guard bytes[position] == tag else { throw .invalidDER("\(what): unexpected tag 0x\(String(bytes[position], radix: 16))") }
        position += 1
        guard position < end else { throw .invalidDER("\(what): missing length") }
        let first = bytes[position]
        position += 1
        var length: Int
        if first < 0x80 {
            length = Int(first)
        } else if first == 0x80 {
            throw .invalidDER("\(what): indefinite length")
        } else {
            let count = Int(first & 0x7f)
            guard count <= 3 else { throw .invalidDER("\(what): length too long") }
            guard end - position >= count else { throw .invalidDER("\(what): truncated length") }
            guard bytes[position] != 0 else { throw .invalidDER("\(what): non-minimal length") }
            length = 0
            for i in 0..<count { length = (length << 8) | Int(bytes[position + i]) }
            position += count
            guard length >= 0x80 else { throw .invalidDER("\(what): long form for short length") }
        }
        guard end - position >= length else { throw .invalidDER("\(what): length exceeds data") }
        let inner = DERReader(bytes, start: position, end: position + length)
        position += length
        return inner
    }

    /// The remaining bytes of this reader (its contents) and moves to the end.
    mutating func rest() -> [UInt8] {
        defer { position = end }
        return Array(bytes[position..<end])
    }

    func expectEnd(_ what: String) throws(Secp256k1Error) {
        guard isAtEnd else { throw .invalidDER("\(what): trailing data") }
    }

    /// Reads an INTEGER that must be non-negative and minimally encoded; returns its
    /// magnitude without the sign octet.
    mutating func readUnsignedInteger(_ what: String) throws(Secp256k1Error) -> [UInt8] {
        var r = try read(tag: 0x02, what)
        let v = r.rest()
        guard !v.isEmpty else { throw .invalidDER("\(what): empty INTEGER") }
        guard v[0] & 0x80 == 0 else { throw .invalidDER("\(what): negative INTEGER") }
        if v.count > 1, v[0] == 0, v[1] & 0x80 == 0 { throw .invalidDER("\(what): non-minimal INTEGER") }
        return v[0] == 0 ? Array(v.dropFirst()) : v
    }
}

/// Minimal DER writer helpers.
enum DERWriter {
    static func tlv(_ tag: UInt8, _ content: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [tag]
        let n = content.count
        if n < 0x80 { out.append(UInt8(n)) }
        else if n < 0x100 { out += [0x81, UInt8(n)] }
        else { out += [0x82, UInt8(n >> 8), UInt8(n & 0xff)] }
        return out + content
    }

    /// A non-negative INTEGER from big-endian magnitude bytes.
    static func unsignedInteger(_ magnitude: [UInt8]) -> [UInt8] {
        var m = Array(magnitude.drop(while: { $0 == 0 }))
        if m.isEmpty { m = [0] }
        if m[0] & 0x80 != 0 { m.insert(0, at: 0) }
        return tlv(0x02, m)
    }
}
