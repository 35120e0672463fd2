import Foundation
import HTTPAPI
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore

/// Tokens of the test server: an admin token and one scoped to `ready-key`.
enum TestTokens {
    static let admin = "admin-token-0123456789"
    static let scoped = "scoped-token-abcdef"
    static let authenticator = BearerAuthenticator(tokens: [(admin, .all), (scoped, TokenScope(["ready-key"]))])
}

/// A test application over a fresh fake service.
func makeTestApp(service: any SignerService = FakeSignerService(), maxBodyBytes: Int = 1024,
                 timeout: Duration = .seconds(30)) -> (some ApplicationProtocol, SignerAPI) {
    let api = SignerAPI(service: service, configuration: APIConfiguration(maxBodyBytes: maxBodyBytes, requestTimeout: timeout,
                                                                          authenticator: TestTokens.authenticator))
    return (Application(responder: api.makeResponder()), api)
}

/// A request of the test client.
struct TestRequest: Sendable {
    var uri: String
    var method: HTTPRequest.Method
    var token: String? = TestTokens.admin
    var body: String? = nil
    var headers: [(String, String)] = []

    var fields: HTTPFields {
        var f = HTTPFields()
        if let token { f[.authorization] = "Bearer \(token)" }
        if body != nil { f[.contentType] = "application/json" }
        for (name, value) in headers { f[HTTPField.Name(name)!] = value }
        return f
    }
}

extension TestClientProtocol {
    func send(_ r: TestRequest) async throws -> TestResponse {
        try await execute(uri: r.uri, method: r.method, headers: r.fields, body: r.body.map { ByteBuffer(string: $0) })
    }
}

extension TestClient {
    /// Sends a test request over the live connection (keep-alive, as `app.test(.live)` does).
    func send(_ r: TestRequest) async throws -> TestClient.Response {
        var fields = r.fields
        fields[.connection] = "keep-alive"
        return try await execute(TestClient.Request(r.uri, method: r.method, authority: "localhost", headers: fields,
                                                    body: r.body.map { ByteBuffer(string: $0) }))
    }
}

extension TestClient.Response {
    var status: HTTPResponse.Status { head.status }
    var bytes: [UInt8] { body.map { Array($0.readableBytesView) } ?? [] }
    var json: Any? { try? JSONSerialization.jsonObject(with: Data(bytes)) }
    var problemName: String? { problemTypeName(contentType: head.headerFields[.contentType], json: json) }
}

/// The problem `type` name (after `urn:thresig:problem:`), if a response is a problem.
func problemTypeName(contentType: String?, json: Any?) -> String? {
    guard contentType == "application/problem+json", let o = json as? [String: Any],
          let t = o["type"] as? String, t.hasPrefix("urn:thresig:problem:") else { return nil }
    return String(t.dropFirst("urn:thresig:problem:".count))
}

extension TestResponse {
    var bytes: [UInt8] { Array(body.readableBytesView) }
    var json: Any? { try? JSONSerialization.jsonObject(with: Data(bytes)) }
    /// The problem `type` name (after `urn:thresig:problem:`), if this is a problem response.
    var problemName: String? { problemTypeName(contentType: headers[.contentType], json: json) }
}
