import Foundation
import Primitives

/// The closed-loop load of `thresig bench cluster`: `clients` threads, each with its own
/// keep-alive connection, each sending one sign request, waiting for its answer and sending the
/// next. A request counts when it *starts* inside the measured window (after the warm-up), so
/// connection set-up and cold paths fall in the warm-up; the requests in flight at the end are
/// waited for and counted with their full latency (a stalled cluster shows as a few very slow
/// requests, not as an empty sample), and how many finished after the window is reported.
struct ClusterBenchDriver: Sendable {
    let host: String
    let port: UInt16
    let token: String
    let keyID: String
    let clients: Int
    let warmup: Duration
    let duration: Duration

    /// One sign request with a fresh random 32-byte message (hex); no Idempotency-Key, so every
    /// request is a new signature and never an idempotent replay.
    static func signBody() -> [UInt8] {
        let message = SecureRandom.bytes(32).map { String(format: "%02x", $0) }.joined()
        return Array("{\"message\":\"0x\(message)\"}".utf8)
    }

    var headers: [(String, String)] {
        [("Authorization", "Bearer \(token)"), ("Content-Type", "application/json"), ("Accept", "application/json")]
    }

    var path: String { "/v1/keys/\(keyID)/sign" }

    /// One request on a fresh connection, to check the key and token before loading the cluster.
    func probe() throws(KeepAliveHTTPConnection.Failure) -> KeepAliveHTTPConnection.Response {
        let connection = try KeepAliveHTTPConnection(host: host, port: port)
        defer { connection.close() }
        return try connection.request(method: "POST", path: path, headers: headers, body: Self.signBody())
    }

    func run() -> ClusterBenchResult {
        let collector = ClusterBenchCollector()
        let group = DispatchGroup()
        let measureStart = ContinuousClock.now + warmup
        let end = measureStart + duration
        for _ in 0..<clients {
            group.enter()
            let thread = Thread { [self] in
                defer { group.leave() }
                var sample = ClusterBenchResult.Sample()
                sample.latenciesNanos.reserveCapacity(1 << 14)
                var connection: KeepAliveHTTPConnection?
                while ContinuousClock.now < end {
                    let body = Self.signBody()
                    let t0 = ContinuousClock.now
                    var outcome: String?
                    do {
                        if connection == nil { connection = try KeepAliveHTTPConnection(host: host, port: port) }
                        let response = try connection!.request(method: "POST", path: path, headers: headers, body: body)
                        if response.status != 200 { outcome = "HTTP \(response.status)" }
                    } catch {
                        connection = nil
                        outcome = "transport: \(error)"
                    }
                    let t1 = ContinuousClock.now
                    guard t0 >= measureStart else {
                        // A refused connection would otherwise spin; errors are rare in a healthy run.
                        if outcome != nil && connection == nil { Thread.sleep(forTimeInterval: 0.01) }
                        continue
                    }
                    if t1 > end { sample.late += 1 }
                    if let outcome {
                        sample.errors[outcome, default: 0] += 1
                        if connection == nil { Thread.sleep(forTimeInterval: 0.01) }
                    } else {
                        let d = t0.duration(to: t1)
                        sample.latenciesNanos.append(UInt64(d.components.seconds) * 1_000_000_000
                                                     + UInt64(d.components.attoseconds / 1_000_000_000))
                    }
                }
                connection?.close()
                collector.add(sample)
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
        group.wait()
        return ClusterBenchResult(sample: collector.take(), clients: clients, duration: duration)
    }
}

/// Gathers the client threads' samples (each thread adds once, at its end).
final class ClusterBenchCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var merged = ClusterBenchResult.Sample()

    func add(_ sample: ClusterBenchResult.Sample) {
        lock.lock()
        defer { lock.unlock() }
        merged.latenciesNanos += sample.latenciesNanos
        merged.errors.merge(sample.errors, uniquingKeysWith: +)
        merged.late += sample.late
    }

    func take() -> ClusterBenchResult.Sample {
        lock.lock()
        defer { lock.unlock() }
        return merged
    }
}
