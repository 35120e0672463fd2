import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// The outbound side of one peer: a bounded queue of frames and the connection that drains it.
///
/// States: `idle` (no connection; the next `send` dials, lazily) → `connecting` (TCP, TLS,
/// hello) → `ready` (draining the queue) → on close or failure `backoff` (a jittered timer;
/// when it fires, dial again if frames are queued, otherwise go idle). Every dial gets a new
/// generation number so late callbacks from an old connection are ignored.
final class OutboundPeer: @unchecked Sendable {
    let nodeID: NodeID
    let address: PeerAddress
    private let transport: Transport

    private enum State {
        case idle
        case connecting(generation: Int, channel: (any Channel)?)
        case ready(generation: Int, channel: any Channel)
        case backoff(generation: Int, timer: Scheduled<Void>?)
        case stopped
    }

    private let lock = NIOLock()
    private var state = State.idle
    private var generation = 0
    private var queue = CircularBuffer<[UInt8]>()
    private var queuedBytes = 0
    private var consecutiveFailures = 0
    private var drainScheduled = false

    init(nodeID: NodeID, address: PeerAddress, transport: Transport) {
        self.nodeID = nodeID
        self.address = address
        self.transport = transport
    }

    var queuedCount: Int { lock.withLock { queue.count } }
    var queuedByteCount: Int { lock.withLock { queuedBytes } }

    private enum Action {
        case none
        case connect(generation: Int)
        case drain(any Channel)
    }

    func enqueue(_ frame: [UInt8]) -> SendResult {
        var action = Action.none
        let result: SendResult = lock.withLock {
            if case .stopped = state { return .dropped(.notRunning) }
            guard queue.count < transport.config.sendQueueLimit,
                queuedBytes + frame.count <= transport.config.sendQueueByteLimit
            else { return .dropped(.queueFull) }
            queue.append(frame)
            queuedBytes += frame.count
            switch state {
            case .idle:
                generation += 1
                state = .connecting(generation: generation, channel: nil)
                action = .connect(generation: generation)
            case .ready(_, let channel) where !drainScheduled:
                drainScheduled = true
                action = .drain(channel)
            default:
                break
            }
            return .queued
        }
        perform(action)
        return result
    }

    private func perform(_ action: Action) {
        switch action {
        case .none: break
        case .connect(let generation): connect(generation: generation)
        case .drain(let channel): channel.eventLoop.execute { self.drainOnLoop(channel) }
        }
    }

    private func connect(generation: Int) {
        let config = transport.config
        transport.logger.debug(
            "dialling peer", metadata: ["peer": "\(nodeID)", "address": "\(address.host):\(address.port)"])
        ClientBootstrap(group: transport.group)
            .connectTimeout(config.connectTimeout.timeAmount)
            .channelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .channelOption(ChannelOptions.socketOption(.so_keepalive), value: 1)
            .channelOption(
                ChannelOptions.writeBufferWaterMark,
                value: .init(low: 256 * 1024, high: 1024 * 1024)
            )
            .channelInitializer { [self] channel in
                channel.eventLoop.makeCompletedFuture {
                    try transport.configureOutbound(channel, peer: self, generation: generation)
                }
            }
            .connect(host: address.host, port: address.port)
            .whenComplete { [self] result in
                switch result {
                case .success(let channel):
                    let stale = lock.withLock { () -> Bool in
                        guard case .connecting(generation, _) = state else { return true }
                        state = .connecting(generation: generation, channel: channel)
                        return false
                    }
                    if stale { channel.close(promise: nil) }
                case .failure(let error):
                    transport.logger.debug(
                        "connect failed", metadata: ["peer": "\(nodeID)", "error": "\(error)"])
                    closed(generation: generation, wasEstablished: false)
                }
            }
    }

    /// The hello exchange completed on `channel`: start draining.
    func established(generation: Int, channel: any Channel) {
        let ok = lock.withLock { () -> Bool in
            guard case .connecting(generation, _) = state else { return false }
            state = .ready(generation: generation, channel: channel)
            consecutiveFailures = 0
            drainScheduled = true
            return true
        }
        guard ok else {
            channel.close(promise: nil)
            return
        }
        transport.bump { $0.outboundEstablished += 1 }
        transport.logger.debug("outbound connection established", metadata: ["peer": "\(nodeID)"])
        drainOnLoop(channel)
    }

    /// The connection of `generation` closed or failed: back off, then redial if frames wait.
    func closed(generation: Int, wasEstablished: Bool) {
        let delay: Duration? = lock.withLock {
            switch state {
            case .connecting(generation, _), .ready(generation, _):
                break
            default:
                return nil
            }
            if wasEstablished {
                consecutiveFailures = 0
            }
            let d = transport.config.backoff.delay(attempt: consecutiveFailures)
            if !wasEstablished { consecutiveFailures += 1 }
            state = .backoff(generation: generation, timer: nil)
            return d
        }
        guard let delay else { return }
        if !wasEstablished { transport.bump { $0.connectFailures += 1 } }
        let timer = transport.group.next().scheduleTask(in: delay.timeAmount) { [self] in
            backoffExpired(generation: generation)
        }
        lock.withLock {
            if case .backoff(generation, nil) = state { state = .backoff(generation: generation, timer: timer) }
        }
    }

    private func backoffExpired(generation: Int) {
        let action: Action = lock.withLock {
            guard case .backoff(generation, _) = state else { return .none }
            if queue.isEmpty {
                state = .idle
                return .none
            }
            self.generation += 1
            state = .connecting(generation: self.generation, channel: nil)
            return .connect(generation: self.generation)
        }
        perform(action)
    }

    /// The channel became writable again.
    func writable(_ channel: any Channel) {
        let go = lock.withLock { () -> Bool in
            guard case .ready(_, let cur) = state, cur === channel, !drainScheduled, !queue.isEmpty else {
                return false
            }
            drainScheduled = true
            return true
        }
        if go { drainOnLoop(channel) }
    }

    /// Moves queued frames into the channel while it is writable (NIO's write buffer stays
    /// under its high-water mark, so memory is bounded by the queue limits plus that mark).
    private func drainOnLoop(_ channel: any Channel) {
        channel.eventLoop.preconditionInEventLoop()
        var unflushed = 0
        var frames = 0
        var bytes = 0
        while true {
            guard channel.isWritable else {
                lock.withLock { drainScheduled = false }
                break
            }
            let next: [UInt8]? = lock.withLock {
                guard case .ready(_, let cur) = state, cur === channel, !queue.isEmpty else {
                    drainScheduled = false
                    return nil
                }
                let f = queue.removeFirst()
                queuedBytes -= f.count
                return f
            }
            guard let frame = next else { break }
            channel.write(Framing.encode(frame, allocator: channel.allocator), promise: nil)
            frames += 1
            bytes += frame.count
            unflushed += frame.count + Framing.headerBytes
            if unflushed >= 256 * 1024 {
                channel.flush()
                unflushed = 0
            }
        }
        channel.flush()
        if frames > 0 {
            transport.bump {
                $0.framesSent += frames
                $0.bytesSent += bytes
            }
        }
    }

    /// Stops for good; returns the channel to close, if any.
    func stop() -> (any Channel)? {
        lock.withLock {
            defer {
                state = .stopped
                queue.removeAll()
                queuedBytes = 0
            }
            switch state {
            case .connecting(_, let ch): return ch
            case .ready(_, let ch): return ch
            case .backoff(_, let timer):
                timer?.cancel()
                return nil
            case .idle, .stopped: return nil
            }
        }
    }
}
