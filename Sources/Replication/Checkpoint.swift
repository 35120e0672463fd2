/// A checkpoint (VRR §5.3): the state machine and client table as of op `op`, which lets the
/// log before `op` be truncated.
///
/// `state` is nil for a checkpoint that only *anchors* a log suffix (the op and the checksum of
/// its entry, so the suffix's hash chain can be checked) without shipping the snapshot, as in a
/// NewState reply to a replica that already holds that op.
public struct Checkpoint: Equatable, Sendable {
    /// The state shipped with a full checkpoint.
    public struct State: Equatable, Sendable {
        /// `StateMachine.snapshot()` after applying ops `1...op`.
        public var snapshot: [UInt8]
        /// The client table after applying ops `1...op`.
        public var clientTable: ClientTable

        /// Bundles a snapshot and a client table.
        public init(snapshot: [UInt8], clientTable: ClientTable) {
            self.snapshot = snapshot
            self.clientTable = clientTable
        }
    }

    /// The last op the checkpoint covers (the "op checkpoint").
    public let op: UInt64
    /// Checksum of the entry at `op` (`Checksum.root` when `op` is 0).
    public let checksum: Checksum
    /// The snapshot and client table, or nil for an anchor only.
    public let state: State?

    /// Builds a checkpoint.
    public init(op: UInt64, checksum: Checksum, state: State?) {
        self.op = op
        self.checksum = checksum
        self.state = state
    }

    /// The checkpoint before op 1: empty state machine, empty client table.
    public static func root(emptySnapshot: [UInt8]) -> Checkpoint {
        Checkpoint(op: 0, checksum: .root, state: State(snapshot: emptySnapshot, clientTable: ClientTable()))
    }

    /// The same checkpoint without its state: an anchor for a suffix.
    public var anchor: Checkpoint { Checkpoint(op: op, checksum: checksum, state: nil) }
}
