import HTTPTypes
import Primitives
import SignerNode

/// What a bearer token may touch.
public enum TokenScope: Sendable, Equatable {
    /// Every key and the cluster-wide routes (create keys, cluster status): the admin token.
    case all
    /// Only these key ids.
    case keys(Set<String>)

    /// Parses the config form: `["*"]` or a list of key ids.
    public init(_ list: [String]) {
        self = list.contains("*") ? .all : .keys(Set(list))
    }

    func allows(_ keyID: KeyID) -> Bool {
        switch self {
        case .all: true
        case let .keys(set): set.contains(keyID.rawValue)
        }
    }
}

/// Checks `Authorization: Bearer …` against the configured tokens.
///
/// Only SHA-256 digests of the tokens are kept, and a presented token is compared with every one
/// of them in constant time, without stopping at a match: neither the time to answer nor the
/// memory of the process tells an attacker how close a guess was.
public struct BearerAuthenticator: Sendable {
    struct Entry: Sendable {
        let digest: [UInt8]
        let scope: TokenScope
    }

    private let entries: [Entry]

    /// Tokens (the secret strings from the config) with their scopes.
    public init(tokens: [(token: String, scope: TokenScope)]) {
        entries = tokens.map { Entry(digest: SHA256.hash(Array($0.token.utf8)), scope: $0.scope) }
    }

    /// The scope of the request's token; `unauthorized` when absent or unknown.
    func scope(of request: HTTPFields) throws(Problem) -> TokenScope {
        guard let header = request[.authorization] else { throw Problem(.unauthorized, "no Authorization header") }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer", !parts[1].isEmpty else {
            throw Problem(.unauthorized, "Authorization is not a bearer token")
        }
        let digest = SHA256.hash(Array(parts[1].utf8))
        var found: TokenScope? = nil
        for entry in entries {
            let match = ConstantTime.equal(digest, entry.digest)
            if match && found == nil { found = entry.scope }
        }
        guard let found else { throw Problem(.unauthorized, "unknown token") }
        return found
    }

    /// Requires a token allowed to touch `keyID`.
    func authorize(_ request: HTTPFields, key keyID: KeyID) throws(Problem) -> TokenScope {
        let scope = try scope(of: request)
        guard scope.allows(keyID) else { throw Problem(.forbidden, "token not scoped to key \(keyID.rawValue)") }
        return scope
    }

    /// Requires the `*` scope.
    func authorizeAdmin(_ request: HTTPFields) throws(Problem) {
        guard try scope(of: request) == .all else { throw Problem(.forbidden, "this route needs a token with scope *") }
    }
}
