import Foundation

/// Starting, killing and running the binaries under test (shared by the log-host and the
/// signer-node integration clusters).
enum ChildProcess {
    /// Starts `binary` with its stdout and stderr appended to `logURL` (kept across restarts).
    static func launch(_ binary: URL, _ arguments: [String], log logURL: URL) throws -> Process {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        if !FileManager.default.fileExists(atPath: logURL.path) { _ = FileManager.default.createFile(atPath: logURL.path, contents: nil) }
        let log = try FileHandle(forWritingTo: logURL)
        log.seekToEndOfFile()
        process.standardError = log
        process.standardOutput = log
        try process.run()
        return process
    }

    /// kill -9 and reap.
    static func crash(_ process: Process?) {
        guard let process else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// SIGTERM, then the exit status (nil if it was not running).
    static func terminate(_ process: Process?) -> Int32? {
        guard let process, process.isRunning else { return nil }
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// Runs `binary` to completion and returns its status and combined output; `environment`
    /// is added to (and overrides) this process's environment.
    static func run(_ binary: URL, _ arguments: [String], environment: [String: String] = [:]) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
