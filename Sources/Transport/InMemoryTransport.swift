import NIOConcurrencyHelpers

/// An in-process network of `InMemoryTransport`s, for tests of the layers above the transport.
/// Delivery is immediate and FIFO per pair; links can be cut (one way or both) to model
/// partitions. For seeded drops, delays and reordering use the deterministic simulator instead.
public final class InMemoryNetwork: @unchecked Sendable {
    private let lock = NIOLock()
    private var nodes: [NodeID: InMemoryTransport] = [:]
    /// Every node id a transport was made for: the cluster definition of this network.
    private var members: Set<NodeID> = []
    private var cut: Set<Link> = []

    private struct Link: Hashable {
        let from: NodeID
        let to: NodeID
    }

    public init() {}

    /// A transport for `nodeID` that can reach every other transport of this network.
    public func makeTransport(
        nodeID: NodeID, inboundQueueLimit: Int = 16 * 1024, inboundQueueByteLimit: Int = 256 * 1024 * 1024,
        maxFrameBytes: Int = 16 * 1024 * 1024
    ) -> InMemoryTransport {
        lock.withLock { _ = members.insert(nodeID) }
        return InMemoryTransport(
            nodeID: nodeID, network: self, inboundQueueLimit: inboundQueueLimit,
            inboundQueueByteLimit: inboundQueueByteLimit, maxFrameBytes: maxFrameBytes)
    }

    /// Frames from `from` to `to` are lost until `heal`.
    public func cutLink(from: NodeID, to: NodeID) { lock.withLock { _ = cut.insert(Link(from: from, to: to)) } }

    /// Cuts both directions between the two groups.
    public func partition(_ a: [NodeID], _ b: [NodeID]) {
        lock.withLock {
            for x in a {
                for y in b {
                    cut.insert(Link(from: x, to: y))
                    cut.insert(Link(from: y, to: x))
                }
            }
        }
    }

    public func heal() { lock.withLock { cut.removeAll() } }

    func register(_ t: InMemoryTransport) { lock.withLock { nodes[t.localNodeID] = t } }

    func unregister(_ t: InMemoryTransport) {
        lock.withLock { if nodes[t.localNodeID] === t { nodes[t.localNodeID] = nil } }
    }

    func route(from: NodeID, to: NodeID) -> (known: Bool, target: InMemoryTransport?) {
        lock.withLock {
            guard members.contains(to) else { return (false, nil) }
            if cut.contains(Link(from: from, to: to)) { return (true, nil) }
            return (true, nodes[to])
        }
    }
}

/// `MessageTransport` over an `InMemoryNetwork`. The peers are the other node ids the network made
/// transports for (others: `.unknownPeer`); a frame to a peer that is not running, or over a cut
/// link, is silently lost (as on a real network).
public final class InMemoryTransport: MessageTransport, @unchecked Sendable {
    public let localNodeID: NodeID
    public let inbound: InboundFrames
    private let offer: InboundFrames.Offer
    private let network: InMemoryNetwork
    private let maxFrameBytes: Int
    private let lock = NIOLock()
    private var running = false
    private var stopped = false
    private var _stats = TransportStats()

    init(nodeID: NodeID, network: InMemoryNetwork, inboundQueueLimit: Int, inboundQueueByteLimit: Int, maxFrameBytes: Int) {
        self.localNodeID = nodeID
        self.network = network
        self.maxFrameBytes = maxFrameBytes
        (inbound, offer) = InboundFrames.make(frameLimit: inboundQueueLimit, byteLimit: inboundQueueByteLimit)
    }

    public var stats: TransportStats { lock.withLock { _stats } }

    public func start() async throws {
        let ok = lock.withLock { () -> Bool in
            guard !running, !stopped else { return false }
            running = true
            return true
        }
        guard ok else { throw TransportError.alreadyStarted }
        network.register(self)
    }

    public func stop() async {
        lock.withLock {
            running = false
            stopped = true
        }
        network.unregister(self)
        offer.finish()
    }

    public func send(to: NodeID, frame: [UInt8]) -> SendResult {
        guard lock.withLock({ running }) else { return .dropped(.notRunning) }
        guard to != localNodeID else { return .unknownPeer }
        guard frame.count <= maxFrameBytes else { return .dropped(.frameTooLarge) }
        let route = network.route(from: localNodeID, to: to)
        guard route.known else { return .unknownPeer }
        lock.withLock {
            _stats.framesQueued += 1
            _stats.framesSent += 1
            _stats.bytesSent += frame.count
        }
        route.target?.receive(InboundFrame(from: localNodeID, frame: frame))
        return .queued
    }

    func receive(_ f: InboundFrame) {
        switch offer(f) {
        case .enqueued:
            lock.withLock {
                _stats.framesReceived += 1
                _stats.bytesReceived += f.frame.count
            }
        case .dropped: lock.withLock { _stats.inboundDropped += 1 }
        case .finished: break
        }
    }
}
