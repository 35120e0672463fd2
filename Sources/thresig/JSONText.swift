/// Hand-written JSON for outputs whose field order is documented (Foundation's `JSONEncoder`
/// does not keep key order on Linux): `dkg simulate --json` and the `dkg` lock file.
enum JSONText {
    /// A JSON string literal (RFC 8259 §7): quote, backslash and control characters escaped.
    static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let digits = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - digits.count) + digits
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
