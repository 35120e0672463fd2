import ArgumentParser
import Foundation

/// Where the CLI talks to: `--api`/`THRESIG_API` and `--token`/`THRESIG_TOKEN`, validated.
struct APIEndpoint: Sendable, Equatable {
    /// The base URL as given, without a trailing slash (`http://127.0.0.1:7201`).
    let base: String
    /// The bearer token, or nil for the ops routes.
    let token: String?

    /// Validates a base URL (http or https, a host, no query) and a token (printable ASCII,
    /// no spaces: it goes into an `Authorization` header verbatim).
    init(base rawBase: String, token rawToken: String?) throws(OperatorError) {
        var base = rawBase.trimmingCharacters(in: .whitespaces)
        while base.hasSuffix("/") { base.removeLast() }
        guard let components = URLComponents(string: base), let scheme = components.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty,
              components.query == nil, components.fragment == nil
        else { throw .usage("API address '\(rawBase)' is not an http(s) URL such as http://127.0.0.1:7201") }
        if let token = rawToken {
            let trimmed = token.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !trimmed.isEmpty, trimmed.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
                throw .usage("the API token must be non-empty printable ASCII without spaces")
            }
            self.token = trimmed
        } else {
            self.token = nil
        }
        self.base = base
    }

    /// The URL of an API path (`/v1/keys`).
    func url(path: String) -> URL {
        // `base` was validated as a URL and `path` is built by the CLI from validated parts.
        URL(string: base + path)!
    }
}

/// `--api` and `--token`, shared by every subcommand that talks to a node.
struct APIOptions: ParsableArguments {
    @Option(help: ArgumentHelp("API base URL of any node (default: $THRESIG_API).", valueName: "url"))
    var api: String?

    @Option(help: ArgumentHelp("Bearer token (default: $THRESIG_TOKEN). Prefer the variable: arguments are visible in ps.",
                               valueName: "token"))
    var token: String?

    /// The endpoint from the options, falling back to the environment.
    func endpoint(environment: [String: String] = ProcessInfo.processInfo.environment,
                  requireToken: Bool = true) throws(OperatorError) -> APIEndpoint {
        guard let base = api ?? environment["THRESIG_API"], !base.isEmpty else {
            throw .usage("no API address: pass --api URL or set THRESIG_API (e.g. `. DIR/env` after deploy/local-cluster.sh start)")
        }
        let token = token ?? environment["THRESIG_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        if requireToken && token == nil {
            throw .usage("no API token: pass --token TOKEN or set THRESIG_TOKEN")
        }
        return try APIEndpoint(base: base, token: token)
    }
}
