import Dispatch
import Foundation
import LogClient

/// Gets commands into the session log from any node: a pool of `LogClient`s (each one request
/// at a time, each with its own client id) that follow the primary through `notPrimary` hints
/// and retry with the same request number, so the log's client table applies each command at
/// most once (VRR §4.1) even across a failover.
///
/// `LogClient` blocks its thread; each call runs on a thread of its own, never on an event loop,
/// in the Swift concurrency pool or on Dispatch's global queues: on Linux the global executor
/// *is* Dispatch's global pool, so blocked submissions there starved the task that reads the
/// transport's inbound frames — the very prepareOks they wait for — and with ~16 requests in
/// flight the log stalled until the 500 ms attempt timeouts (docs/benchmarks.md,
/// `make bench-cluster`).
public final class LogSubmitter: @unchecked Sendable { // `idle` is guarded by `lock`.
    /// Why a submission failed.
    public enum Failure: Error, Sendable, Equatable {
        /// No primary answered before the deadline (too few replicas up, or a view change).
        case unavailable(String)
        /// The reply did not decode.
        case badReply(String)
    }

    private let endpoints: [LogClient.Endpoint]
    private let lock = NSLock()
    private var idle: [LogClient] = []
    private let attemptTimeout: Duration

    private let sealer: LogClient.Sealer?

    /// A submitter to the replicas' client ports (replica index order); `sealer` wraps every
    /// request (``ClientRequestSeal``).
    public init(endpoints: [LogClient.Endpoint], attemptTimeout: Duration = .milliseconds(500), sealer: LogClient.Sealer? = nil) {
        self.endpoints = endpoints
        self.attemptTimeout = attemptTimeout
        self.sealer = sealer
    }

    /// Appends `entry` and returns the state machine's reply once it is committed.
    public func submit(_ entry: SessionEntry, timeout: Duration) async throws(Failure) -> SessionReply {
        let body = entry.encoded()
        let result: Result<[UInt8], Failure> = await withCheckedContinuation { continuation in
            let thread = Thread {
                let client = self.lock.withLock { self.idle.popLast() }
                    ?? LogClient(endpoints: self.endpoints, attemptTimeout: self.attemptTimeout, sealer: self.sealer)
                do {
                    let reply = try client.submit(body, timeout: timeout)
                    self.lock.withLock { self.idle.append(client) }
                    continuation.resume(returning: .success(reply.body))
                } catch {
                    // A client whose request was never answered must not be reused: its next
                    // request number would follow one the log may still commit later.
                    client.close()
                    continuation.resume(returning: .failure(.unavailable("\(error)")))
                }
            }
            thread.stackSize = 512 * 1024
            thread.start()
        }
        let bytes = try result.get()
        do { return try SessionReply.decode(bytes) } catch { throw .badReply("\(error)") }
    }

    /// Closes every idle client.
    public func close() {
        let clients = lock.withLock { () -> [LogClient] in defer { idle = [] }; return idle }
        for client in clients { client.close() }
    }
}
