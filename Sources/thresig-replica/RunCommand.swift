import ArgumentParser
import Dispatch
import Foundation
import Logging
import SignerNode
import Storage
import Transport

/// `thresig-replica run`: one replica, until SIGTERM/SIGINT.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run replica K of the cluster in DIR until SIGTERM (flushes, exits 0).",
        discussion: """
        Restarting reads back the durable state (view, checkpoint, WAL); a torn WAL tail is \
        truncated; one corrupt WAL entry between intact ones is repaired from the other \
        replicas (and rewritten in place); any other corruption (two adjacent corrupt entries, \
        a missing segment, a corrupt view state…) is a refusal to start (exit 1) naming the damage.

        A replica that lost its disk (empty data directory, identity kept in node/) is started \
        with --recover: it formats its disk for recovery and fetches the log from the others.

        Example:
          thresig-replica run --dir /tmp/log --index 0 --tick-ms 5
        """
    )

    @Option(help: "Cluster directory written by `init`.")
    var dir: String

    @Option(help: "This replica's index.")
    var index: Int

    @Option(name: .customLong("tick-ms"), help: "Tick period in milliseconds (timeouts are counted in ticks).")
    var tickMilliseconds: Int = 5

    @Option(help: "on: fsync before acknowledging (default). off: for CPU-path benchmarks only, not crash safe.")
    var fsync: String = "on"

    @Flag(help: "This replica lost its disk: format it for recovery and recover from the others (VRR §4.3).")
    var recover = false

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel: String = "info"

    func validate() throws {
        guard ["on", "off"].contains(fsync) else { throw ValidationError("--fsync is on or off") }
        guard (1...1000).contains(tickMilliseconds) else { throw ValidationError("--tick-ms must be 1...1000") }
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("unknown --log-level \(logLevel)") }
    }

    func run() async throws {
        let level = Logger.Level(rawValue: logLevel)!
        StandardErrorLogging.bootstrap(level: level)
        let logger = Logger(label: "thresig.replica")
        let cluster = try ClusterDefinition.load(path: dir + "/cluster.json")
        guard cluster.members.indices.contains(index) else { throw ValidationError("--index out of range") }
        let data = DataDirectory(root: "\(dir)/replica-\(index)")
        let identity = try NodeIdentity(certificatePEM: try String(contentsOfFile: data.node + "/cert.pem", encoding: .utf8),
                                        privateKeyPEM: try String(contentsOfFile: data.node + "/key.pem", encoding: .utf8))
        guard identity.fingerprint == cluster.members[index].fingerprint else {
            throw ValidationError("node/cert.pem is not replica \(index)'s certificate in cluster.json")
        }
        var configuration = HostConfiguration(index: index, replicaCount: cluster.members.count, logger: logger)
        configuration.tickPeriod = .milliseconds(tickMilliseconds)
        configuration.fsync = fsync == "on"
        configuration.sharedEventLoop = ProcessInfo.processInfo.environment["THRESIG_SHARED_LOOP"] == "1"
        let signals = SignalWaiter([SIGTERM, SIGINT])
        let host: ReplicaHost<RecordLog>
        do {
            host = try await ReplicaHost<RecordLog>.start(configuration: configuration, cluster: cluster, identity: identity,
                                                          dataDirectory: data, recover: recover)
        } catch {
            logger.critical("refusing to start", metadata: ["error": "\(error)"])
            throw ExitCode.failure
        }
        let signal = await signals.next()
        logger.info("signal received, stopping", metadata: ["signal": "\(signal)"])
        await host.shutdown()
    }
}

/// Turns SIGTERM/SIGINT into an awaitable event (the default actions are disabled).
final class SignalWaiter: @unchecked Sendable { // Immutable after init; the sources only yield.
    private let stream: AsyncStream<Int32>
    private let sources: [any DispatchSourceSignal]

    init(_ signals: [Int32]) {
        let (stream, continuation) = AsyncStream.makeStream(of: Int32.self)
        self.stream = stream
        var sources: [any DispatchSourceSignal] = []
        for s in signals {
            Foundation.signal(s, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: s, queue: .global())
            source.setEventHandler { continuation.yield(s) }
            source.resume()
            sources.append(source)
        }
        self.sources = sources
    }

    func next() async -> Int32 {
        for await s in stream { return s }
        return 0
    }
}
