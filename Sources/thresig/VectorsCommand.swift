import ArgumentParser
import Conformance
import Foundation
import Primitives

/// `thresig vectors …` — conformance vectors.
struct VectorsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vectors",
        abstract: "Run conformance vectors (published and the project's own).",
        subcommands: [Verify.self, GenerateThreshold.self, GenerateECDSA.self]
    )

    /// `thresig vectors generate-threshold --out DIR`.
    struct GenerateThreshold: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "generate-threshold",
            abstract: "Write the threshold-BLS vectors (seeded GJKR ceremonies and threshold signatures).",
            discussion: """
            Writes one JSON file per case in the format thresig-threshold-bls/v1
            (docs/vectors.md): every broadcast of a seeded GJKR ceremony over BLS12-381 G1,
            its outcome, the honest shares, partial signatures and the combined signature.
            Deterministic: rerunning writes byte-identical files. `make vectors` runs it.

            Example:
              thresig vectors generate-threshold --out vectors/threshold
            """)

        @Option(help: "Output folder (created if needed).") var out: String

        /// (file name, seed, n, t, behaviours).
        static let cases: [(String, UInt64, Int, Int, [Int: String])] = [
            ("1-of-1_honest", 1, 1, 1, [:]),
            ("2-of-3_honest", 2, 3, 2, [:]),
            ("3-of-4_honest", 3, 4, 3, [:]),
            ("3-of-4_silent", 8, 4, 3, [4: "silent"]),
            ("3-of-5_bad-share", 4, 5, 3, [5: "bad-share"]),
            ("3-of-5_bad-share-justified", 6, 5, 3, [5: "bad-share-justified"]),
            ("3-of-5_bad-commitment", 9, 5, 3, [5: "bad-commitment"]),
            ("3-of-5_bad-extraction", 5, 5, 3, [5: "bad-extraction"]),
            ("3-of-5_false-complaint", 10, 5, 3, [5: "false-complaint"]),
            ("5-of-7_two-bad-share", 7, 7, 5, [6: "bad-share", 7: "bad-share"]),
        ]

        func run() throws {
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            for (name, seed, n, t, behaviours) in Self.cases {
                let message = SHA256.hash(Array("thresig threshold vector \(seed)".utf8))
                let v = try ThresholdVectorFormat.compute(seed: seed, n: n, t: t, behaviours: behaviours, message: message)
                let data = try JSONSerialization.data(withJSONObject: v.json(), options: [.prettyPrinted, .sortedKeys])
                let path = out + "/" + name + ".json"
                try (data + Data("\n".utf8)).write(to: URL(fileURLWithPath: path))
                print("wrote \(path) (\(v.log.count) broadcasts)")
            }
        }
    }

    /// `thresig vectors generate-ecdsa --out DIR`.
    struct GenerateECDSA: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "generate-ecdsa",
            abstract: "Write the threshold-ECDSA vectors (seeded CGGMP21 runs and proof cases).",
            discussion: """
            Writes one JSON file per seeded run in the format thresig-ecdsa-threshold/v1
            (docs/vectors.md): the DKG over secp256k1, aux-info (Paillier moduli from the
            simulation prime pool), one presigning and one signing, with the members named
            for misbehaving; and proofs.json (thresig-cggmp21-proofs/v1): each CGGMP21 proof
            made from a seed, accepted as is and refused with each field broken.
            Deterministic: rerunning writes byte-identical files. `make vectors` runs it.

            Example:
              thresig vectors generate-ecdsa --out vectors/ecdsa-threshold
            """)

        @Option(help: "Output folder (created if needed).") var out: String

        /// (file name, seed, n, t, behaviours).
        static let cases: [(String, UInt64, Int, Int, [Int: String])] = [
            ("2-of-3_honest", 11, 3, 2, [:]),
            ("3-of-4_bad-paillier-modulus", 3, 4, 3, [4: "bad-paillier-modulus"]),
            ("2-of-3_bad-range", 5, 3, 2, [3: "bad-range"]),
            ("2-of-3_bad-sigma", 6, 3, 2, [3: "bad-sigma"]),
        ]

        func run() throws {
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            func write(_ obj: [String: Any], _ name: String) throws {
                let data = try JSONSerialization.data(withJSONObject: obj, options: [.prettyPrinted, .sortedKeys])
                let path = out + "/" + name + ".json"
                try (data + Data("\n".utf8)).write(to: URL(fileURLWithPath: path))
                print("wrote \(path)")
            }
            for (name, seed, n, t, behaviours) in Self.cases {
                let message = SHA256.hash(Array("thresig ecdsa vector \(seed)".utf8))
                try write(try ECDSAThresholdVectorFormat.compute(seed: seed, n: n, t: t, behaviours: behaviours, message: message), name)
            }
            try write(try CGGMPProofVectorFormat.compute(seed: 1), "proofs")
        }
    }

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
              - Thresig's own: thresig-threshold-bls/v1 (vectors/threshold),
                thresig-ecdsa-threshold/v1 and thresig-cggmp21-proofs/v1
                (vectors/ecdsa-threshold: seeded CGGMP21 runs, and each proof honest and
                with every field broken), by their "format" field.
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
            } catch {
                let message: String
                switch error {
                case .pathNotFound(let path): message = "no such file or folder: \(path)"
                case .unknownBehaviour(let b): message = "unknown DKG behaviour \(b)"
                }
                FileHandle.standardError.write(Data("error: \(message)\n".utf8))
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
