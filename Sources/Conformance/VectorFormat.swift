import Foundation

/// A family of vector files that Thresig can run: recognised from the parsed content
/// (and, for some formats, from the path), then run case by case.
public protocol VectorFormat: Sendable {
    /// Short name shown in reports, e.g. `wycheproof`.
    var name: String { get }
    /// Whether this format owns the file. Called with the file's parsed JSON (or nil if it
    /// is not JSON) and its path.
    func recognizes(json: Any?, path: String) -> Bool
    /// Runs every case of the file.
    func run(json: Any?, path: String) -> FileReport
}

/// Errors of the vectors runner itself (not of the cases it runs).
public enum ConformanceError: Error, Equatable, Sendable {
    /// A path given on the command line does not exist.
    case pathNotFound(String)
    /// A threshold vector names a DKG behaviour Thresig does not know.
    case unknownBehaviour(String)
}

/// Walks files and folders, recognises each file's format and runs it.
public struct VectorRunner: Sendable {
    /// The formats tried in order; the first that recognises a file runs it.
    public var formats: [any VectorFormat]

    /// A runner with every format Thresig supports.
    public init(formats: [any VectorFormat] = VectorRunner.allFormats) {
        self.formats = formats
    }

    /// Every supported format.
    public static var allFormats: [any VectorFormat] { [WycheproofFormat(), RFC9380Format(), EthereumBLSFormat(), ThresholdVectorFormat(), ECDSAThresholdVectorFormat(), CGGMPProofVectorFormat()] }

    /// Runs every file under `paths` (files directly, folders recursively, sorted by path
    /// so output is stable). Missing paths throw before anything runs.
    public func run(paths: [String], onFile: (FileReport) -> Void = { _ in }) throws(ConformanceError) -> Summary {
        let fm = FileManager.default
        var files: [String] = []
        var emptyFolders: [String] = []
        for p in paths {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: p, isDirectory: &isDir) else { throw .pathNotFound(p) }
            if isDir.boolValue {
                // Keep the user's spelling of the folder so reports show familiar paths.
                let base = p.hasSuffix("/") ? String(p.dropLast()) : p
                let found = (fm.enumerator(atPath: p)?.allObjects as? [String] ?? [])
                    .map { base + "/" + $0 }
                    .filter { path in
                        var d: ObjCBool = false
                        return fm.fileExists(atPath: path, isDirectory: &d) && !d.boolValue
                    }
                if found.isEmpty { emptyFolders.append(p) }
                files += found.sorted()
            } else {
                files.append(p)
            }
        }
        var summary = Summary()
        // A folder with nothing in it is reported, never a silent "0 passed, 0 failed".
        for folder in emptyFolders {
            var r = FileReport(path: folder, format: nil)
            r.skips.append(Skip(count: 1, reason: "folder holds no files"))
            onFile(r)
            summary.files.append(r)
        }
        for f in files {
            let report = runFile(f)
            onFile(report)
            summary.files.append(report)
        }
        return summary
    }

    /// Runs one file: parse as JSON when possible, pick the format, run it.
    public func runFile(_ path: String) -> FileReport {
        guard let data = FileManager.default.contents(atPath: path) else {
            var r = FileReport(path: path, format: nil)
            r.failures.append(CaseFailure(caseID: "file", reason: "cannot read file"))
            return r
        }
        let json: Any? = path.hasSuffix(".json") ? (try? JSONSerialization.jsonObject(with: data)) : nil
        for format in formats where format.recognizes(json: json, path: path) {
            return format.run(json: json, path: path)
        }
        var r = FileReport(path: path, format: nil)
        r.skips.append(Skip(count: 1, reason: json == nil && path.hasSuffix(".json")
                            ? "not valid JSON" : "unrecognised format"))
        return r
    }
}
