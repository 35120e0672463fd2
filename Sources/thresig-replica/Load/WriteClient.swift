import LogClient
import SignerNode

/// One closed-loop client of a system under test: `write` returns once the system has
/// acknowledged a 100-byte (or `--value-bytes`) write as committed, or throws.
protocol WriteClient {
    /// Performs one acknowledged write of `value`.
    func write(_ value: [UInt8]) throws
    /// Closes the client's connections.
    func close()
}

/// Thresig: a `put` of the record log's register through `LogClient` (retries, primary hint).
final class ThresigWriteClient: WriteClient {
    let client: LogClient

    init(endpoints: [LogClient.Endpoint], attemptTimeout: Duration) {
        client = LogClient(endpoints: endpoints, attemptTimeout: attemptTimeout)
    }

    func write(_ value: [UInt8]) throws {
        _ = try client.submit(RecordLog.put(value), timeout: .seconds(30))
    }

    func close() { client.close() }
}
