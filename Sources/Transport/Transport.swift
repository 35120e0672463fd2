import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL
import Primitives
import X509

/// The node-to-node transport: length-prefixed frames over TCP with mutual TLS 1.3, where each
/// side accepts only the certificates pinned in the cluster definition (see docs/transport.md).
///
/// Connection model: **one outbound connection per direction**. A node sends only over the
/// connection it dialled to a peer and receives over the connections peers dialled to it, so
/// a pair of nodes holds two connections and there is nothing to de-duplicate. A newer inbound
/// connection from the same node replaces the older one (a restarted peer's stale connection is
/// closed at once instead of waiting for TCP to notice).
public final class Transport: MessageTransport, @unchecked Sendable {
    public let localNodeID: NodeID
    public let inbound: InboundFrames
    let config: TransportConfig
    let group: any EventLoopGroup
    let logger: Logger

    private let offer: InboundFrames.Offer
    private let lock = NIOLock()
    // Guarded by `lock`:
    private enum RunState { case initial, starting, running, stopped }
    private var runState = RunState.initial
    private var peers: [NodeID: PeerAddress]
    private var outbound: [NodeID: OutboundPeer] = [:]
    private var serverChannel: (any Channel)?
    private var inboundChannels: [ObjectIdentifier: any Channel] = [:]
    private var inboundByNode: [NodeID: any Channel] = [:]
    private var _stats = TransportStats()
    private var serverContext: NIOSSLContext?
    private var clientContext: NIOSSLContext?

    public init(config: TransportConfig) throws(TransportError) {
        guard config.maxFrameBytes > 0, config.maxFrameBytes <= Int(UInt32.max) else {
            throw .invalidConfiguration("maxFrameBytes must be in 1...\(UInt32.max)")
        }
        guard config.sendQueueLimit > 0, config.sendQueueByteLimit > 0, config.inboundQueueLimit > 0,
            config.inboundQueueByteLimit > 0
        else {
            throw .invalidConfiguration("queue limits must be positive")
        }
        guard config.backoff.initial > .zero, config.backoff.maximum >= config.backoff.initial,
            config.backoff.multiplier >= 1
        else {
            throw .invalidConfiguration("backoff: need 0 < initial <= maximum and multiplier >= 1")
        }
        self.config = config
        self.localNodeID = config.nodeID
        self.group = config.eventLoopGroup ?? MultiThreadedEventLoopGroup.singleton
        var logger = config.logger
        logger[metadataKey: "node"] = "\(config.nodeID)"
        self.logger = logger
        self.peers = config.peers.filter { $0.key != config.nodeID }
        (self.inbound, self.offer) = InboundFrames.make(
            frameLimit: config.inboundQueueLimit, byteLimit: config.inboundQueueByteLimit)
    }

    /// The bound port once started (useful with `listenPort: 0`).
    public var listeningPort: Int? {
        lock.withLock { serverChannel?.localAddress?.port }
    }

    public var stats: TransportStats { lock.withLock { _stats } }

    /// Frames waiting in the send queue for `nodeID` (0 for an unknown peer).
    public func queuedFrames(to nodeID: NodeID) -> Int {
        lock.withLock { outbound[nodeID] }?.queuedCount ?? 0
    }

    func bump(_ update: (inout TransportStats) -> Void) {
        lock.withLock { update(&_stats) }
    }

    // MARK: Lifecycle

    public func start() async throws {
        let fresh = lock.withLock { () -> Bool in
            guard runState == .initial else { return false }
            runState = .starting
            return true
        }
        guard fresh else { throw TransportError.alreadyStarted }
        do {
            let (server, client) = try makeTLSContexts()
            lock.withLock {
                serverContext = server
                clientContext = client
            }
            let channel = try await ServerBootstrap(group: group)
                .serverChannelOption(ChannelOptions.backlog, value: 256)
                .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
                .childChannelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
                .childChannelOption(ChannelOptions.socketOption(.so_keepalive), value: 1)
                .childChannelInitializer { [self] channel in
                    channel.eventLoop.makeCompletedFuture { try self.configureInbound(channel) }
                }
                .bind(host: config.listenHost, port: config.listenPort)
                .get()
            let stoppedMeanwhile = lock.withLock { () -> Bool in
                guard runState == .starting else { return true }
                runState = .running
                serverChannel = channel
                for (id, addr) in peers { outbound[id] = OutboundPeer(nodeID: id, address: addr, transport: self) }
                return false
            }
            if stoppedMeanwhile { try? await channel.close() }
            logger.info("transport listening", metadata: ["address": "\(channel.localAddress.map { "\($0)" } ?? "?")"])
        } catch {
            lock.withLock { if runState == .starting { runState = .initial } }
            logger.error("transport failed to start", metadata: ["error": "\(error)"])
            throw error
        }
    }

    /// Closes the listener and every connection, drops queued frames and finishes `inbound`.
    public func stop() async {
        let (server, peersToStop, channels) = lock.withLock {
            () -> ((any Channel)?, [OutboundPeer], [any Channel]) in
            runState = .stopped
            let s = serverChannel
            serverChannel = nil
            let p = Array(outbound.values)
            outbound.removeAll()
            let c = Array(inboundChannels.values)
            inboundChannels.removeAll()
            inboundByNode.removeAll()
            return (s, p, c)
        }
        var toClose = channels
        if let server { toClose.append(server) }
        for p in peersToStop { if let ch = p.stop() { toClose.append(ch) } }
        // Close all at once, then wait: each close may take up to `tlsShutdownTimeout`.
        for ch in toClose { ch.close(promise: nil) }
        for ch in toClose { try? await ch.closeFuture.get() }
        offer.finish()
        logger.info("transport stopped")
    }

    /// Replaces the peer set (a membership change). Removed peers are disconnected in both
    /// directions; a peer whose address or fingerprint changed gets a fresh outbound queue.
    public func updatePeers(_ newPeers: [NodeID: PeerAddress]) {
        let filtered = newPeers.filter { $0.key != localNodeID }
        var toClose: [any Channel] = []
        lock.withLock {
            for (id, old) in peers where filtered[id] != old {
                if let p = outbound.removeValue(forKey: id), let ch = p.stop() { toClose.append(ch) }
                if let ch = inboundByNode.removeValue(forKey: id) { toClose.append(ch) }
            }
            if runState == .running {
                for (id, addr) in filtered where outbound[id] == nil {
                    outbound[id] = OutboundPeer(nodeID: id, address: addr, transport: self)
                }
            }
            peers = filtered
        }
        for ch in toClose { ch.close(promise: nil) }
    }

    // MARK: Sending

    public func send(to nodeID: NodeID, frame: [UInt8]) -> SendResult {
        let peer: OutboundPeer? = lock.withLock {
            guard runState == .running else { return nil }
            return outbound[nodeID]
        }
        guard let peer else {
            let running = lock.withLock { runState == .running }
            if !running { return .dropped(.notRunning) }
            return .unknownPeer
        }
        if frame.count > config.maxFrameBytes { return .dropped(.frameTooLarge) }
        let result = peer.enqueue(frame)
        bump {
            switch result {
            case .queued: $0.framesQueued += 1
            case .dropped(.queueFull): $0.sendDroppedQueueFull += 1
            default: break
            }
        }
        return result
    }

    // MARK: Receiving (called by PeerChannelHandler on event loops)

    func deliver(from: NodeID, _ buffer: ByteBuffer) {
        // A node removed from the peer set by `updatePeers` is cut off even on a connection
        // that is still closing.
        guard lock.withLock({ peers[from] != nil }) else { return }
        let frame = Array(buffer.readableBytesView)
        switch offer(InboundFrame(from: from, frame: frame)) {
        case .enqueued:
            bump {
                $0.framesReceived += 1
                $0.bytesReceived += frame.count
            }
        case .dropped:
            bump { $0.inboundDropped += 1 }
        case .finished:
            break
        }
    }

    func pinnedFingerprint(of nodeID: NodeID) -> String? {
        lock.withLock { peers[nodeID]?.fingerprint }
    }

    func isPinned(fingerprint: String) -> Bool {
        lock.withLock { peers.values.contains { $0.fingerprint == fingerprint } }
    }

    func inboundEstablished(_ nodeID: NodeID, channel: any Channel) {
        let replaced: (any Channel)? = lock.withLock {
            _stats.inboundEstablished += 1
            let old = inboundByNode[nodeID]
            inboundByNode[nodeID] = channel
            return old.flatMap { $0 === channel ? nil : $0 }
        }
        logger.debug("inbound connection established", metadata: ["peer": "\(nodeID)"])
        if let replaced {
            logger.debug("closing older inbound connection", metadata: ["peer": "\(nodeID)"])
            replaced.close(promise: nil)
        }
    }

    func inboundClosed(_ channel: any Channel, nodeID: NodeID?) {
        lock.withLock {
            inboundChannels[ObjectIdentifier(channel)] = nil
            if let nodeID, let cur = inboundByNode[nodeID], cur === channel { inboundByNode[nodeID] = nil }
        }
    }

    // MARK: Pipelines

    private func configureInbound(_ channel: any Channel) throws {
        let context: NIOSSLContext? = lock.withLock {
            guard runState == .running || runState == .starting else { return nil }
            inboundChannels[ObjectIdentifier(channel)] = channel
            return serverContext
        }
        guard let context else { throw ChannelError.ioOnClosedChannel }
        let pin = PinState()
        let tls = NIOSSLServerHandler(context: context) { [self] certs, promise in
            promise.succeed(verifyPeer(certs, expectedFingerprint: nil, pin: pin))
        }
        try channel.pipeline.syncOperations.addHandler(tls)
        try channel.pipeline.syncOperations.addHandler(
            ByteToMessageHandler(FrameDecoder(maxFrameBytes: config.maxFrameBytes)))
        try channel.pipeline.syncOperations.addHandler(PeerChannelHandler(role: .listener, transport: self, pin: pin))
    }

    func configureOutbound(_ channel: any Channel, peer: OutboundPeer, generation: Int) throws {
        guard let context = lock.withLock({ clientContext }) else { throw ChannelError.ioOnClosedChannel }
        let pin = PinState()
        let expected = peer.address.fingerprint
        let tls = try NIOSSLClientHandler(context: context, serverHostname: nil) { [self] certs, promise in
            promise.succeed(verifyPeer(certs, expectedFingerprint: expected, pin: pin))
        }
        try channel.pipeline.syncOperations.addHandler(tls)
        try channel.pipeline.syncOperations.addHandler(
            ByteToMessageHandler(FrameDecoder(maxFrameBytes: config.maxFrameBytes)))
        try channel.pipeline.syncOperations.addHandler(
            PeerChannelHandler(
                role: .dialer(expected: peer.nodeID, peer: peer, generation: generation), transport: self, pin: pin))
    }

    /// The pinning check, run by NIOSSL in place of chain validation. TLS 1.3's CertificateVerify
    /// has already proven that the peer holds the leaf certificate's private key; here we accept
    /// the leaf only if its SHA-256 fingerprint is pinned (for an outbound connection: is the
    /// fingerprint of the node we dialled) and, optionally, it is within its validity window.
    private func verifyPeer(_ certs: [NIOSSLCertificate], expectedFingerprint: String?, pin: PinState)
        -> NIOSSLVerificationResult
    {
        guard let leaf = certs.first, let der = try? leaf.toDERBytes() else {
            bump { $0.certificateRejected += 1 }
            logger.warning("TLS peer presented no certificate")
            return .failed
        }
        let fp = NodeIdentity.fingerprint(ofDER: der)
        let pinned = expectedFingerprint.map { $0 == fp } ?? isPinned(fingerprint: fp)
        guard pinned else {
            bump { $0.certificateRejected += 1 }
            logger.warning(
                "TLS peer certificate is not pinned; refusing",
                metadata: ["fingerprint": "\(fp)", "expected": "\(expectedFingerprint ?? "any cluster member")"])
            return .failed
        }
        if config.enforceCertificateValidity {
            guard let cert = try? Certificate(derEncoded: der) else {
                bump { $0.certificateRejected += 1 }
                return .failed
            }
            let now = Date()
            let skew: TimeInterval = 300
            guard cert.notValidBefore.addingTimeInterval(-skew) <= now, now <= cert.notValidAfter.addingTimeInterval(skew)
            else {
                bump { $0.certificateRejected += 1 }
                logger.warning(
                    "TLS peer certificate outside its validity window; refusing",
                    metadata: ["fingerprint": "\(fp)", "notAfter": "\(cert.notValidAfter)"])
                return .failed
            }
        }
        pin.fingerprint = fp
        return .certificateVerified
    }

    private func makeTLSContexts() throws -> (server: NIOSSLContext, client: NIOSSLContext) {
        let cert = try NIOSSLCertificate(bytes: config.identity.certificateDER, format: .der)
        let key = try NIOSSLPrivateKey(bytes: Array(config.identity.privateKeyPEM.utf8), format: .pem)
        func harden(_ c: inout TLSConfiguration) {
            c.minimumTLSVersion = .tlsv13
            c.maximumTLSVersion = .tlsv13
            // Not `.none`: NIOSSL then skips the custom callback. Hostnames mean nothing here;
            // the custom verification callback (pinning) replaces chain validation entirely.
            c.certificateVerification = .noHostnameVerification
            c.trustRoots = .certificates([cert])
            c.shutdownTimeout = config.tlsShutdownTimeout.timeAmount
        }
        var server = TLSConfiguration.makeServerConfiguration(
            certificateChain: [.certificate(cert)], privateKey: .privateKey(key))
        harden(&server)
        var client = TLSConfiguration.makeClientConfiguration()
        client.certificateChain = [.certificate(cert)]
        client.privateKey = .privateKey(key)
        harden(&client)
        return (try NIOSSLContext(configuration: server), try NIOSSLContext(configuration: client))
    }
}

/// Per-connection result of the TLS pinning callback, read by the hello check. Confined to the
/// connection's event loop.
final class PinState {
    var fingerprint: String?
}

extension Duration {
    var timeAmount: TimeAmount {
        let c = components
        return .nanoseconds(c.seconds * 1_000_000_000 + c.attoseconds / 1_000_000_000)
    }
}
