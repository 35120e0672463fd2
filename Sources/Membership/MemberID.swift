/// The name of a member in the cluster definition (`node-1`, `eu-west-a`, …).
///
/// The same rule as the transport's node id (1…64 characters from `[A-Za-z0-9._-]`), because the
/// id is also the TLS certificate's common name and the hello frame's sender; checked here again
/// so that this module stays on `Primitives` alone (DESIGN.md's layer table).
public struct MemberID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The id as written in the cluster definition.
    public let rawValue: String

    /// Validates and wraps an id.
    public init(_ rawValue: String) throws(ClusterDefinitionError) {
        guard MemberID.isValid(rawValue) else { throw .invalidMemberID(rawValue) }
        self.rawValue = rawValue
    }

    /// True when `s` is 1…64 bytes of `[A-Za-z0-9._-]`.
    public static func isValid(_ s: String) -> Bool {
        let bytes = Array(s.utf8)
        guard (1...64).contains(bytes.count) else { return false }
        return bytes.allSatisfy { c in
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "_"):
                return true
            default:
                return false
            }
        }
    }

    public var description: String { rawValue }
    public static func < (a: MemberID, b: MemberID) -> Bool { a.rawValue < b.rawValue }
}
