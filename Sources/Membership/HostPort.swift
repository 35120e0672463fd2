/// A `host:port` endpoint: a member's log-transport or HTTP API address.
///
/// Host is a DNS name, an IPv4 literal or a bracketed IPv6 literal (`[::1]:7000`, RFC 3986 §3.2.2),
/// port 1…65535. Parsing is strict so that a typo in the cluster definition is caught at load
/// time rather than as a connection failure later.
public struct HostPort: Hashable, Sendable, CustomStringConvertible {
    /// Host name or address, without brackets.
    public let host: String
    /// TCP port, 1…65535.
    public let port: Int

    /// Validates a host and port.
    public init(host: String, port: Int) throws(ClusterDefinitionError) {
        guard (1...65535).contains(port) else { throw .invalidAddress("\(host):\(port)") }
        guard HostPort.isValidHost(host) else { throw .invalidAddress("\(host):\(port)") }
        self.host = host
        self.port = port
    }

    /// Parses `host:port` or `[v6]:port`.
    public init(parsing text: String) throws(ClusterDefinitionError) {
        let host: Substring
        let portText: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"),
                  text.index(after: close) < text.endIndex, text[text.index(after: close)] == ":"
            else { throw .invalidAddress(text) }
            host = text[text.index(after: text.startIndex)..<close]
            portText = text[text.index(close, offsetBy: 2)...]
        } else {
            guard let colon = text.lastIndex(of: ":") else { throw .invalidAddress(text) }
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
            if host.contains(":") { throw .invalidAddress(text) }  // IPv6 must be bracketed
        }
        // Digits only: Int("+80") would accept a sign.
        guard !portText.isEmpty, portText.count <= 5, portText.allSatisfy({ $0.isASCII && $0.isNumber }),
              let port = Int(portText)
        else { throw .invalidAddress(text) }
        do { try self.init(host: String(host), port: port) } catch { throw .invalidAddress(text) }
    }

    /// The canonical text form, `host:port` or `[v6]:port`.
    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    static func isValidHost(_ host: String) -> Bool {
        let bytes = Array(host.utf8)
        guard (1...253).contains(bytes.count) else { return false }
        if host.contains(":") {  // IPv6 literal: hex digits, colons, dots (embedded IPv4)
            return bytes.allSatisfy { c in
                (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66) || c == 0x3A || c == 0x2E
            }
        }
        return bytes.allSatisfy { c in
            (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x2E || c == 0x2D
        }
    }
}
