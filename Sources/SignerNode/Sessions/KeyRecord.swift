import Membership

/// A registered threshold key (DESIGN.md: "keys and their committees and epochs").
public struct KeyRecord: Sendable, Hashable {
    public let keyID: KeyID
    public let scheme: Scheme
    public let t: Int
    public let n: Int
    public let committee: [MemberID]
    public let label: String
    public let output: RegisteredKeyOutput
    /// Log time at which the key was registered.
    public let registeredAtMillis: UInt64
}

/// A sign request the log committed and no result has yet closed.
public struct PendingSignRequest: Sendable, Hashable {
    public let requestID: UInt64
    public let keyID: KeyID
    public let message: [UInt8]
    public let requestDigest: [UInt8]
    /// The idempotency key, when the client sent one.
    public let idempotencyKey: String?
}
