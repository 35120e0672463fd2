import Prometheus
import ServiceLifecycle
import SignerNode

/// Copies the node's counters into the Prometheus registry `/metrics` renders, once a second:
/// log view and commit index, ceremonies by result, partial and share failures, signatures.
/// (Gauges holding running totals: the engine owns the counts, on its loop.)
struct NodeMetricsService: Service, CustomStringConvertible {
    let engine: NodeEngine
    let registry: PrometheusCollectorRegistry
    /// Short: service-lifecycle logs services by description.
    var description: String { "NodeMetricsService(\(engine.me))" }

    /// A gauge `thresig_<subsystem>_<name>` (the API's naming: namespace, subsystem, name).
    func gauge(_ subsystem: String, _ name: String, _ help: String, labels: [(String, String)] = []) -> Gauge {
        registry.makeGauge(descriptor: MetricNameDescriptor(namespace: "thresig", subsystem: subsystem, metricName: name,
                                                            helpText: help), labels: labels)
    }

    func run() async throws {
        let view = gauge("log", "view", "The session log's current view")
        let commit = gauge("log", "commit_index", "Highest op committed and applied here")
        let primary = gauge("log", "is_primary", "1 when this node is the log's primary")
        let ceremonies = { (result: String) in
            gauge("node", "ceremonies", "Ceremonies applied here, by result (running total)", labels: [("result", result)])
        }
        let started = ceremonies("started"), completed = ceremonies("completed"), failed = ceremonies("failed")
        let partialFailures = gauge("node", "partial_failures", "Bad partial signatures named by this node as coordinator (running total)")
        let signFailures = gauge("node", "sign_failures", "Requests this coordinator could not sign (running total)")
        let shareFailures = gauge("node", "share_failures", "Shares refused when opened from the vault (running total)")
        let blamed = gauge("ecdsa", "signers_blamed", "Failed ECDSA signings in which this node named a signer with a wrong σ_i (running total)")
        let signatures = gauge("node", "signatures", "Sign results applied here (running total)")
        let presignatures = gauge("ecdsa", "presignatures_ready", "Complete, unconsumed ECDSA presignatures in the log (all keys)")
        let presigning = gauge("ecdsa", "presignings_running", "ECDSA presigning sessions running (all keys)")
        let primes = gauge("ecdsa", "safe_primes", "1536-bit safe primes in this node's stock for aux-info")
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            if let (progress, stats) = await engine.read({ e in (e.progress, e.stats) }) {
                if let progress {
                    view.set(Int64(progress.view))
                    commit.set(Int64(progress.commitNumber))
                    primary.set(progress.isPrimary && progress.status == .normal ? Int64(1) : 0)
                }
                started.set(Int64(stats.ceremoniesStarted)); completed.set(Int64(stats.ceremoniesCompleted))
                failed.set(Int64(stats.ceremoniesFailed)); partialFailures.set(Int64(stats.partialFailures))
                signFailures.set(Int64(stats.signFailures)); shareFailures.set(Int64(stats.shareFailures))
                blamed.set(Int64(stats.ecdsaSignersBlamed))
                signatures.set(Int64(stats.signaturesCompleted))
            }
            if let (ready, running) = await engine.read({ e in
                let sessions = e.state.ecdsa.sessions.values.filter { $0.kind == .presign }
                return (sessions.filter(\.isComplete).count, sessions.filter { !$0.isComplete }.count)
            }) {
                presignatures.set(Int64(ready)); presigning.set(Int64(running))
            }
            primes.set(Int64(engine.safePrimesInStock))
            try? await Task.sleep(for: .seconds(1))
        }
    }
}
