/// The name of a node in the cluster definition (`node-1`, `eu-west-a`, …).
///
/// It appears as the certificate's subject common name and DNS subject alternative name,
/// and in the hello frame, so it is restricted to 1…64 characters from `[A-Za-z0-9._-]`.
public struct NodeID: Hashable, Comparable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    public let rawValue: String

    /// Validates and wraps a node id.
    public init(_ rawValue: String) throws(TransportError) {
        guard NodeID.isValid(rawValue) else { throw .invalidNodeID(rawValue) }
        self.rawValue = rawValue
    }

    /// For literals in code and tests; traps on an invalid id.
    public init(stringLiteral value: String) {
        precondition(NodeID.isValid(value), "invalid node id \(value)")
        self.rawValue = value
    }

    public static func isValid(_ s: String) -> Bool {
        let u = Array(s.utf8)
        guard (1...64).contains(u.count) else { return false }
        return u.allSatisfy { c in
            (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
                || c == 0x2E || c == 0x2D || c == 0x5F
        }
    }

    public var description: String { rawValue }

    public static func < (a: NodeID, b: NodeID) -> Bool { a.rawValue < b.rawValue }
}
