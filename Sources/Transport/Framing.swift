import NIOCore

/// Errors of the transport. Each closes at most the one connection it concerns.
public enum TransportError: Error, Sendable, Equatable {
    /// A frame's length prefix exceeds the receiver's `maxFrameBytes`.
    case frameTooLarge(length: Int, limit: Int)
    /// The first frame on a connection was not a well-formed hello.
    case malformedHello(String)
    /// The hello names a node whose pinned fingerprint is not the certificate the peer presented,
    /// or (outbound) not the node that was dialled.
    case helloMismatch(claimed: String, expected: String)
    /// No hello within `handshakeTimeout` of the connection opening.
    case handshakeTimeout
    case invalidNodeID(String)
    case invalidIdentity(String)
    case invalidConfiguration(String)
    case alreadyStarted
    case bindFailed(String)
}

/// Frame format on the wire (inside TLS): `UInt32` big-endian payload length, then the payload.
enum Framing {
    static let headerBytes = 4

    static func encode(_ payload: [UInt8], allocator: ByteBufferAllocator) -> ByteBuffer {
        var buf = allocator.buffer(capacity: headerBytes + payload.count)
        buf.writeInteger(UInt32(payload.count), endianness: .big)
        buf.writeBytes(payload)
        return buf
    }
}

/// Splits the byte stream into frames; a length beyond `maxFrameBytes` is a typed error (the
/// connection is then closed by `PeerChannelHandler`) — the payload is never buffered.
struct FrameDecoder: ByteToMessageDecoder {
    typealias InboundOut = ByteBuffer
    let maxFrameBytes: Int

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let length = buffer.getInteger(at: buffer.readerIndex, endianness: .big, as: UInt32.self) else {
            return .needMoreData
        }
        let n = Int(length)
        if n > maxFrameBytes { throw TransportError.frameTooLarge(length: n, limit: maxFrameBytes) }
        guard buffer.readableBytes >= Framing.headerBytes + n else { return .needMoreData }
        buffer.moveReaderIndex(forwardBy: Framing.headerBytes)
        let frame = buffer.readSlice(length: n)!
        context.fireChannelRead(Self.wrapInboundOut(frame))
        return .continue
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws
        -> DecodingState
    {
        // A partial frame at EOF is discarded: the peer went away mid-frame.
        while try decode(context: context, buffer: &buffer) == .continue {}
        return .needMoreData
    }
}

/// The first frame each side sends after the TLS handshake:
/// `"THSG"` magic, version byte (1), node-id length byte, node id (ASCII).
struct Hello: Equatable {
    static let magic: [UInt8] = Array("THSG".utf8)
    static let version: UInt8 = 1
    let nodeID: NodeID

    func encode() -> [UInt8] {
        let id = Array(nodeID.rawValue.utf8)
        return Hello.magic + [Hello.version, UInt8(id.count)] + id
    }

    static func decode(_ bytes: ByteBuffer) throws(TransportError) -> Hello {
        let b = Array(bytes.readableBytesView)
        guard b.count >= 6, Array(b[0..<4]) == magic else { throw .malformedHello("bad magic") }
        guard b[4] == version else { throw .malformedHello("unsupported version \(b[4])") }
        let n = Int(b[5])
        guard b.count == 6 + n, let s = String(validating: b[6...], as: UTF8.self) else {
            throw .malformedHello("bad node id length")
        }
        guard NodeID.isValid(s) else { throw .malformedHello("invalid node id") }
        return Hello(nodeID: NodeID(stringLiteral: s))
    }
}
