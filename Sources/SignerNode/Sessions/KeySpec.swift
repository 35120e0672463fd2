import Membership

/// What defines a threshold key before and after its ceremony: id, scheme, threshold, committee
/// (in share-index order) and label. A ``CeremonyRecord`` creates it; the ``KeyRecord`` keeps it.
public struct KeySpec: Sendable, Hashable {
    /// The key id.
    public let keyID: KeyID
    /// Signature scheme.
    public let scheme: Scheme
    /// Shares needed to sign.
    public let t: Int
    /// Committee size.
    public let n: Int
    /// Members in committee order: `committee[i]` holds share index `i + 1`.
    public let committee: [MemberID]
    /// Operator's label.
    public let label: String

    /// The committee index (1…n) of `member`, if it is on the committee.
    public func index(of member: MemberID) -> Int? {
        committee.firstIndex(of: member).map { $0 + 1 }
    }
}
