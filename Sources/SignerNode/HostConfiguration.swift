import Logging
import Replication

/// How a `ReplicaHost` runs one replica.
public struct HostConfiguration: Sendable {
    /// This replica's index in the cluster definition.
    public var index: Int
    /// The replica's protocol parameters; every timeout in it counts ticks of `tickPeriod`.
    public var replica: Replication.Configuration
    /// The period of `Input.tick`. With the defaults (normal timeout 40 + up to 40 ticks of
    /// jitter), 5 ms ticks make a backup suspect a silent primary after 200–400 ms.
    public var tickPeriod: Duration = .milliseconds(5)
    /// False only for benchmarks of the CPU path (`--fsync off`): not crash safe.
    public var fsync = true
    /// Address the client port binds (loopback by default: the client protocol is not encrypted).
    public var clientListenHost = "127.0.0.1"
    /// Most client requests the primary holds at once; more are answered `busy` (bounded memory).
    public var maxOutstandingRequests = 4096
    /// Run the transport's connections on the host's own event loop too (one I/O thread per
    /// process) instead of NIO's shared group.
    public var sharedEventLoop = false
    /// Admission of client requests: given the client id, request number and the body as
    /// received, the body to propose, or nil to refuse it (the connection is closed and the
    /// refusal logged). nil admits everything (the standalone log, `thresig-replica`); a signer
    /// node admits only requests a cluster member sealed (``ClientRequestSeal``).
    public var admitClientRequest: (@Sendable (_ clientId: UInt64, _ requestNumber: UInt64, _ body: [UInt8]) -> [UInt8]?)?
    /// Where the host logs (structured; nothing secret is ever logged).
    public var logger: Logger

    /// A configuration for replica `index` of `replica.replicaCount`, tuned for throughput:
    /// deeper pipelining and larger batches than the simulator's defaults, checkpoints every
    /// 4096 ops so that snapshot writes (synchronous, several fsyncs) stay rare, and eager
    /// Commits (`Configuration.commitEagerly`).
    public init(index: Int, replicaCount: Int, logger: Logger) {
        self.index = index
        var replica = Replication.Configuration(replicaCount: replicaCount)
        replica.pipelineDepth = 16
        replica.maxBatch = 64
        replica.maxResend = 256
        replica.checkpointInterval = 4096
        replica.maxQueuedRequests = 4096
        // Backups act on commits (a signer cluster's committee members sign committed requests),
        // so the primary tells them at once rather than at the next heartbeat.
        replica.commitEagerly = true
        self.replica = replica
        self.logger = logger
    }
}
