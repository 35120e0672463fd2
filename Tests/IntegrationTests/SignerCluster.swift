import Foundation
import Primitives
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Real `thresigd` processes on loopback: `thresig cluster init` in a temporary directory, one
/// daemon per node, and a small blocking HTTP client for their APIs. Binaries come from the
/// release build directory (or `THRESIG_BIN_DIR`). Every process is killed when the cluster goes.
final class SignerCluster {
    let directory: URL
    let binDir: URL
    let size: Int
    let basePort: Int
    private(set) var processes: [Int: Process] = [:]

    struct Failure: Error, CustomStringConvertible { let description: String }

    /// The directory holding `thresig` and `thresigd`, or nil when they are not built.
    static func locateBinaries() -> URL? {
        if let dir = ProcessInfo.processInfo.environment["THRESIG_BIN_DIR"] { return URL(fileURLWithPath: dir) }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        for candidate in [".build/release", ".build/debug"] {
            let dir = root.appendingPathComponent(candidate)
            if ["thresig", "thresigd"].allSatisfy({ FileManager.default.isExecutableFile(atPath: dir.appendingPathComponent($0).path) }) {
                return dir
            }
        }
        return nil
    }

    /// Runs `thresig cluster init` for `size` nodes on free loopback ports, with each node's
    /// API request timeout set to `requestTimeoutMillis` and its longest ceremony phase (log
    /// time) to `phaseMillis`.
    init(size: Int, requestTimeoutMillis: Int = 10_000, phaseMillis: Int = 5_000) throws {
        guard let bin = SignerCluster.locateBinaries() else { throw Failure(description: "thresig/thresigd not built") }
        binDir = bin
        self.size = size
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("thresig-node-it-\(UUID().uuidString)")
        basePort = try SignerCluster.freeBase(size: size)
        let (status, output) = try ChildProcess.run(bin.appendingPathComponent("thresig"),
                                                     ["cluster", "init", "--nodes", "\(size)", "--threshold-default", "\(size - 1)",
                                                      "--dir", directory.path, "--base-port", "\(basePort)"])
        guard status == 0 else { throw Failure(description: "cluster init: \(output)") }
        for k in 1...size {
            let url = nodeDir(k).appendingPathComponent("thresigd.yaml")
            let text = try String(contentsOf: url, encoding: .utf8)
            try text.replacingOccurrences(of: "request_timeout_millis: 10000", with: "request_timeout_millis: \(requestTimeoutMillis)")
                .replacingOccurrences(of: "phase_millis: 5000", with: "phase_millis: \(phaseMillis)")
                .write(to: url, atomically: true, encoding: .utf8)
        }
    }

    deinit {
        for p in processes.values where p.isRunning { kill(p.processIdentifier, SIGKILL); p.waitUntilExit() }
        try? FileManager.default.removeItem(at: directory)
    }

    /// Node k's (1-based) directory, API base URL and admin token.
    func nodeDir(_ k: Int) -> URL { directory.appendingPathComponent("node-\(k)") }
    func api(_ k: Int) -> String { "http://127.0.0.1:\(basePort + 100 + k)" }
    func token(_ k: Int) throws -> String { try secret(k, "admin-token") }
    /// A secret file of node k (hex text), trimmed.
    func secret(_ k: Int, _ name: String) throws -> String {
        try String(contentsOf: nodeDir(k).appendingPathComponent("node/" + name), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Adds one more bearer token, the same on every node, scoped to `keys` (`["*"]` or key ids):
    /// a file `DIR/<name>` (0600) and an `api.tokens` entry in each node's config (the shape of
    /// docs/operations.md; deploy/local-cluster.sh adds its operator token the same way). Call
    /// before starting the nodes. Returns the token.
    func addToken(_ name: String, keys: [String]) throws -> String {
        let token = SecureRandom.bytes(32).hexString
        let file = directory.appendingPathComponent(name)
        guard FileManager.default.createFile(atPath: file.path, contents: Data((token + "\n").utf8),
                                             attributes: [.posixPermissions: 0o600])
        else { throw Failure(description: "cannot write \(file.path)") }
        let scope = keys.map { "\"\($0)\"" }.joined(separator: ", ")
        for k in 1...size {
            let url = nodeDir(k).appendingPathComponent("thresigd.yaml")
            let text = try String(contentsOf: url, encoding: .utf8)
            let anchor = "  tokens:\n"
            guard text.contains(anchor) else { throw Failure(description: "\(url.path): no api.tokens list") }
            let entry = "    - token_file: \(file.path)\n      keys: [\(scope)]\n"
            try text.replacingOccurrences(of: anchor, with: anchor + entry).write(to: url, atomically: true, encoding: .utf8)
        }
        return token
    }

    /// Starts node k (its output appended to `node-k/thresigd.log`).
    func start(_ k: Int) throws {
        // Debug level: the test then checks that not even debug lines carry a secret.
        processes[k] = try ChildProcess.launch(binDir.appendingPathComponent("thresigd"),
                                               ["--config", nodeDir(k).appendingPathComponent("thresigd.yaml").path, "--log-level", "debug"],
                                               log: nodeDir(k).appendingPathComponent("thresigd.log"))
    }

    /// kill -9 node k.
    func crash(_ k: Int) { ChildProcess.crash(processes[k]) }

    /// SIGTERM node k and its exit status.
    func terminate(_ k: Int) -> Int32? { ChildProcess.terminate(processes[k]) }

    func log(_ k: Int) -> String {
        (try? String(contentsOf: nodeDir(k).appendingPathComponent("thresigd.log"), encoding: .utf8)) ?? ""
    }

    // MARK: HTTP

    struct Response {
        let status: Int
        let body: Data
        let headers: [AnyHashable: Any]
        var json: [String: Any]? { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] }
        /// A header's value, its name matched without regard to case.
        func header(_ name: String) -> String? {
            headers.first { ($0.key.base as? String)?.lowercased() == name.lowercased() }?.value as? String
        }
    }

    /// Which bearer token a request carries.
    enum Credential {
        /// Node k's own admin (`*`) token.
        case admin
        /// This token.
        case token(String)
        /// No `Authorization` header.
        case none
    }

    /// One request to node k, by default with its admin token (blocking; bounded by `timeout`).
    func request(_ k: Int, _ method: String, _ path: String, body: String? = nil, headers: [String: String] = [:],
                 credential: Credential = .admin, timeout: TimeInterval = 15) throws -> Response {
        var request = URLRequest(url: URL(string: api(k) + path)!, timeoutInterval: timeout)
        request.httpMethod = method
        switch credential {
        case .admin: request.setValue("Bearer " + (try token(k)), forHTTPHeaderField: "Authorization")
        case let .token(token): request.setValue("Bearer " + token, forHTTPHeaderField: "Authorization")
        case .none: break
        }
        if let body {
            request.httpBody = Data(body.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        final class Box: @unchecked Sendable { var result: Result<Response, Error>? }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        URLSession.shared.dataTask(with: request) { data, response, error in
            if let http = response as? HTTPURLResponse {
                box.result = .success(Response(status: http.statusCode, body: data ?? Data(), headers: http.allHeaderFields))
            } else {
                box.result = .failure(error ?? Failure(description: "no response"))
            }
            done.signal()
        }.resume()
        done.wait()
        return try box.result!.get()
    }

    /// Polls `condition` until it holds or `timeout` × `hangBoundSlack` passes (a bound that
    /// turns a hang into a failure, not a sleep to wait, and nothing is measured against it).
    func poll(_ what: String, timeout: Duration, _ condition: () throws -> Bool) throws {
        let deadline = ContinuousClock.now + timeout * hangBoundSlack
        while (try? condition()) != true {
            guard ContinuousClock.now < deadline else { throw Failure(description: "timed out waiting for \(what)") }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    // MARK: Setup helpers

    /// A base port P with P+k, P+100+k and P+200+k free for k = 1…size (cluster init's layout).
    static func freeBase(size: Int) throws -> Int {
        for _ in 0..<200 {
            let base = Int.random(in: 20_000...60_000)
            let ports = (1...size).flatMap { [base + $0, base + 100 + $0, base + 200 + $0] }
            if ports.allSatisfy(ReplicaCluster.isFree) { return base }
        }
        throw Failure(description: "no free port range")
    }
}
