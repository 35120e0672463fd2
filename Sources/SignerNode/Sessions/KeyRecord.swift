import Membership

/// A registered threshold key (DESIGN.md: "keys and their committees and epochs"). The spec
/// fields read through (`key.t`, `key.committee`, …).
@dynamicMemberLookup
public struct KeyRecord: Sendable, Hashable {
    /// Id, scheme, t, n, committee, label.
    public let spec: KeySpec
    /// The registered public output.
    public let output: RegisteredKeyOutput
    /// Log time at which the key was registered.
    public let registeredAtMillis: UInt64

    public subscript<T>(dynamicMember path: KeyPath<KeySpec, T>) -> T { spec[keyPath: path] }
}

/// A sign request the log committed and no result has yet closed.
public struct PendingSignRequest: Sendable, Hashable {
    /// The id the log gave the request.
    public let requestID: UInt64
    /// The key to sign with.
    public let keyID: KeyID
    /// The bytes to sign.
    public let message: [UInt8]
    /// SHA-256 of the request (idempotency comparison).
    public let requestDigest: [UInt8]
    /// The idempotency key, when the client sent one.
    public let idempotencyKey: String?
    /// Log time of the request; unanswered after the idempotency TTL, it is abandoned.
    public let createdAtMillis: UInt64
}
