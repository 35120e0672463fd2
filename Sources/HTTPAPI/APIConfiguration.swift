/// Limits and credentials of the HTTP API (from the node's config file; docs/operations.md).
public struct APIConfiguration: Sendable {
    /// Largest request body accepted, in bytes (413 beyond).
    public var maxBodyBytes: Int
    /// Time a request may take before it is answered 503 `timeout`.
    public var requestTimeout: Duration
    /// Bearer tokens and their scopes.
    public var authenticator: BearerAuthenticator

    /// Limits and tokens; the defaults are the config file's (64 KiB, 10 s).
    public init(maxBodyBytes: Int = 64 * 1024, requestTimeout: Duration = .seconds(10), authenticator: BearerAuthenticator) {
        self.maxBodyBytes = maxBodyBytes
        self.requestTimeout = requestTimeout
        self.authenticator = authenticator
    }
}
