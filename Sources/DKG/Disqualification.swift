/// Why a dealer was left out of QUAL (GJKR Fig. 2, step 2). Cases are stable.
public enum DisqualificationReason: Sendable, Hashable, CustomStringConvertible {
    /// No dealing was in the log when the dealing phase closed.
    case noDealing
    /// More than `t − 1` members complained (GJKR: "more than t complaints" for degree
    /// t). Answering them would publish `t` or more shares of the dealer's polynomial,
    /// hence its secret; and with at most `t − 1` corrupted members at least one honest
    /// member was cheated.
    case tooManyComplaints(count: Int)
    /// A complaint was not answered with the disputed share before the justification
    /// phase closed.
    case unansweredComplaint(complainer: Int)
    /// The published share of a complainer does not satisfy Eq. (4),
    /// `g^{s_ij} h^{s'_ij} = Π_k C_ik^{j^k}`.
    case invalidJustification(complainer: Int)
    /// Resharing only: the dealing's constant-term commitment `B_i0` is not the old
    /// holder's share public key `g^{x_i}`, so it does not reshare its share.
    case constantTermMismatch

    /// A stable machine-readable code.
    public var code: String {
        switch self {
        case .noDealing: "no-dealing"
        case .tooManyComplaints: "too-many-complaints"
        case .unansweredComplaint: "unanswered-complaint"
        case .invalidJustification: "invalid-justification"
        case .constantTermMismatch: "constant-term-mismatch"
        }
    }

    public var description: String {
        switch self {
        case .noDealing: "did not deal in phase 1"
        case let .tooManyComplaints(c): "received \(c) complaints in phase 1, more than t−1"
        case let .unansweredComplaint(j): "did not answer the complaint of member \(j)"
        case let .invalidJustification(j): "answered the complaint of member \(j) with a share that fails verification"
        case .constantTermMismatch: "reshared a value other than its own share (B_i0 ≠ g^{x_i})"
        }
    }
}

/// A disqualified member and the first reason found (complaints are examined in
/// increasing complainer order, so every honest member names the same reason).
public struct Disqualification: Sendable, Hashable {
    public let member: Int
    public let reason: DisqualificationReason
    public init(member: Int, reason: DisqualificationReason) { self.member = member; self.reason = reason }
}

/// Why a QUAL dealer's polynomial was reconstructed in public in phase 2 (GJKR Fig. 2,
/// step 4(c)). The dealer stays in QUAL and its secret still counts toward the key.
public enum ExtractionFault: Sendable, Hashable, CustomStringConvertible {
    /// It published no `A_ik` before the extraction phase closed.
    case missingExtraction
    /// Member `complainer` showed a share satisfying Eq. (4) but not Eq. (5).
    case invalidExtraction(complainer: Int)

    public var description: String {
        switch self {
        case .missingExtraction: "published no A_ik in phase 2"
        case let .invalidExtraction(j): "A_ik contradicted by the valid share of member \(j)"
        }
    }
}
