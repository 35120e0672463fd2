import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// An API error: rendered as `application/problem+json` (RFC 9457) with a stable ``ProblemType``.
public struct Problem: Error, Sendable, Equatable {
    /// The stable problem type.
    public let type: ProblemType
    /// Occurrence-specific explanation; never contains a secret or a token.
    public let detail: String?
    /// Seconds for `Retry-After` (503s).
    public let retryAfter: Int?

    /// A problem of `type`, with an optional detail and `Retry-After` seconds.
    public init(_ type: ProblemType, _ detail: String? = nil, retryAfter: Int? = nil) {
        self.type = type
        self.detail = detail
        self.retryAfter = retryAfter
    }

    /// The HTTP response.
    public func response() -> Response {
        var object: [String: Any] = ["type": type.uri, "title": type.title, "status": type.status]
        if let detail { object["detail"] = detail }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        var headers: HTTPFields = [.contentType: "application/problem+json"]
        if let retryAfter { headers[.retryAfter] = String(retryAfter) }
        if type == .unauthorized { headers[.wwwAuthenticate] = "Bearer" }
        return Response(status: HTTPResponse.Status(code: type.status), headers: headers,
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}

extension Problem {
    /// The problem for any error a route or the framework threw.
    static func from(_ error: any Error) -> Problem {
        switch error {
        case let p as Problem: return p
        case is NIOTooManyBytesError: return Problem(.bodyTooLarge)
        case let e as HTTPError:
            switch e.status {
            case .notFound: return Problem(.notFound)
            case .methodNotAllowed: return Problem(.notFound)
            case .contentTooLarge: return Problem(.bodyTooLarge)
            default: return Problem(e.status.code < 500 ? .invalidRequest : .internalError)
            }
        default:
            // Never echo an unknown error's text: it could carry internals.
            return Problem(.internalError)
        }
    }
}
