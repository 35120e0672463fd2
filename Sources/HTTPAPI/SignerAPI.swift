import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Primitives
import SignerNode

/// The node's HTTP API (DESIGN.md, "HTTP API"; docs/openapi.yaml): the `/v1` routes and the ops
/// endpoints, over a ``SignerService``.
///
/// Every answer that is not a success is `application/problem+json` with a ``ProblemType``;
/// every request is bounded in body size and time; every `/v1` route needs a bearer token.
public struct SignerAPI: Sendable {
    /// The node behind the API.
    public let service: any SignerService
    /// Limits and tokens.
    public let configuration: APIConfiguration
    /// Request metrics and the registry `/metrics` renders.
    public let metrics: APIMetrics
    /// One line per answered request (route, method, status, duration, problem type) — never a
    /// header, a body or a token.
    public let logger: Logger

    /// An API over `service`.
    public init(service: any SignerService, configuration: APIConfiguration, metrics: APIMetrics = APIMetrics(),
                logger: Logger = Logger(label: "thresig.http")) {
        self.service = service
        self.configuration = configuration
        self.metrics = metrics
        self.logger = logger
    }

    /// The responder: the router with the problem middleware.
    public func makeResponder() -> some HTTPResponder<BasicRequestContext> {
        makeRouter().buildResponder()
    }

    /// A Hummingbird application serving the API on `host:port`.
    ///
    /// `onServerRunning` is called once the listener is bound, with its local address: with
    /// port 0 it is the only way to learn which port the kernel chose.
    public func makeApplication(host: String, port: Int,
                                onServerRunning: @escaping @Sendable (SocketAddress?) async -> Void = { _ in })
        -> some ApplicationProtocol {
        Application(responder: makeResponder(),
                    configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: "thresigd"),
                    onServerRunning: { channel in await onServerRunning(channel.localAddress) })
    }

    func makeRouter() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: ProblemMiddleware(metrics: metrics))
        for route in APIRoute.all {
            let handler = self.handler(for: route)
            router.on(RouterPath(route.routerPath), method: route.httpMethod) { request, context in
                await self.run(route, request, context, handler)
            }
        }
        return router
    }

    typealias Handler = @Sendable (Request, BasicRequestContext) async throws -> Response

    /// Runs a handler under the request timeout, maps its errors to problems, records metrics.
    func run(_ route: APIRoute, _ request: Request, _ context: BasicRequestContext, _ handler: @escaping Handler) async -> Response {
        let start = ContinuousClock.now
        let response: Response
        var problem: Problem?
        do {
            response = try await withTimeout(configuration.requestTimeout) { try await handler(request, context) }
        } catch {
            problem = Problem.from(error)
            response = problem!.response()
        }
        let duration = ContinuousClock.now - start
        metrics.record(route: route.path, method: route.method, status: response.status.code, duration: duration)
        var metadata: Logger.Metadata = ["route": "\(route.path)", "method": "\(route.method)",
                                         "status": "\(response.status.code)", "duration": "\(duration)"]
        if let problem { metadata["problem"] = "\(problem.type.rawValue)" }
        logger.log(level: response.status.code >= 500 ? .warning : .debug, "request", metadata: metadata)
        return response
    }

    func handler(for route: APIRoute) -> Handler {
        switch route {
        case .createKey: return { request, _ in try await self.createKey(request) }
        case .listKeys: return { request, _ in try await self.listKeys(request) }
        case .getKey: return { request, context in try await self.getKey(request, context) }
        case .sign: return { request, context in try await self.sign(request, context) }
        case .reshare: return { request, context in try await self.reshare(request, context) }
        case .getCeremony: return { request, context in try await self.getCeremony(request, context) }
        case .cluster: return { request, _ in try await self.cluster(request) }
        case .healthz: return { _, _ in try Self.json(["status": "ok"]) }
        case .readyz: return { _, _ in try await self.readyz() }
        case .metrics:
            return { _, _ in
                Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                         body: ResponseBody(byteBuffer: ByteBuffer(bytes: self.metrics.render())))
            }
        default: return { _, _ in throw Problem(.notFound) }
        }
    }

    // MARK: Routes

    func createKey(_ request: Request) async throws -> Response {
        try configuration.authenticator.authorizeAdmin(request.headers)
        let body = try await Self.jsonObject(request, limit: configuration.maxBodyBytes,
                                             allowed: ["scheme", "threshold", "committee_size", "label"])
        let scheme = try Self.field(body, "scheme", as: String.self)
        guard Scheme(name: scheme) != nil else { throw Problem(.invalidRequest, "scheme must be \"bls\" or \"ecdsa-secp256k1\"") }
        let t = try Self.integer(body, "threshold"), n = try Self.integer(body, "committee_size")
        guard t >= 1, n >= t, n <= SessionEntry.maximumCommittee else {
            throw Problem(.invalidRequest, "need 1 ≤ threshold ≤ committee_size ≤ \(SessionEntry.maximumCommittee)")
        }
        let label = try Self.field(body, "label", as: String.self)
        guard label.utf8.count <= SessionEntry.maximumLabel else { throw Problem(.invalidRequest, "label longer than \(SessionEntry.maximumLabel) bytes") }
        let view = try await call { () async throws(ServiceError) in
            try await service.createKey(CreateKeyRequest(scheme: scheme, threshold: t, committeeSize: n, label: label))
        }
        var response = try Self.json(view, status: .accepted)
        response.headers[.location] = "/v1/ceremonies/\(view.keyID)"
        return response
    }

    func listKeys(_ request: Request) async throws -> Response {
        let scope = try configuration.authenticator.scope(of: request.headers)
        let keys = try await call { () async throws(ServiceError) in try await service.keys() }
        let visible = keys.filter { k in KeyID(k.keyID).map(scope.allows) ?? false }
        return try Self.json(["keys": visible])
    }

    func getKey(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let keyID = try Self.keyID(context)
        _ = try configuration.authenticator.authorize(request.headers, key: keyID)
        return try Self.json(try await call { () async throws(ServiceError) in try await service.key(keyID) })
    }

    func getCeremony(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let keyID = try Self.keyID(context)
        _ = try configuration.authenticator.authorize(request.headers, key: keyID)
        return try Self.json(try await call { () async throws(ServiceError) in try await service.ceremony(keyID) })
    }

    func sign(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let keyID = try Self.keyID(context)
        _ = try configuration.authenticator.authorize(request.headers, key: keyID)
        let idempotencyKey = request.headers[.idempotencyKey]
        if let idempotencyKey, !IdempotencyKey.isValid(idempotencyKey) {
            throw Problem(.invalidIdempotencyKey)
        }
        let body = try await Self.jsonObject(request, limit: configuration.maxBodyBytes, allowed: ["message"])
        let message = try Self.hex(try Self.field(body, "message", as: String.self), field: "message")
        let stored = try await call { () async throws(ServiceError) in
            try await service.sign(keyID: keyID, message: message, idempotencyKey: idempotencyKey)
        }
        let status = HTTPResponse.Status(code: stored.status)
        let contentType = status.kind == .successful ? "application/json" : "application/problem+json"
        return Response(status: status, headers: [.contentType: contentType],
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: stored.body)))
    }

    func reshare(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let keyID = try Self.keyID(context)
        _ = try configuration.authenticator.authorize(request.headers, key: keyID)
        throw Problem(.notImplemented, "resharing is not implemented yet")
    }

    func cluster(_ request: Request) async throws -> Response {
        try configuration.authenticator.authorizeAdmin(request.headers)
        return try Self.json(try await call { () async throws(ServiceError) in try await service.cluster() })
    }

    func readyz() async throws -> Response {
        switch await service.readiness() {
        case .ready: return try Self.json(["status": "ready"])
        case let .notReady(reason, retry): throw Problem(.unavailable, reason, retryAfter: retry)
        }
    }

    // MARK: Helpers

    /// Calls the service, turning its typed errors into problems.
    func call<T>(_ body: () async throws(ServiceError) -> T) async throws(Problem) -> T {
        do { return try await body() } catch { throw error.problem }
    }

    static func keyID(_ context: BasicRequestContext) throws(Problem) -> KeyID {
        guard let raw = context.parameters.get("id"), let keyID = KeyID(raw) else { throw Problem(.unknownKey, "malformed key id") }
        return keyID
    }

    /// The request body as a JSON object with only `allowed` members.
    static func jsonObject(_ request: Request, limit: Int, allowed: Set<String>) async throws -> [String: Any] {
        if let type = request.headers[.contentType], !type.lowercased().hasPrefix("application/json") {
            throw Problem(.unsupportedMediaType)
        }
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            throw Problem(.bodyTooLarge, "limit is \(limit) bytes")
        }
        let buffer: ByteBuffer
        do { buffer = try await request.body.collect(upTo: limit) } catch is NIOTooManyBytesError {
            throw Problem(.bodyTooLarge, "limit is \(limit) bytes")
        }
        let object: Any
        do { object = try JSONSerialization.jsonObject(with: Data(buffer.readableBytesView)) } catch {
            throw Problem(.malformedJSON)
        }
        guard let dict = object as? [String: Any] else { throw Problem(.invalidRequest, "body must be a JSON object") }
        if let unknown = dict.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw Problem(.invalidRequest, "unknown field \(unknown)")
        }
        return dict
    }

    static func field<T>(_ object: [String: Any], _ name: String, as: T.Type) throws(Problem) -> T {
        guard let value = object[name] else { throw Problem(.invalidRequest, "missing field \(name)") }
        guard let typed = value as? T else { throw Problem(.invalidRequest, "field \(name) has the wrong type") }
        return typed
    }

    /// An integer field: a JSON number with no fraction (booleans are refused).
    static func integer(_ object: [String: Any], _ name: String) throws(Problem) -> Int {
        let n = try field(object, name, as: NSNumber.self)
        guard String(cString: n.objCType) != "c", n.doubleValue == Double(n.intValue) else {
            throw Problem(.invalidRequest, "field \(name) must be an integer")
        }
        return n.intValue
    }

    /// `0x`-prefixed hex (even length; `0x` alone is the empty byte string).
    static func hex(_ text: String, field: String) throws(Problem) -> [UInt8] {
        guard text.hasPrefix("0x"), let bytes = try? Hex.decode(text) else {
            throw Problem(.invalidHex, "\(field) must be 0x-prefixed hex")
        }
        return bytes
    }

    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(value)
        return Response(status: status, headers: [.contentType: "application/json"],
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// Races `body` against `timeout`; the loser is cancelled.
func withTimeout<T: Sendable>(_ timeout: Duration, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: timeout)
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let value = first else {
            throw Problem(.timeout, "no answer within \(timeout)", retryAfter: 1)
        }
        return value
    }
}

/// Router middleware, added before the routes so that it also wraps Hummingbird's not-found
/// responder: unmatched paths and methods become problems. The routes themselves never throw
/// (``SignerAPI/run(_:_:_:_:)`` renders their errors), so whatever arrives here is unmatched.
struct ProblemMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext
    let metrics: APIMetrics

    func handle(_ request: Request, context: BasicRequestContext,
                next: (Request, BasicRequestContext) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let response = Problem.from(error).response()
            metrics.record(route: "unmatched", method: request.method.rawValue, status: response.status.code, duration: .zero)
            return response
        }
    }
}

extension HTTPField.Name {
    /// `Idempotency-Key` (draft-ietf-httpapi-idempotency-key-header).
    static let idempotencyKey = HTTPField.Name("Idempotency-Key")!
}
