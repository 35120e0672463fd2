import Foundation
import LogClient
import XCTest

/// Three (or more) real `thresig-replica` processes on loopback, in a temporary directory, for
/// the integration tests. The binary comes from the release build directory (the Makefile builds
/// every product before `swift test`), or from `THRESIG_REPLICA_BIN`.
final class ReplicaCluster {
    let directory: URL
    let binary: URL
    let replicaCount: Int
    private(set) var processes: [Int: Process] = [:]
    private(set) var endpoints: [LogClient.Endpoint] = []

    /// The built `thresig-replica`, or nil if it is not there.
    static func locateBinary() -> URL? {
        if let path = ProcessInfo.processInfo.environment["THRESIG_REPLICA_BIN"] { return URL(fileURLWithPath: path) }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        for candidate in [".build/release/thresig-replica", ".build/debug/thresig-replica"] {
            let url = root.appendingPathComponent(candidate)
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return nil
    }

    init(replicas: Int) throws {
        guard let binary = ReplicaCluster.locateBinary() else {
            throw ClusterError(message: "thresig-replica is not built (`make test` builds every product first)")
        }
        self.binary = binary
        self.replicaCount = replicas
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("thresig-it-\(UUID().uuidString)")
        let base = try ReplicaCluster.freePortRange(count: 2 * replicas)
        let (status, output) = try run(["init", "--replicas", "\(replicas)", "--dir", directory.path, "--base-port", "\(base)"])
        guard status == 0 else { throw ClusterError(message: "init failed: \(output)") }
        endpoints = (0..<replicas).map { LogClient.Endpoint(host: "127.0.0.1", port: base + 2 * $0 + 1) }
    }

    deinit {
        for p in processes.values where p.isRunning { kill(p.processIdentifier, SIGKILL) }
        try? FileManager.default.removeItem(at: directory)
    }

    struct ClusterError: Error { let message: String }

    /// Starts replica `index` (its log goes to `replica-K.log`, appended across restarts).
    func start(_ index: Int, extra: [String] = []) throws {
        processes[index] = try ChildProcess.launch(binary, ["run", "--dir", directory.path, "--index", "\(index)", "--tick-ms", "5"] + extra,
                                                   log: directory.appendingPathComponent("replica-\(index).log"))
    }

    /// kill -9.
    func crash(_ index: Int) { ChildProcess.crash(processes[index]) }

    /// SIGTERM, then the exit status.
    func terminate(_ index: Int) -> Int32? { ChildProcess.terminate(processes[index]) }

    /// The log a replica wrote.
    func log(_ index: Int) -> String {
        (try? String(contentsOf: directory.appendingPathComponent("replica-\(index).log"), encoding: .utf8)) ?? ""
    }

    /// Runs the binary to completion and returns its status and output.
    func run(_ arguments: [String]) throws -> (Int32, String) { try ChildProcess.run(binary, arguments) }

    /// Polls `condition` until it holds or `timeout` × `hangBoundSlack` passes (a bound that
    /// turns a hang into a failure, not a sleep to wait, and nothing is measured against it).
    func poll(_ what: String, timeout: Duration, _ condition: () -> Bool) throws {
        let deadline = ContinuousClock.now + timeout * hangBoundSlack
        while !condition() {
            guard ContinuousClock.now < deadline else { throw ClusterError(message: "timed out waiting for \(what)") }
            Thread.sleep(forTimeInterval: 0.01)
        }
    }

    /// A base port with `count` consecutive free ports after it (checked by binding each).
    static func freePortRange(count: Int) throws -> Int {
        for _ in 0..<200 {
            let base = Int.random(in: 20_000...60_000)
            if (base..<(base + count)).allSatisfy(isFree) { return base }
        }
        throw ClusterError(message: "no free port range")
    }

    static func isFree(_ port: Int) -> Bool {
        let s = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard s >= 0 else { return false }
        defer { close(s) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(s, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }
}

/// How much longer than its nominal bound a poll may wait. `make test` runs these process tests
/// beside CPU-bound crypto suites on a 2-core CI machine, where a child process can be starved
/// for many seconds; a generous bound costs nothing when the condition holds.
let hangBoundSlack = 4
