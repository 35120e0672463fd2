/// The client table (VRR §4.1): for each client, its latest committed request number and the
/// reply, so a retried request is executed once and answered with the same reply.
///
/// Following TigerBeetle's lesson on the paper's client table, it records *committed* requests
/// only (it is updated when an op is applied, never when it is prepared), so a request reordered
/// or dropped by a view change can never lock a client out. It is part of the replicated state:
/// every replica builds the same table and checkpoints carry it.
public struct ClientTable: Equatable, Sendable {
    /// One client's row.
    public struct Row: Equatable, Sendable {
        /// The highest request number applied for this client.
        public var requestNumber: UInt64
        /// The reply that request produced.
        public var reply: [UInt8]
    }

    /// Rows by client id.
    public private(set) var rows: [UInt64: Row] = [:]

    /// An empty table.
    public init() {}

    /// The row for `clientId`, if that client has had a request applied.
    public subscript(clientId: UInt64) -> Row? { rows[clientId] }

    /// Records that `requestNumber` of `clientId` was applied with `reply`.
    public mutating func record(clientId: UInt64, requestNumber: UInt64, reply: [UInt8]) {
        if let row = rows[clientId] {
            precondition(requestNumber > row.requestNumber, "client table: request numbers only grow")
        }
        rows[clientId] = Row(requestNumber: requestNumber, reply: reply)
    }
}
