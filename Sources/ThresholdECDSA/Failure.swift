/// Why a CGGMP21 protocol run stopped. Every refusal of another party's message names
/// that party (identifiable abort): the caller excludes it and, for the ceremony, records
/// the blame in the log.
public enum ECDSAProtocolError: Error, Equatable, Sendable {
    /// `party` sent something that failed a check; `reason` says which.
    case blame(party: Int, reason: String)
    /// A message is missing from `party` (it did not speak in time, or was not delivered).
    case missingMessage(party: Int)
    /// Bad local parameters (signer set, indices, keys): a caller error, nobody to blame.
    case invalidParameters(String)
    /// The presignature was already used for a signature: it is burnt, never reused
    /// (a second use of the same nonce k reveals the key).
    case presignatureAlreadyUsed
    /// The presignature was burnt by a failed combination and can never sign.
    case presignatureBurnt
    /// A round was called out of order.
    case wrongRound(String)
    /// The combined signature did not verify and the identification named nobody (cannot
    /// happen with the checks in place; reported rather than ever releasing a bad signature).
    case unattributedFailure(String)

    /// The blamed party, if any.
    public var blamedParty: Int? {
        switch self {
        case let .blame(p, _): p
        case let .missingMessage(p): p
        default: nil
        }
    }
}
