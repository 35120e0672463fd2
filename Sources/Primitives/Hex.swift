/// Hexadecimal encoding used throughout Thresig (lower-case out; `0x` prefix optional in).
public enum Hex {
    /// Decodes hex (optionally `0x`-prefixed, either case). Refuses odd length and non-hex.
    public static func decode(_ string: String) throws(PrimitivesError) -> [UInt8] {
        var utf8 = Substring(string).utf8[...]
        if utf8.count >= 2, utf8.first == UInt8(ascii: "0"),
           utf8.dropFirst().first == UInt8(ascii: "x") || utf8.dropFirst().first == UInt8(ascii: "X") {
            utf8 = utf8.dropFirst(2)
        }
        guard utf8.count % 2 == 0 else { throw .invalidHex("odd number of hex digits") }
        var out = [UInt8]()
        out.reserveCapacity(utf8.count / 2)
        var high: UInt8? = nil
        for c in utf8 {
            guard let v = nibble(c) else { throw .invalidHex("non-hex character") }
            if let h = high { out.append(h << 4 | v); high = nil } else { high = v }
        }
        return out
    }

    /// Encodes bytes as lower-case hex without a prefix.
    public static func encode<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var chars = [UInt8]()
        chars.reserveCapacity(bytes.count * 2)
        for b in bytes { chars.append(digits[Int(b >> 4)]); chars.append(digits[Int(b & 0x0f)]) }
        return String(decoding: chars, as: UTF8.self)
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}

extension Array where Element == UInt8 {
    /// Decodes hex; see ``Hex/decode(_:)``.
    public init(hex: String) throws(PrimitivesError) { self = try Hex.decode(hex) }
    /// Lower-case hex without prefix.
    public var hexString: String { Hex.encode(self) }
}

extension ArraySlice where Element == UInt8 {
    /// Lower-case hex without prefix.
    public var hexString: String { Hex.encode(self) }
}
