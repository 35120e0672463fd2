import ArgumentParser
import Conformance
import Foundation

/// `thresig vectors …` — conformance vectors.
struct VectorsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vectors",
        abstract: "Run conformance vectors (published and the project's own).",
        subcommands: [Verify.self]
    )

    /// `thresig vectors verify [PATH…]`.
    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recognise each vector file's format, run every case, report failures.",
            discussion: """
            Walks files and folders (recursively). Each file's format is recognised from its
            content:
              - Wycheproof, by its "schema" field: ECDSA secp256k1 SHA-256 in DER, P1363 and
                bitcoin low-s form; ECDH secp256k1; HKDF-SHA256; XChaCha20-Poly1305;
              - RFC 9380 JSON: expand_message_xmd (SHA-256) and hash_to_curve suites
                secp256k1, BLS12381G1 and BLS12381G2 (_XMD:SHA-256_SSWU_RO_);
              - Ethereum BLS tests (…/bls/<handler>/<case>.json|yaml and consensus-spec-tests'
                …/bls/<handler>/bls/<case>/data.yaml): sign, verify, aggregate,
                fast_aggregate_verify, aggregate_verify, batch_verify, hash_to_G2,
                deserialization_G1, deserialization_G2, eth_aggregate_pubkeys,
                eth_fast_aggregate_verify.
            Unrecognised files, empty folders and unsupported test groups are reported as
            skipped with the reason. Prints a line per file, every failure, and ends with
            "N passed, N failed" (", N skipped" when anything was skipped).
            Exit status: 0 when nothing failed, 1 when a case failed, 2 for a path that does
            not exist or when no path is given and no default folder exists.

            Example:
              thresig vectors verify vectors ../shared/vectors/wycheproof ../shared/vectors/hash-to-curve
            """
        )

        @Argument(help: "Files or folders of vectors (default: ./vectors and ../shared/vectors when present).")
        var paths: [String] = []

        @Flag(name: .shortAndLong, help: "Print only failures, skips and the closing line.")
        var quiet = false

        func run() throws {
            var targets = paths
            if targets.isEmpty {
                targets = ["vectors", "../shared/vectors"].filter { FileManager.default.fileExists(atPath: $0) }
                if targets.isEmpty {
                    throw ValidationError("no paths given and neither ./vectors nor ../shared/vectors exists")
                }
            }
            let summary: Summary
            do {
                summary = try VectorRunner().run(paths: targets) { report in
                    Self.print(report, quiet: quiet)
                }
            } catch let ConformanceError.pathNotFound(path) {
                FileHandle.standardError.write(Data("error: no such file or folder: \(path)\n".utf8))
                throw ExitCode(2)
            }
            Swift.print(summary.closingLine)
            if summary.failed > 0 { throw ExitCode(1) }
        }

        static func print(_ r: FileReport, quiet: Bool) {
            if !quiet {
                var line = "\(r.path): \(r.format ?? "unrecognised") — \(r.passed) ok, \(r.failed) bad"
                if r.skipped > 0 { line += ", \(r.skipped) skipped" }
                Swift.print(line)
            }
            for f in r.failures { Swift.print("  FAIL \(r.path) \(f.caseID): \(f.reason)") }
            for s in r.skips { Swift.print("  SKIP \(r.path) (\(s.count)): \(s.reason)") }
        }
    }
}
