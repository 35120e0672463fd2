import Logging
import NIOCore
import NIOSSL

/// The last handler of every connection: sends our hello, checks the peer's hello against the
/// pinned certificate, then passes frames up (listener) or drives the send queue (dialer).
final class PeerChannelHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    enum Role {
        case dialer(expected: NodeID, peer: OutboundPeer, generation: Int)
        case listener
    }

    private let role: Role
    private let transport: Transport
    private let pin: PinState
    private var remote: NodeID?
    private var timeout: Scheduled<Void>?
    private var closeReason: String?

    init(role: Role, transport: Transport, pin: PinState) {
        self.role = role
        self.transport = transport
        self.pin = pin
    }

    func channelActive(context: ChannelHandlerContext) {
        // NIOSSL holds this write until the handshake has completed (and drops it if it fails).
        let hello = Hello(nodeID: transport.config.helloNodeIDOverride ?? transport.localNodeID).encode()
        context.writeAndFlush(
            Self.wrapOutboundOut(Framing.encode(hello, allocator: context.channel.allocator)), promise: nil)
        let channel = context.channel
        let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
        timeout = context.eventLoop.scheduleTask(in: transport.config.handshakeTimeout.timeAmount) {
            bound.value.handshakeTimedOut(channel)
        }
        context.fireChannelActive()
    }

    private func handshakeTimedOut(_ channel: any Channel) {
        guard remote == nil else { return }
        transport.bump { $0.handshakeTimeouts += 1 }
        transport.logger.warning("no hello within the handshake timeout; closing", metadata: peerMetadata)
        channel.close(promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = Self.unwrapInboundIn(data)
        if let remote {
            transport.deliver(from: remote, buffer)
            return
        }
        do {
            let hello = try Hello.decode(buffer)
            try check(hello)
            remote = hello.nodeID
            timeout?.cancel()
            timeout = nil
            switch role {
            case .dialer(_, let peer, let generation):
                peer.established(generation: generation, channel: context.channel)
            case .listener:
                transport.inboundEstablished(hello.nodeID, channel: context.channel)
            }
        } catch {
            transport.bump { $0.helloRejected += 1 }
            transport.logger.warning(
                "hello refused; closing", metadata: peerMetadata.merging(["error": "\(error)"]) { a, _ in a })
            context.close(promise: nil)
        }
    }

    private func check(_ hello: Hello) throws(TransportError) {
        guard let fingerprint = pin.fingerprint else {
            throw .helloMismatch(claimed: hello.nodeID.rawValue, expected: "(no verified certificate)")
        }
        switch role {
        case .dialer(let expected, _, _):
            guard hello.nodeID == expected else {
                throw .helloMismatch(claimed: hello.nodeID.rawValue, expected: expected.rawValue)
            }
        case .listener:
            guard transport.pinnedFingerprint(of: hello.nodeID) == fingerprint else {
                throw .helloMismatch(
                    claimed: hello.nodeID.rawValue, expected: "the node pinned to certificate \(fingerprint)")
            }
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        switch error {
        case TransportError.frameTooLarge(let length, let limit):
            transport.bump { $0.oversizedFrames += 1 }
            transport.logger.warning(
                "frame exceeds maxFrameBytes; closing connection",
                metadata: peerMetadata.merging(["length": "\(length)", "limit": "\(limit)"]) { a, _ in a })
        case NIOSSLError.uncleanShutdown:
            transport.logger.debug("peer closed without TLS close_notify", metadata: peerMetadata)
        default:
            transport.logger.info(
                "connection error; closing", metadata: peerMetadata.merging(["error": "\(error)"]) { a, _ in a })
        }
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        timeout?.cancel()
        timeout = nil
        switch role {
        case .dialer(_, let peer, let generation):
            peer.closed(generation: generation, wasEstablished: remote != nil)
        case .listener:
            transport.inboundClosed(context.channel, nodeID: remote)
        }
        context.fireChannelInactive()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if case .dialer(_, let peer, _) = role, context.channel.isWritable {
            peer.writable(context.channel)
        }
        context.fireChannelWritabilityChanged()
    }

    private var peerMetadata: Logger.Metadata {
        switch role {
        case .dialer(let expected, _, _): return ["peer": "\(expected)", "direction": "outbound"]
        case .listener: return ["peer": "\(remote.map { "\($0)" } ?? "unauthenticated")", "direction": "inbound"]
        }
    }
}
