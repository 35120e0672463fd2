import NIOCore
import NIOPosix
import NIOSSL
import NIOTLS
import Testing

@testable import Transport

/// Peers that are not `Transport`s: hand-built NIOSSL clients and servers that break the rules.
@Suite struct RawPeerTests {
    /// Completes `result` once: handshake done (success, with the negotiated TLS version read at
    /// that moment — the server may close the connection right after, which removes the TLS
    /// handler) or the connection failed/closed first.
    final class HandshakeWatcher: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = ByteBuffer
        let result: EventLoopPromise<TLSVersion?>
        private var done = false
        init(_ p: EventLoopPromise<TLSVersion?>) { result = p }
        private func finish(_ r: Result<TLSVersion?, any Error>) {
            guard !done else { return }
            done = true
            result.completeWith(r)
        }
        func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
            if case .handshakeCompleted = event as? TLSUserEvent {
                let handler = try? context.pipeline.syncOperations.handler(type: NIOSSLClientHandler.self)
                finish(.success(handler?.tlsVersion))
            }
            context.fireUserInboundEventTriggered(event)
        }
        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            finish(.failure(error))
            context.close(promise: nil)
        }
        func channelInactive(context: ChannelHandlerContext) {
            finish(.failure(ChannelError.eof))
            context.fireChannelInactive()
        }
    }

    /// Dials `port` with a hand-configured TLS client presenting `identity` (or no certificate).
    static func rawClient(port: Int, identity: NodeIdentity?, configure: (inout TLSConfiguration) -> Void = { _ in })
        async throws -> (channel: any Channel, handshake: EventLoopFuture<TLSVersion?>)
    {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.certificateVerification = .none
        if let identity {
            tls.certificateChain = [.certificate(try NIOSSLCertificate(bytes: identity.certificateDER, format: .der))]
            tls.privateKey = .privateKey(try NIOSSLPrivateKey(bytes: Array(identity.privateKeyPEM.utf8), format: .pem))
        }
        configure(&tls)
        let context = try NIOSSLContext(configuration: tls)
        let group = MultiThreadedEventLoopGroup.singleton
        let loop = group.next()
        let promise = loop.makePromise(of: TLSVersion?.self)
        let channel = try await ClientBootstrap(group: loop)
            .channelInitializer { ch in
                ch.eventLoop.makeCompletedFuture {
                    try ch.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: context, serverHostname: nil))
                    try ch.pipeline.syncOperations.addHandler(HandshakeWatcher(promise))
                }
            }
            .connect(host: "127.0.0.1", port: port).get()
        return (channel, promise.futureResult)
    }

    @Test func tls13IsNegotiatedAndTLS12IsRefused() async throws {
        let nodes = try await startCluster(["a", "b"])
        let a = nodes["a"]!
        let b = nodes["b"]!.identity
        // Control: b's pinned certificate over TLS 1.3 completes the handshake, at TLS 1.3.
        let ok = try await Self.rawClient(port: a.port, identity: b)
        let version = try await ok.handshake.get()
        #expect(version == .tlsv13)
        try? await ok.channel.close()
        // The same certificate, but the client speaks at most TLS 1.2.
        let old = try await Self.rawClient(port: a.port, identity: b) { $0.maximumTLSVersion = .tlsv12 }
        await #expect(throws: (any Error).self) { try await old.handshake.get() }
        try? await old.channel.closeFuture.get()
        await stopAll(nodes)
    }

    @Test func clientWithoutCertificateIsRefused() async throws {
        let nodes = try await startCluster(["a"])
        let a = nodes["a"]!
        let raw = try await Self.rawClient(port: a.port, identity: nil)
        // TLS 1.3: the client may believe the handshake finished before the server's alert; a
        // hello sent anyway must not be accepted, and the server closes the connection.
        _ = try? await raw.handshake.get()
        let hello = Framing.encode(Hello(nodeID: "b").encode(), allocator: raw.channel.allocator)
        try? await raw.channel.writeAndFlush(hello)
        try? await raw.channel.closeFuture.get()
        #expect(a.transport.stats.inboundEstablished == 0)
        #expect(a.transport.stats.framesReceived == 0)
        await stopAll(nodes)
    }

    @Test func silentConnectionIsClosedAfterHandshakeTimeout() async throws {
        let nodes = try await startCluster(["a"]) { _, c in c.handshakeTimeout = .milliseconds(150) }
        let a = nodes["a"]!
        // Plain TCP that never says anything.
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: a.port).get()
        try await channel.closeFuture.get()  // the server hangs up
        #expect(a.transport.stats.handshakeTimeouts == 1)
        await stopAll(nodes)
    }

    /// Pretends to be `identity`'s node: completes TLS and the hello, then stops reading.
    final class StallingPeer: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer
        let nodeID: NodeID
        init(nodeID: NodeID) { self.nodeID = nodeID }
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            // First bytes (the dialer's hello): answer with ours, then never read again.
            let hello = Framing.encode(Hello(nodeID: nodeID).encode(), allocator: context.channel.allocator)
            context.writeAndFlush(Self.wrapOutboundOut(hello), promise: nil)
            _ = context.channel.setOption(ChannelOptions.autoRead, value: false)
        }
    }

    @Test func slowPeerFillsTheBoundedQueueInsteadOfMemory() async throws {
        let a = sharedIdentities["a"]!
        let b = sharedIdentities["b"]!
        var tls = TLSConfiguration.makeServerConfiguration(
            certificateChain: [.certificate(try NIOSSLCertificate(bytes: b.certificateDER, format: .der))],
            privateKey: .privateKey(try NIOSSLPrivateKey(bytes: Array(b.privateKeyPEM.utf8), format: .pem)))
        tls.certificateVerification = .none
        let context = try NIOSSLContext(configuration: tls)
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelOption(ChannelOptions.recvAllocator, value: FixedSizeRecvByteBufferAllocator(capacity: 4096))
            .childChannelInitializer { ch in
                ch.eventLoop.makeCompletedFuture {
                    try ch.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: context))
                    try ch.pipeline.syncOperations.addHandler(StallingPeer(nodeID: "b"))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()

        var config = makeConfig(a, peers: peerTable([(b, server.localAddress!.port!)]))
        config.sendQueueLimit = 16
        let t = try Transport(config: config)
        try await t.start()
        let frame = [UInt8](repeating: 0x5A, count: 256 * 1024)
        var attempted = 0
        var dropped = 0
        // Keep the queue topped up for a while; the drain runs concurrently on the event loop.
        for _ in 0..<100 {
            while true {
                attempted += 1
                if t.send(to: "b", frame: frame) != .queued {
                    dropped += 1
                    break
                }
            }
            try await Task.sleep(for: .milliseconds(2))
        }
        let stats = t.stats
        // At least one connection; under CPU load a handshake can time out and be
        // re-dialled, which does not change what this test is about (the bound).
        #expect(stats.outboundEstablished >= 1)
        #expect(dropped == 100)
        #expect(stats.sendDroppedQueueFull == 100)
        // What left the queue is bounded by the socket buffers plus NIO's high-water mark, not
        // by what was offered (attempted × 256 KiB).
        #expect(stats.bytesSent < 64 * 1024 * 1024, "sent \(stats.bytesSent) of \(attempted * frame.count) offered")
        #expect(attempted * frame.count > 2 * stats.bytesSent)
        #expect(t.queuedFrames(to: "b") == 16)
        await t.stop()
        try await server.close()
    }
}
