/// Why a node config file or a cluster init was refused.
public enum NodeConfigError: Error, Equatable, Sendable {
    /// The file could not be read or written (`detail` names the path and errno).
    case io(String)
    /// Not YAML, or not a mapping where one is required.
    case malformed(String)
    /// A key this version does not define (path such as `api.max_body_byte`).
    case unknownField(String)
    /// A required key is absent.
    case missingField(String)
    /// A value has the wrong type or is out of range (path and why).
    case invalidValue(String, String)
    /// `cluster init`: the target directory exists and is not empty.
    case directoryNotEmpty(String)
    /// `cluster init`: options out of range.
    case invalidOptions(String)
    /// Creating a node identity failed.
    case identity(String)
}

extension NodeConfigError: CustomStringConvertible {
    public var description: String {
        switch self {
        case let .io(detail): "I/O error: \(detail)"
        case let .malformed(why): "malformed config: \(why)"
        case let .unknownField(path): "unknown config key \(path)"
        case let .missingField(path): "missing config key \(path)"
        case let .invalidValue(path, want): "\(path) must be \(want)"
        case let .directoryNotEmpty(dir): "\(dir) exists and is not empty (refusing to overwrite a cluster)"
        case let .invalidOptions(why): why
        case let .identity(why): "node identity: \(why)"
        }
    }
}
