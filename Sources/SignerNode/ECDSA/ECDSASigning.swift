/// A sign request whose presignature the log consumed: the signer set, and the σ_i (with
/// their r, `r ‖ σ` 64 bytes) logged so far by committee index.
public struct ECDSASigning: Sendable, Hashable {
    /// The request.
    public let requestID: UInt64
    /// The consumed presignature's session.
    public let sessionID: [UInt8]
    /// Its signer set (committee indices, ascending).
    public let signers: [Int]
    /// `r ‖ σ_i` by signer.
    public internal(set) var partials: [Int: [UInt8]]
    /// Log time of the consumption: a signing still open ``ECDSAState/signingTimeoutMillis``
    /// later is given up (a signer down for good would otherwise hold its request until the
    /// idempotency TTL).
    public let consumedAtMillis: UInt64
}
