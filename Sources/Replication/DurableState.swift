/// What a replica keeps on disk and reads back on restart: the view state (TigerBeetle's
/// "superblock") and the journal. A replica whose disk was lost has none and must recover
/// (VRR §4.3) before it may take part in the protocol again.
public struct DurableState: Equatable, Sendable {
    /// The latest view the replica entered (persisted before acting in it).
    public var view: UInt64
    /// The latest view in which the replica's status was normal.
    public var lastNormalView: UInt64
    /// The checkpoint and the log after it.
    public var journal: Journal

    /// Bundles the durable state.
    public init(view: UInt64, lastNormalView: UInt64, journal: Journal) {
        precondition(lastNormalView <= view, "durable state: last normal view is at most the view")
        self.view = view
        self.lastNormalView = lastNormalView
        self.journal = journal
    }

    /// The state of a freshly formatted replica.
    public static func initial(emptySnapshot: [UInt8]) -> DurableState {
        DurableState(view: 0, lastNormalView: 0, journal: Journal(checkpoint: .root(emptySnapshot: emptySnapshot)))
    }
}
