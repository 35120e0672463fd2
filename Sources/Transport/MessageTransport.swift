/// A frame received from a peer, already authenticated (the sender is the node whose pinned
/// certificate completed the TLS handshake and whose hello named it).
public struct InboundFrame: Sendable, Equatable {
    public let from: NodeID
    public let frame: [UInt8]

    public init(from: NodeID, frame: [UInt8]) {
        self.from = from
        self.frame = frame
    }
}

/// What `send` did with a frame. Sending never blocks and never waits for the network:
/// a frame is queued (delivery is best effort; VSR retransmits) or dropped at once.
public enum SendResult: Sendable, Equatable {
    case queued
    case dropped(DropReason)
    case unknownPeer

    public enum DropReason: Sendable, Equatable {
        /// The per-peer send queue is at its frame or byte limit.
        case queueFull
        /// The frame exceeds `maxFrameBytes`; the receiver would close the connection.
        case frameTooLarge
        /// The transport is not running (not started, or stopped).
        case notRunning
    }
}

/// The node-to-node messaging interface that the replica and the signer node sit on.
/// Implemented by the TLS `Transport` and by `InMemoryTransport` (tests of higher layers).
///
/// Delivery is best effort, FIFO per (sender, receiver) pair while a connection lasts;
/// frames can be lost at any reconnect. Frames are opaque bytes: the message codec is above.
public protocol MessageTransport: AnyObject, Sendable {
    var localNodeID: NodeID { get }
    /// Frames from peers. Single consumer; finishes when the transport stops. Bounded: when
    /// the consumer falls behind by `inboundQueueLimit` frames or `inboundQueueByteLimit`
    /// bytes, newer frames are dropped.
    var inbound: InboundFrames { get }
    func start() async throws
    func stop() async
    /// Non-blocking enqueue of one frame for `to`.
    func send(to: NodeID, frame: [UInt8]) -> SendResult
}

/// Counters for tests, logs and `/metrics`.
public struct TransportStats: Sendable, Equatable {
    public var framesQueued = 0
    public var framesSent = 0
    public var framesReceived = 0
    public var bytesSent = 0
    public var bytesReceived = 0
    /// `send` refused: queue at its limit.
    public var sendDroppedQueueFull = 0
    /// Inbound frames dropped because the consumer of `inbound` fell behind.
    public var inboundDropped = 0
    /// Outbound connections whose hello exchange completed.
    public var outboundEstablished = 0
    /// Inbound connections whose hello exchange completed.
    public var inboundEstablished = 0
    /// Outbound attempts that failed (TCP connect, TLS, hello) before being established.
    public var connectFailures = 0
    /// TLS handshakes where the peer's certificate was not pinned (either direction).
    public var certificateRejected = 0
    /// Hellos refused (malformed, or naming a node other than the certificate's).
    public var helloRejected = 0
    /// Connections closed because a frame exceeded `maxFrameBytes`.
    public var oversizedFrames = 0
    /// Connections closed for lack of a hello within `handshakeTimeout`.
    public var handshakeTimeouts = 0

    public init() {}
}
