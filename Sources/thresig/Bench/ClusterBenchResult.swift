import Foundation

/// What one `thresig bench cluster` run measured: signatures/s, latency percentiles and errors.
struct ClusterBenchResult {
    /// Raw samples: one latency per successful signature, errors by kind ("HTTP 503", "transport: …").
    struct Sample {
        var latenciesNanos: [UInt64] = []
        var errors: [String: Int] = [:]
        /// Requests started in the window that finished after it.
        var late = 0
    }

    let sorted: [UInt64]
    let errors: [String: Int]
    /// Requests started in the window that finished after it (counted in `signatures`).
    let late: Int
    let clients: Int
    let duration: Duration

    init(sample: Sample, clients: Int, duration: Duration) {
        self.sorted = sample.latenciesNanos.sorted()
        self.errors = sample.errors
        self.late = sample.late
        self.clients = clients
        self.duration = duration
    }

    var seconds: Double { Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18 }
    var signatures: Int { sorted.count }
    var signaturesPerSecond: Double { Double(sorted.count) / seconds }
    var errorCount: Int { errors.values.reduce(0, +) }

    /// Nearest-rank percentile in milliseconds (p in 0…100); NaN without samples.
    func percentileMilliseconds(_ p: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let rank = min(sorted.count, max(1, Int((p / 100 * Double(sorted.count)).rounded(.up))))
        return Double(sorted[rank - 1]) / 1e6
    }

    var maxMilliseconds: Double { sorted.last.map { Double($0) / 1e6 } ?? .nan }

    /// Human-readable lines.
    var text: String {
        let ms = { (v: Double) in String(format: "%.2f", v) }
        var lines = [
            "clients \(clients), measured \(String(format: "%.1f", seconds)) s: \(signatures) signatures, "
                + String(format: "%.1f", signaturesPerSecond) + " signatures/s (\(late) requests finished after the window)",
            "latency ms: p50 \(ms(percentileMilliseconds(50))) p99 \(ms(percentileMilliseconds(99))) "
                + "p999 \(ms(percentileMilliseconds(99.9))) max \(ms(maxMilliseconds))",
        ]
        if errors.isEmpty {
            lines.append("errors: 0")
        } else {
            lines.append("errors: \(errorCount) (" + errors.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }
                .joined(separator: ", ") + ")")
        }
        return lines.joined(separator: "\n")
    }

    /// One JSON object (for scripts/bench-cluster.sh); NaN percentiles become null.
    var json: String {
        func number(_ v: Double) -> String { v.isFinite ? String(format: "%.3f", v) : "null" }
        let errorFields = errors.sorted { $0.key < $1.key }.map { "\(JSONText.quote($0.key)):\($0.value)" }
        return "{\"clients\":\(clients),\"duration_s\":\(number(seconds)),\"signatures\":\(signatures),\"late\":\(late),"
            + "\"signatures_per_second\":\(number(signaturesPerSecond)),"
            + "\"latency_ms\":{\"p50\":\(number(percentileMilliseconds(50))),\"p99\":\(number(percentileMilliseconds(99))),"
            + "\"p999\":\(number(percentileMilliseconds(99.9))),\"max\":\(number(maxMilliseconds))},"
            + "\"errors\":{\(errorFields.joined(separator: ","))}}"
    }

}
