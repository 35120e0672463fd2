import ArgumentParser
import Foundation

/// Why an operator command failed, with the exit status each cause gets: 2 for bad input
/// on our side (usage), 1 for everything the server or the network refused.
enum OperatorError: Error, Equatable, Sendable {
    /// Bad arguments or environment (exit 2).
    case usage(String)
    /// The node answered with an `application/problem+json` error (exit 1).
    case problem(RemoteProblem)
    /// The node answered something this CLI does not understand (exit 1).
    case unexpected(status: Int, String)
    /// No answer from the node at that base URL (exit 1).
    case unreachable(String, String)
    /// The request was accepted but did not end well, e.g. a failed ceremony (exit 1).
    case failed(String)

    /// The process exit status.
    var exitStatus: Int32 {
        if case .usage = self { return 2 }
        return 1
    }

    /// One line for stderr.
    var message: String {
        switch self {
        case let .usage(text): return "error: \(text)"
        case let .problem(problem): return "error: \(problem.oneLine)"
        case let .unexpected(status, text): return "error: unexpected answer (HTTP \(status)): \(text)"
        case let .unreachable(base, why): return "error: cannot reach thresigd at \(base): \(why)"
        case let .failed(text): return "error: \(text)"
        }
    }

    /// Prints the message and returns the `ExitCode` to throw from `run()`.
    func exit() -> ExitCode {
        FileHandle.standardError.write(Data((message + "\n").utf8))
        return ExitCode(exitStatus)
    }
}
