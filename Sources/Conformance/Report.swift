/// One failed case: where it is and why it failed.
public struct CaseFailure: Sendable, Equatable {
    /// Case identifier within its file (e.g. `tcId 17`).
    public var caseID: String
    /// What went wrong, in words.
    public var reason: String

    public init(caseID: String, reason: String) {
        self.caseID = caseID
        self.reason = reason
    }
}

/// A skipped part of a file (an unsupported test group, or the whole file) and why.
public struct Skip: Sendable, Equatable {
    /// How many cases were skipped (1 for an unrecognised file).
    public var count: Int
    /// Why.
    public var reason: String

    public init(count: Int, reason: String) {
        self.count = count
        self.reason = reason
    }
}

/// The outcome of running one vectors file.
public struct FileReport: Sendable {
    /// Path as given or found while walking.
    public var path: String
    /// The recognised format, or nil when the file was not recognised.
    public var format: String?
    public var passed = 0
    public var failures: [CaseFailure] = []
    public var skips: [Skip] = []

    public init(path: String, format: String?) {
        self.path = path
        self.format = format
    }

    public var failed: Int { failures.count }
    public var skipped: Int { skips.reduce(0) { $0 + $1.count } }

    /// Records one case's result.
    public mutating func record(_ caseID: String, ok: Bool, reason: @autoclosure () -> String) {
        if ok { passed += 1 } else { failures.append(CaseFailure(caseID: caseID, reason: reason())) }
    }
}

/// Totals over many files.
public struct Summary: Sendable {
    public var files: [FileReport] = []
    public var passed: Int { files.reduce(0) { $0 + $1.passed } }
    public var failed: Int { files.reduce(0) { $0 + $1.failed } }
    public var skipped: Int { files.reduce(0) { $0 + $1.skipped } }

    public init() {}

    /// The closing line: `N passed, N failed` and `, N skipped` when anything was skipped.
    public var closingLine: String {
        var s = "\(passed) passed, \(failed) failed"
        if skipped > 0 { s += ", \(skipped) skipped" }
        return s
    }
}
