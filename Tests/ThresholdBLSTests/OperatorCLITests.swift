import ArgumentParser
import Foundation
import Testing
@testable import thresig

// The operator CLI's parts that need no server (issue 6 §5): argument and environment
// validation, problem parsing, lock-file rendering and ceremony-progress rendering. The
// whole CLI against real nodes runs in `make run` (Makefile, deploy/local-cluster.sh).

@Suite struct OperatorCLITests {
    static let key = RemoteKey(
        keyID: "k-7f3a", scheme: "bls", t: 3, n: 4, committee: ["node-1", "node-2", "node-3", "node-4"], label: "validators",
        groupPublicKey: "0x" + String(repeating: "ab", count: 48),
        sharePublicKeys: (1...4).map { "0x" + String(repeating: String(format: "%02x", $0), count: 48) },
        epoch: 0, transcriptHash: "0x" + String(repeating: "cd", count: 32))

    static func ceremony(status: String = "running", phase: String? = "dealing", dealt: [String] = [],
                         complained: [String] = [], finished: [String] = []) -> RemoteCeremony {
        RemoteCeremony(keyID: "k-7f3a", scheme: "bls", t: 3, n: 4, committee: ["node-1", "node-2", "node-3", "node-4"],
                       label: "validators", status: status, phase: phase, dealt: dealt, complained: complained, finished: finished)
    }

    // MARK: arguments and environment

    @Test func dkgWithoutSubcommandParsesAsStart() throws {
        let command = try Thresig.parseAsRoot(["dkg", "--scheme", "bls", "--threshold", "3", "--committee-size", "4", "--label", "v"])
        let start = try #require(command as? DKGCommand.Start)
        #expect(start.threshold == 3 && start.committeeSize == 4 && start.label == "v" && start.scheme == "bls")
        // The dry run is still reachable by name.
        #expect(try Thresig.parseAsRoot(["dkg", "simulate", "--scheme", "bls", "--n", "3", "--t", "2", "--seed", "1"]) is DKGCommand.Simulate)
    }

    @Test func missingRequiredOptionIsAUsageError() {
        #expect(throws: (any Error).self) { try Thresig.parseAsRoot(["dkg", "--scheme", "bls", "--threshold", "3", "--label", "v"]) }
        #expect(throws: (any Error).self) { try Thresig.parseAsRoot(["sign", "--key", "k"]) }
    }

    @Test func ceremonyParametersAreCheckedLocally() throws {
        try OperatorInput.ceremony(scheme: "bls", threshold: 3, committeeSize: 4)
        for (scheme, t, n) in [("bls", 5, 4), ("bls", 0, 4), ("bls", 1, 0), ("bls", 1, 256), ("ecdsa", 2, 3)] {
            #expect(throws: OperatorError.self) { try OperatorInput.ceremony(scheme: scheme, threshold: t, committeeSize: n) }
            #expect((try? OperatorInput.ceremony(scheme: scheme, threshold: t, committeeSize: n)) == nil)
        }
        do { try OperatorInput.ceremony(scheme: "bls", threshold: 5, committeeSize: 4) } catch {
            #expect(error.exitStatus == 2)
        }
    }

    @Test func messageHexIsNormalized() throws {
        #expect(try OperatorInput.messageHex("0x68656C6C6F") == "0x68656c6c6f")
        #expect(try OperatorInput.messageHex("68656c6c6f") == "0x68656c6c6f")
        #expect(try OperatorInput.messageHex("0x") == "0x")
        for bad in ["0x123", "0xzz", "hello", "0x68 65"] {
            #expect(throws: OperatorError.usage("--message is not hex (an even number of 0-9a-f digits, 0x optional)")) {
                try OperatorInput.messageHex(bad)
            }
        }
    }

    @Test func keyIDAndIdempotencyKeyFollowTheSpec() throws {
        #expect(try OperatorInput.keyID("k-7f3a.v_1") == "k-7f3a.v_1")
        for bad in ["", "../admin", "k/1", String(repeating: "a", count: 65), "k 1", "ké"] {
            #expect(throws: OperatorError.self) { try OperatorInput.keyID(bad) }
        }
        #expect(try OperatorInput.idempotencyKey("att 2026-11-26 slot 42") == "att 2026-11-26 slot 42")
        #expect(try OperatorInput.idempotencyKey(String(repeating: "x", count: 255)).count == 255)
        for bad in ["", String(repeating: "x", count: 256), "a\tb", "a\nb", "é"] {
            #expect(throws: OperatorError.self) { try OperatorInput.idempotencyKey(bad) }
        }
    }

    @Test func endpointComesFromOptionsThenEnvironment() throws {
        let env = ["THRESIG_API": "http://127.0.0.1:7201/", "THRESIG_TOKEN": "abc123\n"]
        let fromEnv = try APIOptions.parse([]).endpoint(environment: env)
        #expect(fromEnv == (try APIEndpoint(base: "http://127.0.0.1:7201", token: "abc123")))
        #expect(fromEnv.url(path: "/v1/keys").absoluteString == "http://127.0.0.1:7201/v1/keys")
        let fromFlags = try APIOptions.parse(["--api", "http://10.0.0.2:7202", "--token", "t2"]).endpoint(environment: env)
        #expect(fromFlags.base == "http://10.0.0.2:7202" && fromFlags.token == "t2")
    }

    @Test func endpointProblemsAreUsageErrors() throws {
        let none = try APIOptions.parse([])
        for env in [[:], ["THRESIG_API": ""], ["THRESIG_API": "http://127.0.0.1:7201"], ["THRESIG_API": "http://127.0.0.1:7201", "THRESIG_TOKEN": ""],
                    ["THRESIG_API": "127.0.0.1:7201", "THRESIG_TOKEN": "t"], ["THRESIG_API": "ftp://h", "THRESIG_TOKEN": "t"],
                    ["THRESIG_API": "http://h:1", "THRESIG_TOKEN": "a b"]] {
            do {
                _ = try none.endpoint(environment: env)
                Issue.record("accepted \(env)")
            } catch {
                #expect(error.exitStatus == 2, "\(env)")
            }
        }
        // The ops routes need no token.
        #expect(try none.endpoint(environment: ["THRESIG_API": "http://h:1"], requireToken: false).token == nil)
    }

    // MARK: problems

    @Test func problemIsOneLineWithStatusTypeAndDetail() throws {
        let body = Data(#"{"type":"urn:thresig:problem:unavailable","title":"Unavailable","status":503,"detail":"2 of 4 members down"}"#.utf8)
        let problem = try #require(RemoteProblem.parse(body, retryAfter: "1"))
        #expect(problem.name == "unavailable")
        #expect(problem.oneLine == "503 unavailable: Unavailable — 2 of 4 members down (retry after 1 s)")
        #expect(OperatorError.problem(problem).exitStatus == 1)
        #expect(OperatorError.problem(problem).message == "error: 503 unavailable: Unavailable — 2 of 4 members down (retry after 1 s)")
    }

    @Test func problemTextCannotCarryTerminalControls() throws {
        let body = Data(#"{"type":"urn:thresig:problem:forbidden","title":"Forbidden","status":403,"detail":"x\u001b[2Jy\nz"}"#.utf8)
        let line = try #require(RemoteProblem.parse(body)).oneLine
        #expect(line == "403 forbidden: Forbidden — x[2Jyz")
        #expect(!line.contains("\u{1B}") && !line.contains("\n"))
    }

    @Test func nonProblemBodiesAreNotProblems() {
        #expect(RemoteProblem.parse(Data("<html>bad gateway</html>".utf8)) == nil)
        #expect(RemoteProblem.parse(Data(#"{"status":500}"#.utf8)) == nil)
        #expect(RemoteProblem.parse(Data(#"{"type":"","title":"x","status":500}"#.utf8)) == nil)
    }

    @Test func responsesDecodeOrExplainThemselves() throws {
        let ok = APIClient.Response(status: 200, contentType: "application/json", retryAfter: nil, location: nil,
                                    body: Data(#"{"key_id":"k","request_id":7,"signature":"0xaa"}"#.utf8))
        #expect(try ok.decode(RemoteSignature.self) == RemoteSignature(keyID: "k", requestID: 7, signature: "0xaa"))
        let refused = APIClient.Response(status: 404, contentType: "application/problem+json", retryAfter: nil, location: nil,
                                         body: Data(#"{"type":"urn:thresig:problem:unknown-key","title":"Unknown key","status":404}"#.utf8))
        #expect(throws: OperatorError.problem(RemoteProblem(type: "urn:thresig:problem:unknown-key", title: "Unknown key", status: 404, detail: nil))) {
            try refused.decode(RemoteSignature.self)
        }
        let garbage = APIClient.Response(status: 502, contentType: "text/html", retryAfter: nil, location: nil, body: Data("Bad\u{7}Gateway".utf8))
        #expect(throws: OperatorError.unexpected(status: 502, "BadGateway")) { try garbage.decode(RemoteSignature.self) }
        let wrongShape = APIClient.Response(status: 200, contentType: "application/json", retryAfter: nil, location: nil, body: Data("{}".utf8))
        do { _ = try wrongShape.decode(RemoteSignature.self); Issue.record("decoded {}") } catch {
            guard case .unexpected(200, _) = error else { Issue.record("\(error)"); return }
        }
    }

    @Test func connectionRefusedIsNamed() {
        let endpoint = try! APIEndpoint(base: "http://127.0.0.1:9", token: "t")
        let error = APIClient.transportError(URLError(.cannotConnectToHost), endpoint: endpoint)
        #expect(error.message == "error: cannot reach thresigd at http://127.0.0.1:9: connection refused (is thresigd running there?)")
        #expect(error.exitStatus == 1)
    }

    // MARK: lock file

    @Test func lockFileHasTheDocumentedFieldsInOrder() throws {
        let bytes = try LockFile.render(Self.key)
        let object = try #require(try JSONSerialization.jsonObject(with: bytes) as? [String: Any])
        #expect(Set(object.keys) == ["key_id", "scheme", "t", "n", "committee", "group_public_key", "share_public_keys", "transcript_hash"])
        #expect(object["key_id"] as? String == "k-7f3a")
        #expect(object["t"] as? Int == 3 && object["n"] as? Int == 4)
        #expect(object["committee"] as? [String] == ["node-1", "node-2", "node-3", "node-4"])
        #expect(object["group_public_key"] as? String == Self.key.groupPublicKey)
        #expect(object["share_public_keys"] as? [String] == Self.key.sharePublicKeys)
        #expect(object["transcript_hash"] as? String == Self.key.transcriptHash)
        let text = String(decoding: bytes, as: UTF8.self)
        let order = ["\"key_id\"", "\"scheme\"", "\"t\"", "\"n\"", "\"committee\"", "\"group_public_key\"", "\"share_public_keys\"", "\"transcript_hash\""]
            .map { text.range(of: $0)!.lowerBound }
        #expect(order == order.sorted())
        #expect(try LockFile.render(Self.key) == bytes)  // stable bytes
    }

    @Test func lockFileRefusesMalformedKeys() {
        let badHex = RemoteKey(keyID: "k", scheme: "bls", t: 1, n: 1, committee: ["node-1"], label: "l", groupPublicKey: "abab",
                               sharePublicKeys: ["0xab"], epoch: 0, transcriptHash: "0xcd")
        #expect(throws: OperatorError.self) { try LockFile.render(badHex) }
        let short = RemoteKey(keyID: "k", scheme: "bls", t: 1, n: 2, committee: ["node-1"], label: "l", groupPublicKey: "0xab",
                              sharePublicKeys: ["0xab"], epoch: 0, transcriptHash: "0xcd")
        #expect(throws: OperatorError.self) { try LockFile.render(short) }
    }

    @Test func lockFileQuotesStrings() {
        #expect(LockFile.quote("a\"b\\c\nd\u{1}") == #""a\"b\\c\nd\u0001""#)
    }

    @Test func lockFileIsWrittenOnceAndLabelsMustNameAFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("thresig-lock-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = try LockFile.write(Self.key, label: "validators", directory: dir)
        #expect(path == dir + "/validators.lock.json")
        #expect(FileManager.default.contents(atPath: path) == (try LockFile.render(Self.key)))
        #expect(throws: OperatorError.self) { try LockFile.write(Self.key, label: "validators", directory: dir) }
        try LockFile.validate(label: "validators-2026")
        for bad in ["", "../x", "a/b", ".hidden", "a\nb", String(repeating: "a", count: 129)] {
            #expect(throws: OperatorError.self) { try LockFile.validate(label: bad) }
        }
    }

    // MARK: progress

    @Test func plainProgressPrintsOnlyChanges() {
        var progress = CeremonyProgress(interactive: false)
        let first = progress.update(Self.ceremony(dealt: ["node-1", "node-3"]))
        #expect(first == "ceremony k-7f3a: running phase=dealing dealt=2/4 [node-1,node-3] complained=0 finished=0/4\n")
        #expect(progress.update(Self.ceremony(dealt: ["node-1", "node-3"])) == "")
        let later = progress.update(Self.ceremony(phase: "complaints", dealt: ["node-1", "node-2", "node-3", "node-4"], complained: ["node-2"]))
        #expect(later == "ceremony k-7f3a: running phase=complaints dealt=4/4 [node-1,node-2,node-3,node-4] complained=1 [node-2] finished=0/4\n")
        let done = progress.update(Self.ceremony(status: "complete", phase: nil, dealt: ["node-1"], finished: ["node-1", "node-2", "node-3", "node-4"]))
        #expect(done.hasPrefix("ceremony k-7f3a: complete dealt=1/4"))
        #expect(!done.contains("\u{1B}"))
    }

    @Test func terminalProgressRedrawsInPlace() {
        var progress = CeremonyProgress(interactive: true)
        let first = progress.update(Self.ceremony(dealt: ["node-2"]))
        #expect(!first.contains("\u{1B}[5A"))  // nothing to move over yet
        #expect(first.components(separatedBy: "\n").count == 6)  // header + 4 members + trailing
        #expect(first.contains("ceremony k-7f3a (bls 3-of-4, label \"validators\"): running, phase dealing"))
        #expect(first.contains("  node-2   dealt ✓   complained ·   finished ·"))
        #expect(first.contains("  node-1   dealt ·   complained ·   finished ·"))
        let second = progress.update(Self.ceremony(dealt: ["node-2", "node-4"]))
        #expect(second.hasPrefix("\u{1B}[5A"))  // back over the 5 lines drawn
        #expect(second.contains("  node-4   dealt ✓"))
        #expect(progress.drawnLines == 5)
    }

    // MARK: tables

    static func members(_ answers: [ClusterStatusReport.Answer]) -> [ClusterStatusReport.Member] {
        answers.enumerated().map { i, answer in
            ClusterStatusReport.Member(number: i + 1, id: "node-\(i + 1)", apiAddress: "127.0.0.1:720\(i + 1)",
                                       logAddress: "127.0.0.1:710\(i + 1)", answer: answer)
        }
    }

    /// Node k's own answer to `GET /v1/cluster`.
    static func own(view: UInt64, primary: Int, op: UInt64, commit: UInt64, status: String = "normal") -> ClusterStatusReport.Answer {
        .up(RemoteCluster(name: "local", members: [], view: view, primary: primary, commitIndex: commit, op: op, status: status))
    }

    @Test func clusterStatusLagIsThePrimarysCommitMinusEachNodes() throws {
        let report = ClusterStatusReport(name: "local", members: Self.members([
            Self.own(view: 4, primary: 2, op: 118, commit: 115),
            Self.own(view: 4, primary: 2, op: 118, commit: 118),
            .down("connection refused (is thresigd running there?)"),
            // A node still in an older view that is behind: its own idea of the primary is stale.
            Self.own(view: 3, primary: 1, op: 90, commit: 90, status: "view-change"),
        ]))
        #expect(report.view == 4 && report.primary == 2 && report.reference == .primary(node: 2) && report.referenceCommit == 118)
        #expect(report.members.map { report.lag(of: $0) } == [3, 0, nil, 28])
        #expect(report.upCount == 3)
        #expect(report.renderText() == """
        cluster local: 4 members, 3 up, view 4, primary node 2, commit index 118 (the primary's)
          k  id      role     state        view  op   commit  lag  api             log
          1  node-1  backup   normal       4     118  115     3    127.0.0.1:7201  127.0.0.1:7101
          2  node-2  primary  normal       4     118  118     0    127.0.0.1:7202  127.0.0.1:7102
          3  node-3  backup   down         -     -    -       -    127.0.0.1:7203  127.0.0.1:7103  connection refused (is thresigd running there?)
          4  node-4  backup   view-change  3     90   90      28   127.0.0.1:7204  127.0.0.1:7104
        """)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(report.renderJSON().utf8)) as? [String: Any])
        #expect(json["primary"] as? Int == 2 && json["view"] as? Int == 4 && json["commit_index"] as? Int == 118)
        #expect(json["reference_node"] as? Int == 2 && json["name"] as? String == "local")
        let members = try #require(json["members"] as? [[String: Any]])
        #expect(members.map { $0["reachable"] as? Bool } == [true, true, false, true])
        #expect(members.map { $0["lag"] as? Int } == [3, 0, nil, 28])
        #expect(members[2]["error"] as? String == "connection refused (is thresigd running there?)")
        #expect(members[3]["status"] as? String == "view-change" && members[0]["op"] as? Int == 118)
    }

    @Test func clusterStatusWithoutThePrimaryMeasuresAgainstTheHighestCommit() {
        let report = ClusterStatusReport(name: "local", members: Self.members([
            Self.own(view: 5, primary: 3, op: 40, commit: 37),
            Self.own(view: 5, primary: 3, op: 40, commit: 40),
            .down("no answer within the request timeout"),
        ]))
        #expect(report.reference == .highest(node: 2) && report.referenceCommit == 40 && report.primary == 3)
        #expect(report.members.map { report.lag(of: $0) } == [3, 0, nil])
        #expect(report.renderText().hasPrefix("cluster local: 3 members, 2 up, view 5, primary node 3, commit index 40 (node 2's: no answer from the primary in normal status)\n"))
        // A primary that answers while changing view is no reference either.
        let changing = ClusterStatusReport(name: "local", members: Self.members([
            Self.own(view: 6, primary: 1, op: 40, commit: 38, status: "view-change"),
            Self.own(view: 6, primary: 1, op: 40, commit: 40, status: "view-change"),
        ]))
        #expect(changing.reference == .highest(node: 2))
        let none = ClusterStatusReport(name: "local", members: Self.members([.down("refused"), .down("refused")]))
        #expect(none.upCount == 0 && none.reference == nil && none.members.map { none.lag(of: $0) } == [nil, nil])
    }

    @Test func clusterStatusSeedsAreTheAPIThenEveryNumberedNode() throws {
        let first = try APIEndpoint(base: "http://127.0.0.1:7202", token: "t")
        let seeds = ClusterSurvey.seeds(first: first, environment: [
            "THRESIG_API_1": "http://127.0.0.1:7201", "THRESIG_API_2": "http://127.0.0.1:7202/", "THRESIG_API_3": "not a url",
            "THRESIG_API_4": "http://127.0.0.1:7204", "THRESIG_API_6": "http://127.0.0.1:7206",
        ])
        // Numbered in order, the duplicate and the malformed one skipped, stopping at the first gap.
        #expect(seeds.map(\.base) == ["http://127.0.0.1:7202", "http://127.0.0.1:7201", "http://127.0.0.1:7204"])
        #expect(seeds.allSatisfy { $0.token == "t" })
    }

    @Test func keysListRendersOneLinePerKey() {
        #expect(KeysCommand.List.render(RemoteKeyList(keys: [])) == "no keys")
        let line = KeysCommand.List.render(RemoteKeyList(keys: [Self.key]))
        #expect(line == "k-7f3a  bls 3-of-4  label \"validators\"  \(Self.key.groupPublicKey)  committee node-1,node-2,node-3,node-4")
    }

    @Test func signBodyIsStableJSON() throws {
        let body = try RemoteRequest.encode(RemoteRequest.Sign(message: "0x68656c6c6f"))
        #expect(String(decoding: body, as: UTF8.self) == #"{"message":"0x68656c6c6f"}"#)
        let create = try RemoteRequest.encode(RemoteRequest.CreateKey(scheme: "bls", threshold: 3, committeeSize: 4, label: "v"))
        #expect(String(decoding: create, as: UTF8.self) == #"{"committee_size":4,"label":"v","scheme":"bls","threshold":3}"#)
    }
}
