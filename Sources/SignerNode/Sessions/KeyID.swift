import Membership

/// The id of a threshold key: chosen by the node that accepts `POST /v1/keys`, unique in the
/// log, and the input of the committee's rendezvous hashing.
///
/// Same alphabet and length as a member id (1…64 of `[A-Za-z0-9._-]`): it appears in URLs
/// (`/v1/keys/{id}`) and vault file names, so nothing in it needs escaping.
public struct KeyID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The id's text.
    public let rawValue: String

    /// Validates and wraps a key id; nil when it is not 1…64 of `[A-Za-z0-9._-]`.
    public init?(_ rawValue: String) {
        guard MemberID.isValid(rawValue), rawValue != ".", rawValue != ".." else { return nil }
        self.rawValue = rawValue
    }

    /// The bytes rendezvous hashing and ceremony ids are derived from.
    public var bytes: [UInt8] { Array(rawValue.utf8) }
    public var description: String { rawValue }
    public static func < (a: KeyID, b: KeyID) -> Bool { a.rawValue < b.rawValue }
}
