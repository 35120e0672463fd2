#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LogClient
import Logging
import NIOCore
import NIOPosix
import Primitives
import Replication
import Storage
import Transport

/// Drives one sans-I/O `Replica` over real I/O: peer messages from the mutual-TLS `Transport`,
/// client requests from the client port, a tick timer, and completed WAL writes in; messages,
/// replies and durable writes out (docs/replication.md, "Outputs to I/O").
///
/// Threading: the replica, the disk store and every client connection live on **one** NIO event
/// loop, the host's serial executor. Everything that touches them runs there (inputs arrive with
/// `loop.execute`), so there are no locks and no data races; the class is `@unchecked Sendable`
/// only so that closures can carry it to its loop, and every entry point checks that it runs on
/// the loop. Peer frames are decoded (and their checksums verified) before the hop, off the loop.
///
/// Group commit: an `append` output only buffers its entries in the WAL and schedules a flush
/// task behind the inputs already queued on the loop. That task issues one fdatasync for every
/// append since the last one and then reports the newest write as completed (the replica's
/// completion is cumulative), so a burst of Prepares costs one fsync. Replies to clients are
/// written as they come and flushed by the same task (write coalescing).
public final class ReplicaHost<SM: StateMachine & Sendable>: @unchecked Sendable {
    /// The host's serial executor.
    public let loop: any EventLoop
    /// Index, timings, limits.
    public let configuration: HostConfiguration

    private let group: MultiThreadedEventLoopGroup
    private let transport: Transport
    private let disk: DiskStore
    private let nodeIDs: [NodeID]
    private let indexByNode: [NodeID: Int]
    private let logger: Logger

    // Loop-confined state.
    private var replica: Replica<SM>
    private var clientChannels: [UInt64: any Channel] = [:]
    private var outstanding: [UInt64: UInt64] = [:] // client id → request number awaiting a reply
    private var newestWrite: UInt64?
    private var flushScheduled = false
    private var dirtyChannels: [ObjectIdentifier: any Channel] = [:]
    private var serverChannel: (any Channel)?
    private var tickTask: RepeatedTask?
    private var lastSeen: (view: UInt64, status: Status)
    private var stopped = false
    private let observer: ReplicaObserver<SM>?

    init(configuration: HostConfiguration, group: MultiThreadedEventLoopGroup, transport: Transport, disk: DiskStore,
         replica: Replica<SM>, cluster: ClusterDefinition, observer: ReplicaObserver<SM>?) {
        self.configuration = configuration
        self.observer = observer
        self.group = group
        self.loop = group.next()
        self.transport = transport
        self.disk = disk
        self.replica = replica
        self.nodeIDs = cluster.members.map { NodeID(stringLiteral: $0.nodeId) }
        var byNode: [NodeID: Int] = [:]
        for (i, id) in nodeIDs.enumerated() { byNode[id] = i }
        self.indexByNode = byNode
        var tagged = configuration.logger
        tagged[metadataKey: "replica"] = "\(configuration.index)"
        self.logger = tagged
        self.lastSeen = (replica.view, replica.status)
    }

    /// Opens the data directory, builds the replica from what is durable, starts the transport,
    /// the client port and the tick timer.
    ///
    /// - `recover`: the replica lost its disk. The empty directory is formatted for recovery and
    ///   the replica starts with `Replica.recovering` and a fresh CSPRNG nonce (VRR §4.3). A
    ///   directory already marked recovering (a crash mid-recovery) is treated the same way.
    /// - Throws: `DiskStoreError` when the disk refuses (mid-log corruption that cannot be
    ///   repaired from peers, an unformatted directory without `recover`), or a transport/bind
    ///   error. One corrupt entry between intact ones is not a refusal: the replica starts with a
    ///   placeholder and repairs it from its peers (`DiskStore.open`).
    ///
    /// - `observer`: what the node above the log (thresigd) is told on the loop: every batch of
    ///   outputs (committed ops in order) and every node frame a peer sent over the transport.
    public static func start(configuration: HostConfiguration, cluster: ClusterDefinition, identity: NodeIdentity,
                             dataDirectory: DataDirectory, recover: Bool,
                             observer: ReplicaObserver<SM>? = nil) async throws -> ReplicaHost {
        let index = configuration.index
        let logger = configuration.logger
        let opened = try DiskStore.open(dataDirectory, replicaIndex: index, emptySnapshot: SM().snapshot(),
                                        fsync: configuration.fsync)
        if let torn = opened.walReport.tornTail {
            logger.warning("truncated a torn WAL tail", metadata: ["op": "\(torn.op)", "bytes": "\(torn.discardedBytes)",
                                                                   "reason": "\(torn.reason)"])
        }
        if !opened.walReport.corruptOps.isEmpty {
            logger.warning("corrupt WAL entries kept as holes, repairing them from the other replicas",
                           metadata: ["ops": "\(opened.walReport.corruptOps)"])
        }
        let seed = SecureRandom.uint64()
        let replica: Replica<SM>
        let startup: [Output]
        if recover || opened.state?.isRecovering == true {
            try opened.store.formatForRecovery(existing: opened.state)
            let nonce = SecureRandom.uint64()
            (replica, startup) = Replica.recovering(configuration: configuration.replica, index: index, seed: seed, nonce: nonce)
            logger.notice("starting in recovery (lost disk): asking the other replicas for the log")
        } else {
            guard let state = opened.state else { throw DiskStoreError.unformatted(dataDirectory.root) }
            do {
                (replica, startup) = try Replica.restarting(configuration: configuration.replica, index: index,
                                                            seed: seed, from: state)
            } catch {
                throw DiskStoreError.replicaRefused(error)
            }
            logger.info("restarted from disk", metadata: [
                "view": "\(state.view)", "last_normal_view": "\(state.lastNormalView)",
                "checkpoint": "\(state.journal.checkpoint.op)", "op": "\(state.journal.op)",
            ])
        }
        var transportConfig = TransportConfig(identity: identity, listenHost: cluster.members[index].host,
                                              listenPort: cluster.members[index].peerPort,
                                              peers: cluster.peers(excluding: index))
        transportConfig.logger = logger
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        if configuration.sharedEventLoop { transportConfig.eventLoopGroup = group }
        let transport = try Transport(config: transportConfig)
        let host = ReplicaHost(configuration: configuration, group: group, transport: transport, disk: opened.store,
                               replica: replica, cluster: cluster, observer: observer)
        try await transport.start()
        try await host.bindClientPort(host: configuration.clientListenHost, port: cluster.members[index].clientPort)
        try await host.loop.submit {
            host.execute(startup)
            host.noteStatusChange()
            host.tickTask = host.loop.scheduleRepeatedTask(initialDelay: .nanoseconds(0),
                                                           delay: .nanoseconds(host.configuration.tickPeriod.nanoseconds)) { _ in
                host.input(.tick)
            }
        }.get()
        host.consumePeerFrames()
        return host
    }

    /// Stops ticking and accepting, makes everything appended durable, closes the disk and the
    /// transport (SIGTERM).
    public func shutdown() async {
        let server: (any Channel)? = try? await loop.submit { () -> (any Channel)? in
            self.stopped = true
            self.tickTask?.cancel()
            self.disk.close()
            for channel in self.clientChannels.values { channel.close(promise: nil) }
            return self.serverChannel
        }.get()
        try? await server?.close()
        await transport.stop()
        try? await group.shutdownGracefully()
        logger.info("stopped")
    }

    // MARK: Inputs (on the loop)

    func input(_ input: Input) {
        loop.preconditionInEventLoop()
        guard !stopped else { return }
        let started = ContinuousClock.now
        execute(replica.handle(input))
        noteStatusChange()
        warnIfSlow(started, "input")
    }

    /// Logs a loop step that held the replica's thread long enough to show in client latency.
    private func warnIfSlow(_ started: ContinuousClock.Instant, _ what: String) {
        let took = started.duration(to: .now)
        if took > .milliseconds(20) {
            logger.warning("slow step on the replica's loop", metadata: ["step": "\(what)", "took": "\(took)"])
        }
    }

    /// Reads the transport's inbound frames, decodes each off the loop and hands it over.
    /// The sender's index comes from the authenticated peer (the pinned certificate that
    /// completed the TLS handshake), never from the frame.
    private func consumePeerFrames() {
        let frames = transport.inbound
        Task { [self] in
            for await frame in frames {
                guard let from = indexByNode[frame.from], from != configuration.index,
                      let channel = frame.frame.first.flatMap(PeerChannel.init(rawValue:))
                else { continue }
                let payload = Array(frame.frame.dropFirst())
                if channel == .node {
                    // Not the log's: the node above decodes and validates it (a partial signature).
                    if let observer { loop.execute { if !self.stopped { observer.nodeFrame(from, payload) } } }
                    continue
                }
                let message: Message
                do {
                    message = try Message.decode(payload)
                } catch {
                    logger.warning("dropped a malformed peer frame", metadata: ["from": "\(frame.from)", "error": "\(error)"])
                    continue
                }
                loop.execute { self.input(.message(message, from: from)) }
            }
        }
    }

    /// A decoded client frame from a connection on the loop.
    func onClientMessage(_ message: ClientMessage, channel: any Channel) {
        loop.preconditionInEventLoop()
        switch message {
        case let .request(clientId, requestNumber, received):
            guard replica.status == .normal, replica.isPrimary, !stopped else {
                // Backups answer with the primary they know; the client follows the hint.
                write(.notPrimary(requestNumber: requestNumber, view: replica.view,
                                  primaryIndex: UInt32(replica.primaryIndex)), to: channel)
                return
            }
            // Only the primary proposes, so only it pays for the admission check.
            var body = received
            if let admit = configuration.admitClientRequest {
                guard let admitted = admit(clientId, requestNumber, received) else {
                    logger.warning("refused an unauthenticated client request",
                                   metadata: ["remote": "\(channel.remoteAddress.map { "\($0)" } ?? "?")"])
                    channel.close(promise: nil)
                    return
                }
                body = admitted
            }
            if outstanding[clientId] == nil && outstanding.count >= configuration.maxOutstandingRequests {
                write(.busy(requestNumber: requestNumber), to: channel)
                return
            }
            outstanding[clientId] = requestNumber
            clientChannels[clientId] = channel
            input(.request(Request(clientId: clientId, requestNumber: requestNumber, body: body)))
        case .statusQuery:
            write(.status(statusReport), to: channel)
        case .reply, .notPrimary, .busy, .status:
            channel.close(promise: nil) // A replica-to-client message sent by a client: not our protocol.
        }
    }

    /// A client connection closed: forget it.
    func clientDisconnected(_ channel: any Channel) {
        loop.preconditionInEventLoop()
        for (client, ch) in clientChannels where ch === channel {
            clientChannels[client] = nil
            outstanding[client] = nil
        }
        dirtyChannels[ObjectIdentifier(channel)] = nil
    }

    /// What `statusQuery` answers.
    var statusReport: StatusReport {
        let status: StatusReport.Status
        switch replica.status {
        case .normal: status = .normal
        case .viewChange: status = .viewChange
        case .recovering: status = .recovering
        }
        return StatusReport(index: UInt32(configuration.index), replicaCount: UInt32(configuration.replica.replicaCount),
                            view: replica.view, status: status, primaryIndex: UInt32(replica.primaryIndex),
                            op: replica.journal.op, commitNumber: replica.commitNumber)
    }

    // MARK: Outputs (on the loop)

    /// Executes outputs in order, honouring `Output`'s durability contract.
    func execute(_ outputs: [Output]) {
        var encoded: (message: Message, frame: [UInt8])? // A broadcast is encoded (and hashed) once.
        for output in outputs {
            switch output {
            case let .send(message, to):
                if encoded?.message != message { encoded = (message, [PeerChannel.log.rawValue] + message.encode()) }
                _ = transport.send(to: nodeIDs[to], frame: encoded!.frame) // Best effort; VSR retransmits.
            case let .reply(reply):
                if outstanding[reply.clientId] == reply.requestNumber { outstanding[reply.clientId] = nil }
                if let channel = clientChannels[reply.clientId] {
                    write(.reply(requestNumber: reply.requestNumber, view: reply.view, body: reply.body), to: channel)
                }
            case let .append(writeId, entries):
                durably { try disk.append(entries) }
                newestWrite = writeId
                scheduleFlush()
            case let .persistCheckpoint(checkpoint):
                let started = ContinuousClock.now
                let drop = shouldDropSegments(at: checkpoint.op)
                durably { try disk.persistCheckpoint(checkpoint, dropSegments: drop) }
                warnIfSlow(started, "checkpoint")
            case let .persistViewState(view, lastNormalView):
                durably { try disk.persistViewState(view: view, lastNormalView: lastNormalView) }
            case let .persistJournal(journal):
                durably {
                    let repaired = try disk.persistJournal(journal)
                    if !repaired.isEmpty {
                        logger.notice("repaired corrupt WAL entries from peers", metadata: ["ops": "\(repaired)"])
                    }
                }
            case .committed:
                break
            case .persistEpoch, .shutDown:
                // The host runs with `allowsReconfiguration` off, so the replica never emits
                // these; storing an epoch needs DiskStore fields that do not exist yet
                // (docs/protocols/vsr.md). Acting on one without storing it would be unsafe.
                logger.critical("reconfiguration output from a host that does not support it, stopping",
                                metadata: ["output": "\(output)"])
                exit(EXIT_FAILURE)
            }
        }
        if let observer {
            let progress = self.progress
            observer.outputs(outputs, progress) { self.replica.stateMachine }
        }
    }

    /// Where the replica stands (on the loop).
    var progress: ReplicaProgress {
        ReplicaProgress(view: replica.view, status: replica.status, primaryIndex: replica.primaryIndex,
                        isPrimary: replica.isPrimary, commitNumber: replica.commitNumber, op: replica.journal.op)
    }

    /// Sends a node frame (not a log message) to replica `index` over the mutual-TLS transport;
    /// best effort, like every peer send. Call on the loop.
    public func sendNodeFrame(to index: Int, _ payload: [UInt8]) {
        loop.preconditionInEventLoop()
        guard index != configuration.index, nodeIDs.indices.contains(index) else { return }
        _ = transport.send(to: nodeIDs[index], frame: [PeerChannel.node.rawValue] + payload)
    }

    /// Whether this checkpoint also drops the WAL segments it made unnecessary. Every replica
    /// checkpoints at the same op, and dropping a segment holds the loop for 20–35 ms; if the
    /// replicas all did it at once, or the primary did it often, clients would see it. So the
    /// replicas take turns (checkpoint number mod replica count), and the normal primary skips
    /// its turn unless it holds more than `maxSegmentsAsPrimary` segments (a bound on disk use).
    private func shouldDropSegments(at op: UInt64) -> Bool {
        let interval = configuration.replica.checkpointInterval
        let turn = Int((op / interval) % UInt64(configuration.replica.replicaCount)) == configuration.index
        guard turn else { return false }
        return !(replica.status == .normal && replica.isPrimary) || disk.segmentCount > Self.maxSegmentsAsPrimary
    }

    /// WAL segments (16 MiB each) a primary keeps before it drops them on its turn anyway.
    static var maxSegmentsAsPrimary: Int { 8 }

    /// Group commit: one fsync for every append since the last flush, then the completion.
    private func flush() {
        flushScheduled = false
        guard !stopped else { return }
        if let writeId = newestWrite {
            newestWrite = nil
            let started = ContinuousClock.now
            durably { try disk.sync() }
            warnIfSlow(started, "fsync")
            input(.appendCompleted(writeId: writeId))
        }
        for channel in dirtyChannels.values { channel.flush() }
        dirtyChannels.removeAll(keepingCapacity: true)
    }

    private func scheduleFlush() {
        guard !flushScheduled else { return }
        flushScheduled = true
        loop.execute { self.flush() }
    }

    private func write(_ message: ClientMessage, to channel: any Channel) {
        channel.write(channel.allocator.buffer(bytes: message.framed()), promise: nil)
        dirtyChannels[ObjectIdentifier(channel)] = channel
        scheduleFlush()
    }

    /// A disk failure is fatal: after a failed write or fsync the page cache may no longer match
    /// the disk, and going on could acknowledge what is not durable. The process exits non-zero.
    private func durably(_ body: () throws -> Void) {
        do {
            try body()
        } catch {
            logger.critical("disk failure, stopping", metadata: ["error": "\(error)"])
            exit(EXIT_FAILURE)
        }
    }

    /// Logs view and status transitions, and sends clients waiting on a primary that lost its
    /// role to the new one at once (rather than after their attempt timeout).
    private func noteStatusChange() {
        guard replica.view != lastSeen.view || replica.status != lastSeen.status else { return }
        lastSeen = (replica.view, replica.status)
        logger.info("replica status", metadata: [
            "view": "\(replica.view)", "status": "\(replica.status)", "primary": "\(replica.primaryIndex)",
            "op": "\(replica.journal.op)", "commit": "\(replica.commitNumber)",
        ])
        if !(replica.status == .normal && replica.isPrimary) {
            for (client, requestNumber) in outstanding {
                if let channel = clientChannels[client] {
                    write(.notPrimary(requestNumber: requestNumber, view: replica.view,
                                      primaryIndex: UInt32(replica.primaryIndex)), to: channel)
                }
            }
            outstanding.removeAll()
        }
    }

    // MARK: Client port

    private func bindClientPort(host: String, port: Int) async throws {
        let channel = try await ServerBootstrap(group: loop)
            .serverChannelOption(ChannelOptions.backlog, value: 256)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { [self] channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        ByteToMessageHandler(ClientFrameDecoder(maxFrameBytes: ClientMessage.maxFrameBytes)))
                    try channel.pipeline.syncOperations.addHandler(ClientConnectionHandler(host: self))
                }
            }
            .bind(host: host, port: port)
            .get()
        try await loop.submit { self.serverChannel = channel }.get()
        logger.info("client port listening", metadata: ["address": "\(host):\(port)"])
    }
}

extension Duration {
    /// The duration in whole nanoseconds (saturating).
    var nanoseconds: Int64 {
        let (s, atto) = components
        return s.multipliedReportingOverflow(by: 1_000_000_000).overflow ? .max : s * 1_000_000_000 + atto / 1_000_000_000
    }
}
