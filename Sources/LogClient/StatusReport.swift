/// A replica's view of the cluster, answered on the client port to a `statusQuery`: what tests
/// and operators poll to see an election finish or a restarted replica catch up.
public struct StatusReport: Equatable, Sendable, CustomStringConvertible {
    /// The replica's status (VRR §4).
    public enum Status: UInt8, Sendable {
        case normal = 0
        case viewChange = 1
        case recovering = 2
    }

    /// The answering replica's index.
    public var index: UInt32
    /// Replicas in the cluster.
    public var replicaCount: UInt32
    /// The replica's current view.
    public var view: UInt64
    /// Normal, view change or recovering.
    public var status: Status
    /// The primary of `view`.
    public var primaryIndex: UInt32
    /// The op number (last op in the replica's log).
    public var op: UInt64
    /// The commit number (last op applied to the state machine).
    public var commitNumber: UInt64

    /// Bundles the fields.
    public init(index: UInt32, replicaCount: UInt32, view: UInt64, status: Status, primaryIndex: UInt32,
                op: UInt64, commitNumber: UInt64) {
        self.index = index
        self.replicaCount = replicaCount
        self.view = view
        self.status = status
        self.primaryIndex = primaryIndex
        self.op = op
        self.commitNumber = commitNumber
    }

    /// True when this replica is the normal primary of its view.
    public var isNormalPrimary: Bool { status == .normal && primaryIndex == index }

    /// One line, `key=value` pairs.
    public var description: String {
        "replica=\(index) view=\(view) status=\(status) primary=\(primaryIndex) op=\(op) commit=\(commitNumber)"
    }

    func encode(into w: inout LittleEndianWriter) {
        w.u32(index); w.u32(replicaCount); w.u64(view); w.u8(status.rawValue); w.u32(primaryIndex)
        w.u64(op); w.u64(commitNumber)
    }

    static func decode(from r: inout LittleEndianReader) throws(ClientCodecError) -> StatusReport {
        let index = try r.u32(), count = try r.u32(), view = try r.u64()
        guard let status = Status(rawValue: try r.u8()) else { throw .invalidField("status") }
        let primary = try r.u32(), op = try r.u64(), commit = try r.u64()
        guard count >= 1, index < count, primary < count else { throw .invalidField("replica index") }
        guard commit <= op else { throw .invalidField("commit number after op number") }
        return StatusReport(index: index, replicaCount: count, view: view, status: status, primaryIndex: primary,
                            op: op, commitNumber: commit)
    }
}
