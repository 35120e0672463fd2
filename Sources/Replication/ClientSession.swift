/// The client side of the protocol (VRR §4.1), sans I/O: one request outstanding at a time,
/// numbered in order, sent to the primary the client believes in and, after `retryTicks` without
/// a reply, resent with the *same* request number to every replica (the client table makes the
/// retry safe). Replies teach the client the current view.
public struct ClientSession: Sendable {
    /// Where to send a request.
    public enum Action: Equatable, Sendable {
        /// Send `request` to replica `to`.
        case send(Request, to: Int)
    }

    /// This client's id (`c`); must be unique in the cluster.
    public let clientId: UInt64
    /// Replicas in the cluster.
    public let replicaCount: Int
    /// Ticks without a reply before the request is resent to every replica.
    public let retryTicks: Int
    /// The number the next request will get (`s`).
    public private(set) var nextRequestNumber: UInt64 = 1
    /// The request awaiting its reply, if any.
    public private(set) var outstanding: Request?
    /// The highest view seen in a reply; its primary receives new requests.
    public private(set) var view: UInt64 = 0
    private var ticksSinceSent = 0

    /// A session for `clientId`.
    public init(clientId: UInt64, replicaCount: Int, retryTicks: Int) {
        precondition(replicaCount >= 1 && retryTicks >= 1)
        self.clientId = clientId
        self.replicaCount = replicaCount
        self.retryTicks = retryTicks
    }

    /// Starts a request for `body`; there must be none outstanding.
    public mutating func submit(_ body: [UInt8]) -> [Action] {
        precondition(outstanding == nil, "a client has at most one request outstanding (VRR §4.1)")
        let request = Request(clientId: clientId, requestNumber: nextRequestNumber, body: body)
        nextRequestNumber += 1
        outstanding = request
        ticksSinceSent = 0
        return [.send(request, to: Int(view % UInt64(replicaCount)))]
    }

    /// One clock tick: resend the outstanding request to everyone when it is overdue.
    public mutating func tick() -> [Action] {
        guard let request = outstanding else { return [] }
        ticksSinceSent += 1
        guard ticksSinceSent >= retryTicks else { return [] }
        ticksSinceSent = 0
        return (0..<replicaCount).map { .send(request, to: $0) }
    }

    /// A reply arrived: returns it if it answers the outstanding request (duplicates and
    /// answers to older requests return nil).
    public mutating func receive(_ reply: Reply) -> Reply? {
        guard reply.clientId == clientId else { return nil }
        view = max(view, reply.view)
        guard let request = outstanding, reply.requestNumber == request.requestNumber else { return nil }
        outstanding = nil
        return reply
    }
}
