/// Malicious behaviours for simulation (issue 4, item 4). A simulation hook only: the
/// public `Ceremony` initialiser always builds an honest member; `DKGSimulation`
/// applies a behaviour to the members it is told to corrupt. In every case the member is
/// honest except for what the case says, and an honest member is never disqualified as
/// long as at most `min(t − 1, n − t)` members misbehave.
public enum Behaviour: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Sends nothing at all, ever. → disqualified (`noDealing`).
    case silent
    /// Sends every other member a share failing Eq. (4), and answers the complaints (if
    /// at most `t − 1`) with shares failing too. → disqualified (`tooManyComplaints` or
    /// `invalidJustification`).
    case badShare = "bad-share"
    /// Sends bad shares to the `min(t − 1, n − 1)` lowest-indexed other members — more
    /// would draw more than `t − 1` complaints and disqualify it by count — then answers
    /// each complaint with the valid share. → stays in QUAL; the complainers use the
    /// published share. With `t = 1` it cannot cheat anyone without being disqualified,
    /// so it behaves honestly.
    case badShareJustified = "bad-share-justified"
    /// Broadcasts commitments to random polynomials that match nobody's shares (with a
    /// valid proof of knowledge of their opening), and justifies with its real shares,
    /// which fail. → disqualified.
    case badCommitment = "bad-commitment"
    /// Deals honestly, publishes random `A_ik` in phase 2. → stays in QUAL; its
    /// polynomial is reconstructed in public and the group key is unchanged.
    case badExtraction = "bad-extraction"
    /// Complains in phase 1 against every other dealer, and in phase 2 against every other
    /// QUAL dealer with a made-up share. → honest dealers justify; the phase-2 complaints
    /// fail Eq. (4) and are ignored; nothing changes.
    case falseComplaint = "false-complaint"

    public var description: String { rawValue }
}
