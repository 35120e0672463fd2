import Logging
import NIOCore
import NIOPosix

/// Where a peer listens and which certificate it must present.
public struct PeerAddress: Sendable, Equatable {
    public var host: String
    public var port: Int
    /// Lowercase hex SHA-256 of the peer's certificate DER (`NodeIdentity.fingerprint`).
    public var fingerprint: String

    public init(host: String, port: Int, fingerprint: String) {
        self.host = host
        self.port = port
        self.fingerprint = fingerprint.lowercased()
    }
}

/// Configuration of a `Transport`. The peer set is the cluster definition: only these
/// certificates are accepted, in either direction.
public struct TransportConfig: Sendable {
    public var identity: NodeIdentity
    public var nodeID: NodeID { identity.nodeID }
    public var listenHost: String
    /// 0 picks an ephemeral port (read it back from `Transport.listeningPort`).
    public var listenPort: Int
    /// Every other node of the cluster. An entry for the local node itself is ignored.
    public var peers: [NodeID: PeerAddress]
    /// Largest payload accepted or sent; a larger incoming length prefix closes the connection.
    public var maxFrameBytes: Int = 16 * 1024 * 1024
    /// Per-peer send queue bound, in frames…
    public var sendQueueLimit: Int = 1024
    /// …and in payload bytes (whichever is reached first).
    public var sendQueueByteLimit: Int = 64 * 1024 * 1024
    /// Frames buffered for the consumer of `inbound` before newer ones are dropped.
    public var inboundQueueLimit: Int = 16 * 1024
    /// …and payload bytes buffered for it.
    public var inboundQueueByteLimit: Int = 256 * 1024 * 1024
    public var backoff = BackoffPolicy()
    public var connectTimeout: Duration = .seconds(5)
    /// TLS handshake plus hello must complete within this time after TCP connect/accept.
    public var handshakeTimeout: Duration = .seconds(10)
    /// How long a closing connection waits for the peer's TLS close_notify (a peer that stopped
    /// reading would otherwise hold `stop()` for NIOSSL's default of 5 s).
    public var tlsShutdownTimeout: Duration = .seconds(1)
    /// Refuse peer certificates outside their validity window (with 5 minutes of skew).
    public var enforceCertificateValidity = true
    public var logger = Logger(label: "thresig.transport")
    /// Defaults to NIO's shared singleton group.
    public var eventLoopGroup: (any EventLoopGroup)?
    /// Tests only: claim another node id in the hello (to exercise the hello check).
    var helloNodeIDOverride: NodeID?

    public init(identity: NodeIdentity, listenHost: String = "127.0.0.1", listenPort: Int, peers: [NodeID: PeerAddress]) {
        self.identity = identity
        self.listenHost = listenHost
        self.listenPort = listenPort
        self.peers = peers
    }
}
