import Foundation
import HTTPTypes

/// One route of the API. ``all`` is the single list the router is built from and the OpenAPI
/// conformance test compares docs/openapi.yaml against, so a route cannot exist undocumented.
public struct APIRoute: Hashable, Sendable, CustomStringConvertible {
    /// `GET`, `POST`, …
    public let method: String
    /// OpenAPI path template (`/v1/keys/{id}`).
    public let path: String

    /// A route: HTTP method and OpenAPI path template.
    public init(_ method: String, _ path: String) {
        self.method = method
        self.path = path
    }

    /// `POST /v1/keys`: start a ceremony.
    public static let createKey = APIRoute("POST", "/v1/keys")
    /// `GET /v1/keys`: the keys the token may use.
    public static let listKeys = APIRoute("GET", "/v1/keys")
    /// `GET /v1/keys/{id}`: one key.
    public static let getKey = APIRoute("GET", "/v1/keys/{id}")
    /// `POST /v1/keys/{id}/sign`: sign a message.
    public static let sign = APIRoute("POST", "/v1/keys/{id}/sign")
    /// `POST /v1/keys/{id}/reshare`: not implemented yet (501).
    public static let reshare = APIRoute("POST", "/v1/keys/{id}/reshare")
    /// `GET /v1/ceremonies/{id}`: a ceremony's progress.
    public static let getCeremony = APIRoute("GET", "/v1/ceremonies/{id}")
    /// `GET /v1/cluster`: members, view, primary, commit index.
    public static let cluster = APIRoute("GET", "/v1/cluster")
    /// `GET /healthz`: liveness.
    public static let healthz = APIRoute("GET", "/healthz")
    /// `GET /readyz`: readiness.
    public static let readyz = APIRoute("GET", "/readyz")
    /// `GET /metrics`: Prometheus exposition.
    public static let metrics = APIRoute("GET", "/metrics")

    /// Every route the server answers.
    public static let all: [APIRoute] = [createKey, listKeys, getKey, sign, reshare, getCeremony, cluster, healthz, readyz, metrics]

    /// The router's form of the path (`{id}` → `:id`).
    var routerPath: String {
        path.replacingOccurrences(of: "{", with: ":").replacingOccurrences(of: "}", with: "")
    }

    var httpMethod: HTTPRequest.Method { HTTPRequest.Method(method)! }

    public var description: String { "\(method) \(path)" }
}
