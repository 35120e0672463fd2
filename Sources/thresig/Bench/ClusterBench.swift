import ArgumentParser
import Foundation

/// `thresig bench cluster` — signing throughput and latency of a running cluster over HTTP.
struct ClusterBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cluster",
        abstract: "Signing throughput and latency of a running cluster over its HTTP API.",
        discussion: """
        Runs --concurrency closed-loop clients against POST /v1/keys/ID/sign on --api
        (or $THRESIG_API) with --token (or $THRESIG_TOKEN). Each client keeps one
        HTTP/1.1 keep-alive connection and sends {"message":"0x…"} with a fresh random
        32-byte message (no Idempotency-Key: every request is a new signature), waits
        for the answer and sends the next. After --warmup seconds it measures for
        --duration seconds and prints signatures/s, latency p50/p99/p999/max and the
        errors by HTTP status of the requests that started in that window (those
        still in flight at its end are waited for, counted and reported as "finished
        after the window"). One request is sent first to check the key and token.
        scripts/bench-cluster.sh (make bench-cluster) runs it on a fresh 4-node cluster.

        Exit status: 0 measured; 1 the probe request failed or the node is unreachable;
        2 bad arguments.

        Example:
          . /tmp/c/env
          thresig bench cluster --key 3f2a… --concurrency 32 --duration 10
        """
    )

    @Option(help: "Key id to sign with.") var key: String
    @Option(help: "Closed-loop clients (one connection each).") var concurrency: Int = 32
    @Option(help: "Measured seconds.") var duration: Double = 10
    @Option(help: "Warm-up seconds before measuring.") var warmup: Double = 2
    @Flag(help: "Print one JSON object instead of text.") var json = false
    @OptionGroup var apiOptions: APIOptions

    func validate() throws {
        guard (1...1024).contains(concurrency) else { throw ValidationError("--concurrency must be 1…1024") }
        guard duration > 0, duration <= 3600 else { throw ValidationError("--duration must be in (0, 3600] seconds") }
        guard warmup >= 0, warmup <= 600 else { throw ValidationError("--warmup must be in [0, 600] seconds") }
    }

    func run() throws {
        do { try bench() } catch { throw error.exit() }
    }

    private func bench() throws(OperatorError) {
        let endpoint = try apiOptions.endpoint()
        guard let components = URLComponents(string: endpoint.base), components.scheme?.lowercased() == "http",
              let host = components.host, components.path.isEmpty
        else { throw .usage("bench cluster speaks plain HTTP to a node: --api must be http://HOST:PORT, not '\(endpoint.base)'") }
        let port = components.port ?? 80
        guard let port16 = UInt16(exactly: port) else { throw .usage("port \(port) out of range") }
        let driver = ClusterBenchDriver(host: host, port: port16, token: endpoint.token ?? "",
                                        keyID: try OperatorInput.keyID(key), clients: concurrency,
                                        warmup: .milliseconds(Int64(warmup * 1000)), duration: .milliseconds(Int64(duration * 1000)))
        let probe: KeepAliveHTTPConnection.Response
        do { probe = try driver.probe() } catch { throw .unreachable(endpoint.base, "\(error)") }
        guard probe.status == 200 else {
            throw .failed("the probe sign request answered HTTP \(probe.status): \(String(decoding: probe.body.prefix(300), as: UTF8.self))")
        }
        let result = driver.run()
        print(json ? result.json : result.text)
    }
}
