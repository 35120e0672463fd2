import LogClient
import NIOCore
import Replication

/// Splits a client connection's bytes into frames (`UInt32` big-endian length, then payload).
/// A length beyond `maxFrameBytes` is an error that closes the connection; the payload is never
/// buffered.
struct ClientFrameDecoder: ByteToMessageDecoder {
    typealias InboundOut = ByteBuffer
    let maxFrameBytes: Int

    /// A frame longer than the limit.
    struct FrameTooLarge: Error { let length: Int }

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let length = buffer.getInteger(at: buffer.readerIndex, endianness: .big, as: UInt32.self) else {
            return .needMoreData
        }
        guard Int(length) <= maxFrameBytes else { throw FrameTooLarge(length: Int(length)) }
        guard buffer.readableBytes >= 4 + Int(length) else { return .needMoreData }
        buffer.moveReaderIndex(forwardBy: 4)
        context.fireChannelRead(Self.wrapInboundOut(buffer.readSlice(length: Int(length))!))
        return .continue
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws
        -> DecodingState {
        while try decode(context: context, buffer: &buffer) == .continue {}
        return .needMoreData // A partial frame at EOF is dropped: the client went away mid-frame.
    }
}

/// One client connection: decodes `ClientMessage`s and hands them to the host (same loop).
/// A malformed frame closes the connection (typed decode error, logged at debug level).
final class ClientConnectionHandler<SM: StateMachine & Sendable>: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    let host: ReplicaHost<SM>

    init(host: ReplicaHost<SM>) { self.host = host }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = Self.unwrapInboundIn(data)
        do {
            host.onClientMessage(try ClientMessage.decode(Array(frame.readableBytesView)), channel: context.channel)
        } catch {
            context.close(promise: nil)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        host.clientDisconnected(context.channel)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
