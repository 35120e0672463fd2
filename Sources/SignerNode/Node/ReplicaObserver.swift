import Replication

/// What a `ReplicaHost` tells the node running above the log, always on the host's loop.
///
/// The log host knows nothing of signing: it hands every batch of replica outputs (among them
/// `Output.committed`, one per op in op order) and every node frame (a peer's non-log message,
/// e.g. a partial signature for the coordinator) to these closures.
public struct ReplicaObserver<SM: StateMachine & Sendable>: Sendable {
    /// A batch of outputs the host just executed, where the replica stands after it, and a
    /// window on the replica's own state machine (valid during the call only: for resyncing a
    /// node that missed ops, e.g. after a state transfer replaced the state with a snapshot).
    public var outputs: @Sendable (_ outputs: [Output], _ progress: ReplicaProgress, _ stateMachine: () -> SM) -> Void
    /// A node frame from replica `from` (authenticated by the pinned TLS certificate).
    public var nodeFrame: @Sendable (_ from: Int, _ payload: [UInt8]) -> Void

    /// An observer with both callbacks.
    public init(outputs: @escaping @Sendable ([Output], ReplicaProgress, () -> SM) -> Void,
                nodeFrame: @escaping @Sendable (Int, [UInt8]) -> Void) {
        self.outputs = outputs
        self.nodeFrame = nodeFrame
    }
}

/// Where a replica stands: view, status, primary and how far it has committed.
public struct ReplicaProgress: Sendable, Equatable {
    /// Current view.
    public var view: UInt64
    /// Normal, view change or recovering.
    public var status: Status
    /// The primary of `view` (replica index).
    public var primaryIndex: Int
    /// Whether this replica is that primary.
    public var isPrimary: Bool
    /// Highest op applied here.
    public var commitNumber: UInt64
    /// Highest op in the journal.
    public var op: UInt64

    /// A progress report.
    public init(view: UInt64, status: Status, primaryIndex: Int, isPrimary: Bool, commitNumber: UInt64, op: UInt64) {
        self.view = view; self.status = status; self.primaryIndex = primaryIndex; self.isPrimary = isPrimary
        self.commitNumber = commitNumber; self.op = op
    }
}

/// The first byte of every transport frame between log hosts: which layer it is for.
/// The log's messages carry their own checksums; node frames are validated by the node.
enum PeerChannel: UInt8 {
    /// A VSR `Message`.
    case log = 0
    /// A node message (`NodeFrame`), not part of the log protocol.
    case node = 1
}
