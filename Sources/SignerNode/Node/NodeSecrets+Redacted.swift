/// A node's secrets never print: the default reflection of a struct would write every token
/// into whatever log line or error message interpolates it (service-lifecycle, for one, logs
/// its services at debug level).
extension NodeSecrets: CustomStringConvertible, CustomDebugStringConvertible {
    /// The node id and how many tokens, nothing secret.
    public var description: String { "NodeSecrets(\(member.id), \(tokens.count) token(s) redacted)" }
    /// Same as ``description``.
    public var debugDescription: String { description }
}
