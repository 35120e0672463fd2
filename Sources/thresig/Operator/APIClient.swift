import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A small synchronous HTTP client for a `thresigd` node's API (docs/api.md).
///
/// The CLI runs one request at a time and has nothing else to do while it waits, so each
/// call blocks on URLSession's completion handler; that keeps every subcommand a plain
/// `ParsableCommand` beside the existing offline ones.
struct APIClient: Sendable {
    /// One HTTP answer: status, headers we use, and the body exactly as received (so that
    /// `--json` can print it byte for byte, e.g. to compare idempotent replays).
    struct Response: Sendable {
        let status: Int
        let contentType: String?
        let retryAfter: String?
        let location: String?
        let body: Data
    }

    let endpoint: APIEndpoint
    /// Seconds a single request may take before the CLI gives up on it.
    let timeout: TimeInterval

    init(endpoint: APIEndpoint, timeout: TimeInterval = 30) {
        self.endpoint = endpoint
        self.timeout = timeout
    }

    /// `GET path` with the bearer token.
    func get(_ path: String) throws(OperatorError) -> Response {
        try send(method: "GET", path: path, body: nil, headers: [:])
    }

    /// `POST path` with a JSON body and the bearer token.
    func post(_ path: String, json: Data, headers: [String: String] = [:]) throws(OperatorError) -> Response {
        try send(method: "POST", path: path, body: json, headers: headers)
    }

    private func send(method: String, path: String, body: Data?, headers: [String: String]) throws(OperatorError) -> Response {
        var request = URLRequest(url: endpoint.url(path: path), timeoutInterval: timeout)
        request.httpMethod = method
        request.setValue("application/json, application/problem+json", forHTTPHeaderField: "Accept")
        if let token = endpoint.token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let body {
            request.httpBody = body
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }

        let box = ResultBox()
        let done = DispatchSemaphore(value: 0)
        let task = URLSession.shared.dataTask(with: request) { data, response, error in
            if let error {
                box.set(.failure(Self.transportError(error, endpoint: endpoint)))
            } else if let http = response as? HTTPURLResponse {
                box.set(.success(Response(status: http.statusCode,
                                          contentType: http.value(forHTTPHeaderField: "Content-Type"),
                                          retryAfter: http.value(forHTTPHeaderField: "Retry-After"),
                                          location: http.value(forHTTPHeaderField: "Location"),
                                          body: data ?? Data())))
            } else {
                box.set(.failure(.unreachable(endpoint.base, "no HTTP response")))
            }
            done.signal()
        }
        task.resume()
        done.wait()
        return try box.get()
    }

    /// Names the usual ways a node is unreachable in words an operator can act on.
    static func transportError(_ error: Error, endpoint: APIEndpoint) -> OperatorError {
        guard let urlError = error as? URLError else { return .unreachable(endpoint.base, "\(error)") }
        switch urlError.code {
        case .cannotConnectToHost: return .unreachable(endpoint.base, "connection refused (is thresigd running there?)")
        case .cannotFindHost, .dnsLookupFailed: return .unreachable(endpoint.base, "unknown host")
        case .timedOut: return .unreachable(endpoint.base, "no answer within the request timeout")
        case .networkConnectionLost: return .unreachable(endpoint.base, "the connection was closed before an answer")
        default: return .unreachable(endpoint.base, urlError.localizedDescription)
        }
    }
}

extension APIClient.Response {
    /// `--json`: the body exactly as received, ending with a newline.
    func printBody() {
        FileHandle.standardOutput.write(body)
        if body.last != 0x0A { FileHandle.standardOutput.write(Data([0x0A])) }
    }
}

/// The completion handler's result, handed from URLSession's queue to the waiting thread.
private final class ResultBox: @unchecked Sendable {
    // Guarded by `lock`; written once by the completion handler, read after the semaphore.
    private let lock = NSLock()
    private var result: Result<APIClient.Response, OperatorError> = .failure(.unreachable("", "no answer"))

    func set(_ value: Result<APIClient.Response, OperatorError>) {
        lock.lock(); defer { lock.unlock() }
        result = value
    }

    func get() throws(OperatorError) -> APIClient.Response {
        lock.lock(); defer { lock.unlock() }
        return try result.get()
    }
}
