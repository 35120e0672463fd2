import Foundation
import HTTPAPI
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import Yams

/// docs/openapi.yaml against the server: every documented route exists (and every route is
/// documented), and every documented response code is produced by a scenario whose body has
/// the documented shape.
@Suite struct OpenAPIConformanceTests {
    static let specPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../docs/openapi.yaml").standardized.path

    static func loadSpec() throws -> [String: Any] {
        let text = try String(contentsOfFile: specPath, encoding: .utf8)
        return try #require(try Yams.load(yaml: text) as? [String: Any])
    }

    /// (method, path, status) triples the spec documents.
    static func documented(_ spec: [String: Any]) throws -> Set<String> {
        var out = Set<String>()
        let paths = try #require(spec["paths"] as? [String: Any])
        for (path, item) in paths {
            let ops = try #require(item as? [String: Any])
            for (method, op) in ops where ["get", "post", "put", "delete", "patch"].contains(method) {
                let responses = try #require((op as? [String: Any])?["responses"] as? [String: Any])
                for status in responses.keys { out.insert("\(method.uppercased()) \(path) \(status)") }
            }
        }
        return out
    }

    /// One scenario per documented response.
    struct Scenario: Sendable {
        let route: APIRoute
        let status: Int
        let request: TestRequest
        var before: (@Sendable (FakeSignerService) async -> Void)? = nil
        var key: String { "\(route.method) \(route.path) \(status)" }
    }

    static let scenarios: [Scenario] = {
        let create = #"{"scheme":"bls","threshold":2,"committee_size":3,"label":"x"}"#
        let sign = #"{"message":"0x68656c6c6f"}"#
        func s(_ route: APIRoute, _ status: Int, _ uri: String, token: String? = TestTokens.admin, body: String? = nil,
               headers: [(String, String)] = [], before: (@Sendable (FakeSignerService) async -> Void)? = nil) -> Scenario {
            Scenario(route: route, status: status,
                     request: TestRequest(uri: uri, method: HTTPRequest.Method(route.method)!, token: token, body: body, headers: headers),
                     before: before)
        }
        return [
            s(.createKey, 202, "/v1/keys", body: create),
            s(.createKey, 400, "/v1/keys", body: #"{"scheme":"bls","threshold":3,"committee_size":2,"label":"x"}"#),
            s(.createKey, 401, "/v1/keys", token: nil, body: create),
            s(.createKey, 403, "/v1/keys", token: TestTokens.scoped, body: create),
            s(.createKey, 413, "/v1/keys", body: #"{"label":""# + String(repeating: "a", count: 2000) + #""}"#),
            s(.createKey, 415, "/v1/keys", body: create, headers: [("Content-Type", "text/plain")]),
            s(.createKey, 503, "/v1/keys", body: create, before: { await $0.set(unavailable: true) }),
            s(.listKeys, 200, "/v1/keys"),
            s(.listKeys, 401, "/v1/keys", token: "wrong"),
            s(.getKey, 200, "/v1/keys/ready-key", token: TestTokens.scoped),
            s(.getKey, 401, "/v1/keys/ready-key", token: nil),
            s(.getKey, 403, "/v1/keys/other", token: TestTokens.scoped),
            s(.getKey, 404, "/v1/keys/absent"),
            s(.sign, 200, "/v1/keys/ready-key/sign", body: sign, headers: [("Idempotency-Key", "abc")]),
            s(.sign, 400, "/v1/keys/ready-key/sign", body: #"{"message":"68656c"}"#),
            s(.sign, 401, "/v1/keys/ready-key/sign", token: nil, body: sign),
            s(.sign, 403, "/v1/keys/pending-key/sign", token: TestTokens.scoped, body: sign),
            s(.sign, 404, "/v1/keys/absent/sign", body: sign),
            s(.sign, 409, "/v1/keys/pending-key/sign", body: sign),
            s(.sign, 413, "/v1/keys/ready-key/sign", body: #"{"message":"0x"# + String(repeating: "00", count: 1024) + #""}"#),
            s(.sign, 422, "/v1/keys/ready-key/sign", body: #"{"message":"0x01"}"#, headers: [("Idempotency-Key", "dup")], before: { svc in
                _ = try? await svc.sign(keyID: .init("ready-key")!, message: [2], idempotencyKey: "dup")
            }),
            s(.sign, 503, "/v1/keys/ready-key/sign", body: sign, before: { await $0.set(unavailable: true) }),
            s(.reshare, 401, "/v1/keys/ready-key/reshare", token: nil),
            s(.reshare, 403, "/v1/keys/other/reshare", token: TestTokens.scoped),
            s(.reshare, 501, "/v1/keys/ready-key/reshare"),
            s(.getCeremony, 200, "/v1/ceremonies/pending-key"),
            s(.getCeremony, 401, "/v1/ceremonies/pending-key", token: nil),
            s(.getCeremony, 403, "/v1/ceremonies/pending-key", token: TestTokens.scoped),
            s(.getCeremony, 404, "/v1/ceremonies/absent"),
            s(.cluster, 200, "/v1/cluster"),
            s(.cluster, 401, "/v1/cluster", token: nil),
            s(.cluster, 403, "/v1/cluster", token: TestTokens.scoped),
            s(.healthz, 200, "/healthz", token: nil),
            s(.readyz, 200, "/readyz", token: nil),
            s(.readyz, 503, "/readyz", token: nil, before: { await $0.set(ready: false) }),
            s(.metrics, 200, "/metrics", token: nil),
        ]
    }()

    @Test func everyRouteIsDocumentedAndEveryDocumentedRouteExists() throws {
        let spec = try Self.loadSpec()
        let paths = try #require(spec["paths"] as? [String: Any])
        var documentedRoutes = Set<String>()
        for (path, item) in paths {
            for method in (item as? [String: Any] ?? [:]).keys where ["get", "post", "put", "delete", "patch"].contains(method) {
                documentedRoutes.insert("\(method.uppercased()) \(path)")
            }
        }
        #expect(documentedRoutes == Set(APIRoute.all.map(\.description)))
        // Every documented response has a scenario and every scenario is documented.
        #expect(try Self.documented(spec) == Set(Self.scenarios.map(\.key)))
    }

    @Test(arguments: OpenAPIConformanceTests.scenarios.indices)
    func scenarioAnswersAsDocumented(_ index: Int) async throws {
        let scenario = Self.scenarios[index]
        let spec = try Self.loadSpec()
        let service = FakeSignerService()
        if let before = scenario.before { await before(service) }
        let (app, _) = makeTestApp(service: service)
        let response = try await app.test(.router) { client in try await client.send(scenario.request) }
        #expect(response.status.code == scenario.status, "\(scenario.key): got \(response.status.code) \(String(decoding: response.bytes, as: UTF8.self))")
        let documentedResponse = try Self.response(spec, scenario)
        let content = try #require(documentedResponse["content"] as? [String: Any])
        let contentType = try #require(response.headers[.contentType]).split(separator: ";")[0]
        let media = try #require(content[String(contentType)] as? [String: Any], "\(scenario.key): undocumented content type \(contentType)")
        let schema = try #require(media["schema"] as? [String: Any])
        if contentType.hasSuffix("json") {
            let body = try #require(response.json, "\(scenario.key): body is not JSON")
            let errors = SchemaChecker(spec: spec).check(body, against: schema, at: "$")
            #expect(errors.isEmpty, "\(scenario.key): \(errors)")
        }
        if let headers = documentedResponse["headers"] as? [String: Any] {
            for name in headers.keys {
                #expect(response.headers[HTTPField.Name(name)!] != nil, "\(scenario.key): header \(name) missing")
            }
        }
    }

    /// The documented response object of a scenario, `$ref` resolved.
    static func response(_ spec: [String: Any], _ s: Scenario) throws -> [String: Any] {
        let paths = try #require(spec["paths"] as? [String: Any])
        let item = try #require(paths[s.route.path] as? [String: Any])
        let op = try #require(item[s.route.method.lowercased()] as? [String: Any])
        let responses = try #require(op["responses"] as? [String: Any])
        var r = try #require(responses[String(s.status)] as? [String: Any])
        if let ref = r["$ref"] as? String { r = try #require(SchemaChecker(spec: spec).resolve(ref)) }
        return r
    }
}

/// A small JSON Schema checker for the subset docs/openapi.yaml uses: `$ref`, `type`
/// (object, array, string, integer), `required`, `properties`, `items`, `enum`,
/// `additionalProperties: false`.
struct SchemaChecker {
    let spec: [String: Any]

    func resolve(_ ref: String) -> [String: Any]? {
        guard ref.hasPrefix("#/") else { return nil }
        var node: Any = spec
        for part in ref.dropFirst(2).split(separator: "/") {
            guard let dict = node as? [String: Any], let next = dict[String(part)] else { return nil }
            node = next
        }
        return node as? [String: Any]
    }

    func check(_ value: Any, against schema: [String: Any], at path: String) -> [String] {
        if let ref = schema["$ref"] as? String {
            guard let target = resolve(ref) else { return ["\(path): unresolved \(ref)"] }
            return check(value, against: target, at: path)
        }
        var errors: [String] = []
        switch schema["type"] as? String {
        case "object":
            guard let object = value as? [String: Any] else { return ["\(path): not an object"] }
            for name in schema["required"] as? [String] ?? [] where object[name] == nil {
                errors.append("\(path).\(name): missing")
            }
            let properties = schema["properties"] as? [String: Any] ?? [:]
            for (name, v) in object {
                if let p = properties[name] as? [String: Any] {
                    errors += check(v, against: p, at: "\(path).\(name)")
                } else if schema["additionalProperties"] as? Bool == false {
                    errors.append("\(path).\(name): not allowed")
                }
            }
        case "array":
            guard let array = value as? [Any] else { return ["\(path): not an array"] }
            if let items = schema["items"] as? [String: Any] {
                for (i, v) in array.enumerated() { errors += check(v, against: items, at: "\(path)[\(i)]") }
            }
        case "string":
            guard let s = value as? String else { return ["\(path): not a string"] }
            if let allowed = schema["enum"] as? [String], !allowed.contains(s) { errors.append("\(path): \(s) not in \(allowed)") }
        case "integer":
            guard let n = value as? NSNumber, String(cString: n.objCType) != "c", n.doubleValue == Double(n.intValue) else {
                return ["\(path): not an integer"]
            }
        default:
            break
        }
        return errors
    }
}
