import Foundation
import Testing
@testable import Conformance

/// The package root, found from this file's path (Tests/ConformanceTests/…).
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let sharedVectors = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/vectors").path

struct PublishedVectorTests {
    /// Every case of the six published Wycheproof files runs and passes (2344 cases).
    @Test(.enabled(if: FileManager.default.fileExists(atPath: sharedVectors + "/wycheproof"),
                   "../shared/vectors/wycheproof is absent: published vectors skipped"))
    func wycheproofAllPass() throws {
        let summary = try VectorRunner().run(paths: [sharedVectors + "/wycheproof"])
        for f in summary.files {
            for failure in f.failures { Issue.record("\(f.path) \(failure.caseID): \(failure.reason)") }
        }
        #expect(summary.failed == 0)
        #expect(summary.skipped == 0)
        #expect(summary.passed == 2344)
        #expect(summary.closingLine == "2344 passed, 0 failed")
    }

    /// RFC 9380: both expand_message_xmd files and every supported suite pass; suites not
    /// yet implemented are skipped with their name, never counted as passed.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: sharedVectors + "/hash-to-curve"),
                   "../shared/vectors/hash-to-curve is absent: published vectors skipped"))
    func rfc9380Pass() throws {
        let summary = try VectorRunner().run(paths: [sharedVectors + "/hash-to-curve"])
        for f in summary.files {
            for failure in f.failures { Issue.record("\(f.path) \(failure.caseID): \(failure.reason)") }
        }
        #expect(summary.failed == 0)
        #expect(summary.passed >= 25)
        let formats = Set(summary.files.compactMap(\.format))
        #expect(formats.contains("rfc9380 expand_message_xmd"))
        #expect(formats.contains("rfc9380 secp256k1_XMD:SHA-256_SSWU_RO_"))
    }

    /// The project's own vectors (generated from coincurve) all pass.
    @Test func projectVectorsPass() throws {
        let summary = try VectorRunner().run(paths: [packageRoot.appendingPathComponent("vectors").path])
        for f in summary.files {
            for failure in f.failures { Issue.record("\(f.path) \(failure.caseID): \(failure.reason)") }
        }
        #expect(summary.failed == 0)
        #expect(summary.skipped == 0)
        #expect(summary.passed > 0)
    }
}

struct RunnerBehaviourTests {
    func tempDir() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("thresig-vectors-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func unknownFilesAreSkippedNotIgnored() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("hello".utf8).write(to: dir.appendingPathComponent("notes.txt"))
        try Data("{not json".utf8).write(to: dir.appendingPathComponent("broken.json"))
        try Data(#"{"foo": 1}"#.utf8).write(to: dir.appendingPathComponent("other.json"))
        let summary = try VectorRunner().run(paths: [dir.path])
        #expect(summary.files.count == 3)
        #expect(summary.skipped == 3)
        #expect(summary.closingLine == "0 passed, 0 failed, 3 skipped")
        let reasons = summary.files.flatMap { $0.skips.map(\.reason) }.sorted()
        #expect(reasons == ["not valid JSON", "unrecognised format", "unrecognised format"])
    }

    @Test func unsupportedSchemaIsSkippedWithReason() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let json = #"{"algorithm": "ECDSA", "schema": "eddsa_verify_schema_v1.json", "testGroups": [{"tests": [{"tcId": 1}, {"tcId": 2}]}]}"#
        try Data(json.utf8).write(to: dir.appendingPathComponent("eddsa.json"))
        let summary = try VectorRunner().run(paths: [dir.path])
        #expect(summary.skipped == 2)
        #expect(summary.files.first?.skips.first?.reason.contains("eddsa_verify_schema_v1.json") == true)
    }

    /// A wrong expected value in a vector file must show up as a failure: the runner
    /// really compares.
    @Test func tamperedVectorFails() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let json = """
        {"algorithm": "HKDF-SHA-256", "schema": "hkdf_test_schema_v1.json", "testGroups": [{"keySize": 176, "tests": [
          {"tcId": 1, "comment": "RFC 5869 A.1", "flags": [], "ikm": "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b",
           "salt": "000102030405060708090a0b0c", "info": "f0f1f2f3f4f5f6f7f8f9", "size": 42,
           "okm": "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865", "result": "valid"},
          {"tcId": 2, "comment": "tampered", "flags": [], "ikm": "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b",
           "salt": "000102030405060708090a0b0c", "info": "f0f1f2f3f4f5f6f7f8f9", "size": 42,
           "okm": "4cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865", "result": "valid"},
          {"tcId": 3, "comment": "no decision", "flags": [], "ikm": "00", "salt": "", "info": "", "size": 1,
           "okm": "00", "result": "acceptable"}
        ]}]}
        """
        try Data(json.utf8).write(to: dir.appendingPathComponent("hkdf.json"))
        let summary = try VectorRunner().run(paths: [dir.path])
        #expect(summary.passed == 1)
        #expect(summary.failed == 2)
        #expect(summary.files[0].failures.map(\.caseID) == ["tcId 2 (tampered)", "tcId 3 (no decision)"])
    }

    /// A hash-to-curve vector with a wrong coordinate fails.
    @Test func tamperedHashToCurveVectorFails() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let json = """
        {"ciphersuite": "secp256k1_XMD:SHA-256_SSWU_RO_", "dst": "QUUX-V01-CS02-with-secp256k1_XMD:SHA-256_SSWU_RO_",
         "vectors": [
          {"msg": "", "P": {"x": "0xc1cae290e291aee617ebaef1be6d73861479c48b841eaba9b7b5852ddfeb1346",
                            "y": "0x64fa678e07ae116126f08b022a94af6de15985c996c3a91b64c406a960e51067"}},
          {"msg": "", "P": {"x": "0xc1cae290e291aee617ebaef1be6d73861479c48b841eaba9b7b5852ddfeb1347",
                            "y": "0x64fa678e07ae116126f08b022a94af6de15985c996c3a91b64c406a960e51067"}}]}
        """
        try Data(json.utf8).write(to: dir.appendingPathComponent("h2c.json"))
        let summary = try VectorRunner().run(paths: [dir.path])
        #expect(summary.passed == 1)
        #expect(summary.failed == 1)
    }

    /// A threshold vector with a changed broadcast or signature fails the right cases.
    @Test func tamperedThresholdVectorFails() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let src = packageRoot.appendingPathComponent("vectors/threshold/2-of-3_honest.json")
        var obj = try JSONSerialization.jsonObject(with: Data(contentsOf: src)) as! [String: Any]
        var log = obj["log"] as! [[String: Any]]
        var first = log[0]
        let msg = first["message"] as! String
        first["message"] = String(msg.dropLast()) + (msg.hasSuffix("0") ? "1" : "0")
        log[0] = first
        obj["log"] = log
        let sig = obj["signature"] as! String
        obj["signature"] = String(sig.prefix(10)) + (sig.dropFirst(10).first == "0" ? "1" : "0") + String(sig.dropFirst(11))
        try JSONSerialization.data(withJSONObject: obj).write(to: dir.appendingPathComponent("t.json"))
        let summary = try VectorRunner().run(paths: [dir.path])
        let failed = Set(summary.files.flatMap { $0.failures.map(\.caseID) })
        #expect(failed == ["log", "signature", "signature verifies under group_public_key"])
        #expect(summary.passed == 8)
    }

    /// A threshold vector naming an unknown behaviour fails with the reason; a YAML file
    /// under bls/<handler>/ without an `input` key is not taken for a BLS case.
    @Test func malformedThresholdAndYAMLAreHandled() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let bad = #"{"format": "thresig-threshold-bls/v1", "seed": 1, "n": 3, "t": 2, "message": "0x00", "behaviours": {"3": "evil"}}"#
        try Data(bad.utf8).write(to: dir.appendingPathComponent("t.json"))
        let yamlDir = dir.appendingPathComponent("bls/verify")
        try FileManager.default.createDirectory(at: yamlDir, withIntermediateDirectories: true)
        try Data("notes: nothing here\n".utf8).write(to: yamlDir.appendingPathComponent("x.yaml"))
        let summary = try VectorRunner().run(paths: [dir.path])
        let reasons = summary.files.flatMap { $0.failures.map(\.reason) }
        #expect(reasons.contains { $0.contains("evil") })
        #expect(summary.files.contains { $0.path.hasSuffix("x.yaml") && $0.format == nil && $0.skipped == 1 })
    }

    @Test func missingPathIsAnError() {
        #expect(throws: ConformanceError.pathNotFound("/nonexistent/thresig")) {
            try VectorRunner().run(paths: ["/nonexistent/thresig"])
        }
    }
}
