import Foundation
import Testing

/// Runs Python (with py_ecc and pyblst) as an independent oracle. Found through
/// `THRESIG_PYTHON`, then `<package root>/.venv/bin/python`.
/// When none is usable, `run` records an Issue saying so and
/// returns nil, so a cross-check never passes silently.
public enum PythonOracle {
    public static let executable: String? = {
        let fm = FileManager.default
        var candidates: [String] = []
        if let env = ProcessInfo.processInfo.environment["THRESIG_PYTHON"], !env.isEmpty { candidates.append(env) }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(root.appendingPathComponent(".venv/bin/python").path)
        return candidates.first { fm.isExecutableFile(atPath: $0) }
    }()

    /// Runs `script` and returns its stdout lines, or nil after recording an Issue.
    public static func run(_ script: String, sourceLocation: SourceLocation = #_sourceLocation) -> [String]? {
        guard let python = executable else {
            Issue.record("Python oracle unavailable (set THRESIG_PYTHON to a python with py_ecc and pyblst)", sourceLocation: sourceLocation)
            return nil
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", script]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        do { try process.run() } catch {
            Issue.record("Python oracle failed to start: \(error)", sourceLocation: sourceLocation)
            return nil
        }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            Issue.record("Python oracle failed: \(String(decoding: errData, as: UTF8.self))", sourceLocation: sourceLocation)
            return nil
        }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }
}

