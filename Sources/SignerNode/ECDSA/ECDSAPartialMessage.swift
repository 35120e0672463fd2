import ThresholdECDSA

/// A signer's σ_i for a consumed presignature, on its way to the coordinator. Only produced
/// after the log committed the consumption (``ECDSAEvent/presignConsumed(sessionID:requestID:)``).
public struct ECDSAPartialMessage: Sendable, Hashable {
    /// The sign request.
    public let requestID: UInt64
    /// The key.
    public let keyID: KeyID
    /// The consumed presignature's session.
    public let sessionID: [UInt8]
    /// σ_i = k_i·m + r·χ_i with the signer's index and r.
    public let partial: PartialECDSASignature
}
