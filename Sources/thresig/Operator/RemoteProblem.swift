import Foundation

/// An RFC 9457 problem document as the node sends it (docs/api.md, "Problem types").
struct RemoteProblem: Sendable, Equatable, Decodable {
    /// `urn:thresig:problem:<name>`; stable, the thing to match on.
    let type: String
    /// Constant per type.
    let title: String
    /// The HTTP status the node answered with.
    let status: Int
    /// Varies per request; never a secret.
    let detail: String?
    /// The `Retry-After` header of a 503, when present (not part of the JSON).
    var retryAfter: String? = nil

    enum CodingKeys: String, CodingKey { case type, title, status, detail }

    /// The short name after the URN prefix (`unknown-key`).
    var name: String {
        let prefix = "urn:thresig:problem:"
        return type.hasPrefix(prefix) ? String(type.dropFirst(prefix.count)) : type
    }

    /// `403 forbidden: Forbidden — the token is not scoped to key k1 (retry after 1 s)` —
    /// one line, control characters removed so a hostile server cannot rewrite the terminal.
    var oneLine: String {
        var text = "\(status) \(name): \(title)"
        if let detail, !detail.isEmpty { text += " — \(detail)" }
        if let retryAfter { text += " (retry after \(retryAfter) s)" }
        return String(String.UnicodeScalarView(text.unicodeScalars.filter { !$0.properties.generalCategory.isControl }))
    }

    /// Parses a problem from an error response; nil when the body is not a problem document.
    static func parse(_ body: Data, retryAfter: String? = nil) -> RemoteProblem? {
        guard var problem = try? JSONDecoder().decode(RemoteProblem.self, from: body),
              !problem.type.isEmpty else { return nil }
        problem.retryAfter = retryAfter
        return problem
    }
}

extension Unicode.GeneralCategory {
    /// Cc, Cf and the separators other than space: what must not reach a terminal raw.
    fileprivate var isControl: Bool {
        switch self {
        case .control, .format, .lineSeparator, .paragraphSeparator: return true
        default: return false
        }
    }
}

extension APIClient.Response {
    /// The body decoded as `T` when the status is one of `expected`; otherwise the node's
    /// problem (or a description of what came instead) as an `OperatorError`.
    func decode<T: Decodable>(_ type: T.Type, expecting expected: Set<Int> = [200]) throws(OperatorError) -> T {
        try requireStatus(expected)
        do { return try JSONDecoder().decode(T.self, from: body) } catch {
            throw .unexpected(status: status, "the body is not the documented JSON (\(error))")
        }
    }

    /// Throws unless the status is one of `expected`.
    func requireStatus(_ expected: Set<Int>) throws(OperatorError) {
        if expected.contains(status) { return }
        if let problem = RemoteProblem.parse(body, retryAfter: retryAfter) { throw .problem(problem) }
        let snippet = String(decoding: body.prefix(200), as: UTF8.self)
            .unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.map(String.init).joined()
        throw .unexpected(status: status, snippet.isEmpty ? "empty body" : snippet)
    }
}
