import ArgumentParser
import Foundation
import HTTPAPI
import Logging
import Prometheus
import ServiceLifecycle
import SignerNode

/// `thresigd --config FILE`: one signer node — a replica of the session log, the holder of this
/// node's shares, and the HTTP API (docs/operations.md).
@main
struct Thresigd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "thresigd",
        abstract: "Run one Thresig signer node: session-log replica, share vault and HTTP API.",
        discussion: """
        The config file is the thresigd.yaml that `thresig cluster init` writes for each \
        node (every field: docs/operations.md). The vault passphrase comes from \
        vault.passphrase_file (refused if group or others may read it) or from the \
        variable vault.passphrase_env.

        SIGTERM or SIGINT: the API stops taking requests and finishes those in flight, the \
        log is flushed to disk, and the process exits 0.

        Example (a 4-node cluster on this machine):
          thresig cluster init --nodes 4 --threshold-default 3 --dir /tmp/c
          for k in 1 2 3 4; do thresigd --config /tmp/c/node-$k/thresigd.yaml & done
          curl -H "Authorization: Bearer $(cat /tmp/c/node-1/node/admin-token)" \\
               http://127.0.0.1:7201/v1/cluster
        """
    )

    @Option(help: "The node's config file (thresigd.yaml).")
    var config: String

    @Flag(help: "This node lost its data directory: format it for recovery and fetch the log from the others (VRR §4.3).")
    var recover = false

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel: String = "info"

    func validate() throws {
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("unknown --log-level \(logLevel)") }
    }

    func run() async throws {
        let level = Logger.Level(rawValue: logLevel)!
        StandardErrorLogging.bootstrap(level: level)
        var logger = Logger(label: "thresigd")
        let nodeConfig: NodeConfig
        do { nodeConfig = try NodeConfig.load(path: config) } catch {
            logger.critical("refusing to start", metadata: ["config": "\(config)", "error": "\(error)"])
            throw ExitCode.failure
        }
        logger[metadataKey: "node"] = "\(nodeConfig.nodeID)"
        let node: RunningNode
        do { node = try await NodeLauncher.start(config: nodeConfig, recover: recover, logger: logger) } catch {
            logger.critical("refusing to start", metadata: ["error": "\(error)"])
            throw ExitCode.failure
        }
        let member = node.secrets.member
        let apiAddress = nodeConfig.apiListen ?? member.apiAddress
        let registry = PrometheusCollectorRegistry()
        let authenticator = BearerAuthenticator(tokens: node.secrets.tokens.map { ($0.token, TokenScope($0.keys)) })
        let timeout = Duration.milliseconds(nodeConfig.requestTimeoutMillis)
        let service = NodeSignerService(engine: node.engine, definition: node.secrets.definition,
                                        resultTimeout: timeout - min(timeout / 10, .milliseconds(500)),
                                        phaseMillis: UInt64(nodeConfig.ceremonyPhaseMillis))
        var httpLogger = Logger(label: "thresig.http")
        httpLogger[metadataKey: "node"] = "\(nodeConfig.nodeID)"
        let api = SignerAPI(service: service,
                            configuration: APIConfiguration(maxBodyBytes: nodeConfig.maxBodyBytes, requestTimeout: timeout,
                                                            authenticator: authenticator),
                            metrics: APIMetrics(registry: registry), logger: httpLogger)
        let app = api.makeApplication(host: apiAddress.host, port: apiAddress.port)
        logger.info("serving", metadata: ["api": "\(apiAddress)", "log": "\(member.logAddress)"])
        // Shutdown runs in reverse order: the API first (stop accepting, finish in-flight
        // requests), then the metrics loop, then the node (engine, log flushed, transport closed).
        let group = ServiceGroup(configuration: .init(
            services: [.init(service: NodeService(node: node)),
                       .init(service: NodeMetricsService(engine: node.engine, registry: registry)),
                       .init(service: app)],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger))
        try await group.run()
        logger.info("stopped")
    }
}

/// Keeps the node running until graceful shutdown, then stops it (log flushed).
/// Its description is the node id only: service-lifecycle logs services by description, and the
/// node's config and secrets must never reach a log line.
struct NodeService: Service, CustomStringConvertible {
    let node: RunningNode
    var description: String { "NodeService(\(node.config.nodeID))" }

    func run() async throws {
        try? await gracefulShutdown()
        await node.shutdown()
    }
}
