import Prometheus

/// The API's Prometheus metrics: requests by route, method and status, and latency by route.
/// The registry is the node's, so that `/metrics` shows the node's other metrics (log commit
/// index, view, ceremonies…) beside these.
public struct APIMetrics: Sendable {
    /// The registry `/metrics` renders.
    public let registry: PrometheusCollectorRegistry
    /// Latency buckets: 1 ms … 10 s (the signing goal is p99 ≤ 20 ms).
    static let buckets: [Duration] = [1, 2, 5, 10, 20, 50, 100, 250, 500, 1_000, 2_500, 10_000].map { .milliseconds($0) }

    /// Metrics recorded into `registry` (the node's, shared with its other collectors).
    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
    }

    func record(route: String, method: String, status: Int, duration: Duration) {
        registry.makeCounter(
            descriptor: MetricNameDescriptor(namespace: "thresig", subsystem: "http", metricName: "requests", unitName: "total",
                                             helpText: "HTTP requests answered"),
            labels: [("route", route), ("method", method), ("status", String(status))]
        ).increment()
        registry.makeDurationHistogram(
            descriptor: MetricNameDescriptor(namespace: "thresig", subsystem: "http", metricName: "request_duration", unitName: "seconds",
                                             helpText: "HTTP request latency"),
            labels: [("route", route)], buckets: Self.buckets
        ).record(duration)
    }

    /// The exposition text.
    func render() -> [UInt8] { registry.emitToBuffer() }
}
