/// The stable `type`s of the API's `application/problem+json` errors (RFC 9457). Clients match
/// on the `type` URI, never on `title` or `detail`; a type, once published, keeps its meaning.
/// docs/api.md lists them with their status codes.
public enum ProblemType: String, Sendable, CaseIterable {
    case malformedJSON = "malformed-json"
    case invalidHex = "invalid-hex"
    case invalidRequest = "invalid-request"
    case invalidIdempotencyKey = "invalid-idempotency-key"
    case unsupportedMediaType = "unsupported-media-type"
    case bodyTooLarge = "body-too-large"
    case unauthorized = "unauthorized"
    case forbidden = "forbidden"
    case notFound = "not-found"
    case unknownKey = "unknown-key"
    case unknownCeremony = "unknown-ceremony"
    case keyNotReady = "key-not-ready"
    case idempotencyConflict = "idempotency-conflict"
    case notImplemented = "not-implemented"
    case unavailable = "unavailable"
    case timeout = "timeout"
    case internalError = "internal"
    /// An ECDSA key signs a 32-byte digest: `message` must be `0x` + 64 hex digits.
    case invalidDigest = "invalid-digest"
    /// The σ_i of a consumed presignature did not combine into a valid signature (a faulty
    /// signer); the presignature is burnt, retry with a new Idempotency-Key.
    case signingFailed = "signing-failed"

    /// The `type` member: `urn:thresig:problem:<name>` (a URN, so that it never pretends to be
    /// a dereferenceable page).
    public var uri: String { "urn:thresig:problem:" + rawValue }

    /// The HTTP status that goes with the type.
    public var status: Int {
        switch self {
        case .malformedJSON, .invalidHex, .invalidRequest, .invalidIdempotencyKey, .invalidDigest: 400
        case .unauthorized: 401
        case .forbidden: 403
        case .notFound, .unknownKey, .unknownCeremony: 404
        case .keyNotReady: 409
        case .bodyTooLarge: 413
        case .unsupportedMediaType: 415
        case .idempotencyConflict: 422
        case .internalError, .signingFailed: 500
        case .notImplemented: 501
        case .unavailable, .timeout: 503
        }
    }

    /// A short human summary (RFC 9457 §3.1.3), constant per type.
    public var title: String {
        switch self {
        case .malformedJSON: "Request body is not valid JSON"
        case .invalidHex: "A hex field is not valid 0x-prefixed hex"
        case .invalidRequest: "Request fields are missing or invalid"
        case .invalidIdempotencyKey: "Idempotency-Key must be 1 to 255 printable ASCII characters"
        case .unsupportedMediaType: "Request body must be application/json"
        case .bodyTooLarge: "Request body exceeds the configured limit"
        case .unauthorized: "Missing or unknown bearer token"
        case .forbidden: "Token is not scoped to this key"
        case .notFound: "No such route (path or method)"
        case .unknownKey: "No such key"
        case .unknownCeremony: "No such ceremony"
        case .keyNotReady: "The key's ceremony has not completed"
        case .idempotencyConflict: "Idempotency-Key was used with a different request"
        case .notImplemented: "Not implemented by this version"
        case .unavailable: "The cluster cannot serve this request now"
        case .timeout: "The request did not complete in time"
        case .invalidDigest: "An ECDSA key signs a 32-byte digest (0x + 64 hex digits)"
        case .signingFailed: "The combined signature does not verify"
        case .internalError: "Internal error"
        }
    }
}
