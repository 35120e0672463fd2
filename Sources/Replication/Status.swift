/// A replica's status (VRR §4).
public enum Status: Equatable, Sendable {
    /// Processing requests in the current view (§4.1).
    case normal
    /// Moving to a new view (§4.2).
    case viewChange
    /// Lost its state and is recovering it from the others (§4.3); takes no part in quorums.
    case recovering
}
