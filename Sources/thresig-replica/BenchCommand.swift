import ArgumentParser
import Foundation
import LogClient
import Primitives
import SignerNode

/// Which system a load run drives.
enum SystemUnderTest: String, ExpressibleByArgument, CaseIterable {
    case thresig, etcd, zookeeper
}

/// Options shared by `bench` and `failover`.
struct LoadOptions: ParsableArguments {
    @Option(help: "thresig, etcd or zookeeper.")
    var system: SystemUnderTest = .thresig

    @Option(help: "Comma-separated host:port of the members' client ports (etcd: HTTP gateway, ZooKeeper: client port).")
    var endpoints: String

    @Option(name: .customLong("value-bytes"), help: "Bytes per write.")
    var valueBytes: Int = 100

    func parsedEndpoints() throws -> [LogClient.Endpoint] {
        try endpoints.split(separator: ",").map { item in
            let parts = item.split(separator: ":")
            guard parts.count == 2, let port = Int(parts[1]) else { throw ValidationError("bad endpoint \(item)") }
            return LogClient.Endpoint(host: String(parts[0]), port: port)
        }
    }

    /// Clients for `system`; an attempt that gets no answer within `attemptTimeout` is abandoned
    /// and the write retried on the next member (the same rule for every system).
    func clientFactory(attemptTimeout: Duration = .seconds(5)) throws -> @Sendable (Int) throws -> any WriteClient {
        let endpoints = try parsedEndpoints()
        let tag = SecureRandom.uint64() % 1_000_000
        switch system {
        case .thresig: return { _ in ThresigWriteClient(endpoints: endpoints, attemptTimeout: attemptTimeout) }
        case .etcd: return { i in EtcdWriteClient(endpoints: endpoints, clientIndex: i, attemptTimeout: attemptTimeout) }
        case .zookeeper:
            return { i in ZooKeeperWriteClient(endpoints: endpoints, clientIndex: i, runTag: tag, attemptTimeout: attemptTimeout) }
        }
    }
}

/// `thresig-replica bench`: the closed-loop load generator of `make bench-log`.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Drive closed-loop writes at a cluster (thresig, etcd or ZooKeeper) and print ops/s and latency.",
        discussion: """
        Each client has one write outstanding at a time (thresig: a put of the record log's \
        register; etcd: POST /v3/kv/put on a keep-alive connection; ZooKeeper: setData of its \
        own znode). Prints one line: system, clients, ops, ops/s, p50/p99/max latency in ms, \
        failed writes.

        Example:
          thresig-replica bench --system thresig --endpoints 127.0.0.1:7401,127.0.0.1:7403,127.0.0.1:7405 \\
            --clients 16 --seconds 10
        """
    )

    @OptionGroup var load: LoadOptions

    @Option(help: "Concurrent closed-loop clients.")
    var clients: Int = 1

    @Option(help: "Seconds of load.")
    var seconds: Double = 10

    @Option(help: "Seconds of unmeasured warm-up first (same clients and connections).")
    var warmup: Double = 1

    func run() throws {
        let factory = try load.clientFactory()
        let result = ClosedLoopDriver(clients: clients, warmup: .milliseconds(Int64(warmup * 1000)),
                                      duration: .milliseconds(Int64(seconds * 1000)),
                                      valueBytes: load.valueBytes, makeClient: factory).run()
        print("system=\(load.system.rawValue) clients=\(clients) ops=\(result.latenciesNanos.count) "
              + String(format: "ops_per_s=%.0f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f", result.opsPerSecond,
                       result.percentileMilliseconds(50), result.percentileMilliseconds(99), result.maxMilliseconds)
              + " errors=\(result.errors)")
    }
}

/// `thresig-replica failover`: kill -9 of the leader under load → time to the next committed write.
struct FailoverCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "failover",
        abstract: "Under one closed-loop client, kill -9 the leader/primary and time the next acknowledged write.",
        discussion: """
        --pids lists the members' process ids in --endpoints order. The leader is found by \
        asking each member (thresig: status on the client port; etcd: /v3/maintenance/status; \
        ZooKeeper: the srvr command). Prints the index killed and the milliseconds from the \
        kill to the first write acknowledged after it.

        Example:
          thresig-replica failover --system thresig --endpoints 127.0.0.1:7401,127.0.0.1:7403,127.0.0.1:7405 \\
            --pids 4101,4102,4103
        """
    )

    @OptionGroup var load: LoadOptions

    @Option(help: "Comma-separated process ids of the members, in --endpoints order.")
    var pids: String

    @Option(name: .customLong("attempt-timeout-ms"),
            help: "A write unanswered for this long is retried on the next member (every system alike).")
    var attemptTimeoutMilliseconds: Int = 250

    func run() throws {
        let endpoints = try load.parsedEndpoints()
        let processIDs = pids.split(separator: ",").compactMap { Int32($0) }
        guard processIDs.count == endpoints.count else { throw ValidationError("--pids must match --endpoints") }
        let factory = try load.clientFactory(attemptTimeout: .milliseconds(Int64(attemptTimeoutMilliseconds)))
        let client = try factory(1)
        defer { client.close() }
        var value = [UInt8](repeating: 0x62, count: load.valueBytes)
        // Warm up until writes succeed, so the leader is settled.
        let warmDeadline = ContinuousClock.now + .seconds(20)
        var successes = 0
        while successes < 200 && ContinuousClock.now < warmDeadline {
            if (try? client.write(value)) != nil { successes += 1 }
        }
        guard let leader = try findLeader(endpoints) else { throw ValidationError("no leader found") }
        let killedAt = ContinuousClock.now
        kill(processIDs[leader], SIGKILL)
        let deadline = killedAt + .seconds(30)
        var recovered: Duration?
        while ContinuousClock.now < deadline {
            value[0] &+= 1
            if (try? client.write(value)) != nil {
                recovered = killedAt.duration(to: ContinuousClock.now)
                break
            }
        }
        guard let recovered else { throw ValidationError("no write succeeded within 30 s of the kill") }
        let milliseconds = Double(recovered.components.seconds) * 1000 + Double(recovered.components.attoseconds) / 1e15
        print("system=\(load.system.rawValue) killed=\(leader) " + String(format: "recovery_ms=%.1f", milliseconds))
    }

    func findLeader(_ endpoints: [LogClient.Endpoint]) throws -> Int? {
        switch load.system {
        case .thresig:
            let client = LogClient(endpoints: endpoints)
            defer { client.close() }
            for i in endpoints.indices {
                if let s = try? client.status(of: i), s.isNormalPrimary { return i }
            }
            return nil
        case .etcd:
            for (i, e) in endpoints.enumerated() {
                guard let status = try? HTTPResponse.postJSON(e, path: "/v3/maintenance/status", json: "{}"),
                      let header = status["header"] as? [String: Any] else { continue }
                if "\(header["member_id"] ?? "a")" == "\(status["leader"] ?? "b")" { return i }
            }
            return nil
        case .zookeeper:
            return endpoints.firstIndex(where: ZooKeeperWriteClient.isLeader)
        }
    }
}
