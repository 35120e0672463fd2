#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A system call failed. `operation` names the call, `path` the file or directory,
/// `code` is `errno`. Storage never retries or hides these: a failed `fsync` in
/// particular leaves the page cache in an unknown state, so the caller must stop
/// (crash and recover) rather than carry on.
public struct IOError: Error, Equatable, Sendable, CustomStringConvertible {
    public let operation: String
    public let path: String
    public let code: Int32

    public init(operation: String, path: String, code: Int32) {
        self.operation = operation
        self.path = path
        self.code = code
    }

    public var description: String {
        "\(operation)(\(path)) failed: \(String(cString: strerror(code))) (errno \(code))"
    }
}
