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
    /// Set when a replacement disk is formatted for a replica that must recover (VRR §4.3), and
    /// cleared by the first `persistViewState` after recovery — which the replica emits only after
    /// the recovered journal is durable. While it is set the replica must not start normally: it
    /// has forgotten promises it made, so it may neither acknowledge Prepares nor vote in a view
    /// change. Without this mark, a crash during recovery would leave a disk that looks like a
    /// fresh member of view 0.
    public var isRecovering: Bool
    /// The configuration epoch (VRR §7); views count from 0 again in each epoch.
    public var epoch: UInt64
    /// The epoch's configuration, or nil for epoch 0's (`Configuration.initialMembers`).
    public var members: [Int]?
    /// The op of the reconfiguration that started the epoch (0 for epoch 0): ops up to it
    /// belong to earlier epochs.
    public var epochStartOp: UInt64

    /// Bundles the durable state.
    public init(view: UInt64, lastNormalView: UInt64, journal: Journal, isRecovering: Bool = false,
                epoch: UInt64 = 0, members: [Int]? = nil, epochStartOp: UInt64 = 0) {
        precondition(lastNormalView <= view, "durable state: last normal view is at most the view")
        self.view = view
        self.lastNormalView = lastNormalView
        self.journal = journal
        self.isRecovering = isRecovering
        self.epoch = epoch
        self.members = members
        self.epochStartOp = epochStartOp
    }

    /// The state of a replica formatted when the cluster is created (a member of view 0).
    public static func initial(emptySnapshot: [UInt8]) -> DurableState {
        DurableState(view: 0, lastNormalView: 0, journal: Journal(checkpoint: .root(emptySnapshot: emptySnapshot)))
    }

    /// The state of a replacement disk for a replica that lost its own: marked as recovering.
    public static func formattedForRecovery(emptySnapshot: [UInt8]) -> DurableState {
        DurableState(view: 0, lastNormalView: 0, journal: Journal(checkpoint: .root(emptySnapshot: emptySnapshot)),
                     isRecovering: true)
    }
}
