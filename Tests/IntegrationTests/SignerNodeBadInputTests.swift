import Foundation
import Testing

/// Issue 6, "malformed JSON, bad hex, oversized body, unknown key, missing token, out-of-scope
/// token → the documented problem types and nothing changed in state", against three real
/// `thresigd` processes, each bad request sent to the primary and to a backup; then
/// `thresig cluster status` asking every node, with one node down and with all down.
///
/// "Nothing changed" is read from the replicated state: every node's op and commit index
/// (`GET /v1/cluster`), its key list and key, the sign-request counter (the next good request
/// gets the next `request_id`), and the Idempotency-Keys sent with bad bodies (still free).
extension SignerNodeClusterTests {
    @Test func badRequestsAreRefusedAndChangeNothing() throws {
        guard SignerCluster.locateBinaries() != nil else {
            Issue.record("thresig and thresigd must be built first (make test builds every product)")
            return
        }
        let cluster = try SignerCluster(size: 3)
        // A `*` token every node accepts (for `thresig cluster status`), and one scoped to a key
        // id that is not the key under test.
        let operatorToken = try cluster.addToken("operator-token", keys: ["*"])
        let scopedToken = try cluster.addToken("scoped-token", keys: ["k-someone-else"])
        for k in 1...3 { try cluster.start(k) }
        for k in 1...3 {
            try cluster.poll("node-\(k) ready", timeout: .seconds(30)) { try cluster.request(k, "GET", "/readyz", timeout: 2).status == 200 }
        }

        // A 2-of-3 key and one signature, so that the key, the idempotency table and the request
        // counter all hold something that a bad request could disturb.
        let created = try cluster.request(1, "POST", "/v1/keys", body: #"{"scheme":"bls","threshold":2,"committee_size":3,"label":"bad-input"}"#)
        #expect(created.status == 202, "\(String(decoding: created.body, as: UTF8.self))")
        let keyID = try #require(created.json?["key_id"] as? String)
        for k in 1...3 {
            try cluster.poll("the key on node-\(k)", timeout: .seconds(30)) {
                try cluster.request(k, "GET", "/v1/keys/\(keyID)", timeout: 2).status == 200
            }
        }
        let signPath = "/v1/keys/\(keyID)/sign"
        var firstSign: SignerCluster.Response?
        try cluster.poll("the first signature", timeout: .seconds(30)) {
            firstSign = try cluster.request(2, "POST", signPath, body: #"{"message":"0x01"}"#, headers: ["Idempotency-Key": "good-1"])
            return firstSign?.status == 200
        }
        let firstRequestID = try #require(firstSign?.json?["request_id"] as? Int)

        /// Every node's (view, op, commit index), once all agree (backups learn the last commit
        /// from the primary's next Commit heartbeat).
        func settledLog() throws -> [[Int]] {
            var views: [[Int]] = []
            try cluster.poll("every node at the same commit index", timeout: .seconds(10)) {
                views = try (1...3).map { k in
                    let c = try #require(try cluster.request(k, "GET", "/v1/cluster", timeout: 2).json)
                    return [c["view"] as? Int ?? -1, c["op"] as? Int ?? -1, c["commit_index"] as? Int ?? -1]
                }
                return Set(views.map { $0[1...2] }).count == 1 && views[0][1] == views[0][2]
            }
            return views
        }
        /// What a client can read of the replicated state, per node.
        func readState() throws -> [Data] {
            try (1...3).flatMap { k in
                [try cluster.request(k, "GET", "/v1/keys").body, try cluster.request(k, "GET", "/v1/keys/\(keyID)").body]
            }
        }
        let logBefore = try settledLog()
        let stateBefore = try readState()
        let primary = try #require(try cluster.request(1, "GET", "/v1/cluster").json?["primary"] as? Int)
        let backup = primary % 3 + 1

        /// The documented problem: status, `application/problem+json`, the stable `type`.
        func expectProblem(_ r: SignerCluster.Response, _ type: String, _ status: Int, _ what: String,
                           sourceLocation: SourceLocation = #_sourceLocation) {
            #expect(r.status == status, "\(what): \(String(decoding: r.body.prefix(300), as: UTF8.self))", sourceLocation: sourceLocation)
            #expect(r.header("Content-Type") == "application/problem+json", "\(what)", sourceLocation: sourceLocation)
            #expect(r.json?["type"] as? String == "urn:thresig:problem:" + type, "\(what)", sourceLocation: sourceLocation)
            #expect(r.json?["status"] as? Int == status, "\(what)", sourceLocation: sourceLocation)
        }

        let oversized = #"{"message":"0x"# + String(repeating: "ab", count: 40_000) + #""}"#  // 80 kB > 64 KiB
        for k in [primary, backup] {
            let idem = ["Idempotency-Key": "bad-\(k)"]
            expectProblem(try cluster.request(k, "POST", signPath, body: #"{"message": "0x01""#, headers: idem),
                          "malformed-json", 400, "malformed JSON via node-\(k)")
            expectProblem(try cluster.request(k, "POST", signPath, body: #"{"message":"0xzz"}"#, headers: idem),
                          "invalid-hex", 400, "non-hex digits via node-\(k)")
            expectProblem(try cluster.request(k, "POST", signPath, body: #"{"message":"0x123"}"#, headers: idem),
                          "invalid-hex", 400, "odd-length hex via node-\(k)")
            expectProblem(try cluster.request(k, "POST", signPath, body: #"{"message":"0102"}"#, headers: idem),
                          "invalid-hex", 400, "hex without 0x via node-\(k)")
            expectProblem(try cluster.request(k, "POST", signPath, body: oversized, headers: idem),
                          "body-too-large", 413, "oversized body via node-\(k)")
            expectProblem(try cluster.request(k, "POST", signPath, body: #"{"message":"0x01","extra":1}"#, headers: idem),
                          "invalid-request", 400, "unknown field via node-\(k)")
            expectProblem(try cluster.request(k, "POST", signPath, body: #"{"message":"0x01"}"#,
                                              headers: ["Idempotency-Key": String(repeating: "x", count: 256)]),
                          "invalid-idempotency-key", 400, "a 256-character Idempotency-Key via node-\(k)")
            expectProblem(try cluster.request(k, "POST", "/v1/keys", body: #"{"scheme":"bls","threshold":2,"committee_size":4,"label":"x"}"#),
                          "invalid-request", 400, "a committee larger than the cluster via node-\(k)")
            expectProblem(try cluster.request(k, "GET", "/v1/keys/k-no-such-key"), "unknown-key", 404, "unknown key via node-\(k)")

            // Missing and unknown tokens: 401 with a Bearer challenge, before the body is read.
            let missing = try cluster.request(k, "POST", signPath, body: #"{"message":"0x02"}"#, headers: idem, credential: .none)
            expectProblem(missing, "unauthorized", 401, "no token via node-\(k)")
            #expect(missing.header("WWW-Authenticate")?.hasPrefix("Bearer") == true)
            expectProblem(try cluster.request(k, "GET", "/v1/keys", credential: .none), "unauthorized", 401, "no token, key list, node-\(k)")
            expectProblem(try cluster.request(k, "POST", signPath, body: #"{"message":"0x02"}"#, headers: idem,
                                              credential: .token(String(repeating: "0", count: 64))),
                          "unauthorized", 401, "unknown token via node-\(k)")

            // A token scoped to another key: refused for this key and for the `*` routes; the
            // key list it gets is empty.
            let scoped = SignerCluster.Credential.token(scopedToken)
            expectProblem(try cluster.request(k, "POST", signPath, body: #"{"message":"0x02"}"#, headers: idem, credential: scoped),
                          "forbidden", 403, "out-of-scope sign via node-\(k)")
            expectProblem(try cluster.request(k, "GET", "/v1/keys/\(keyID)", credential: scoped), "forbidden", 403, "out-of-scope key via node-\(k)")
            expectProblem(try cluster.request(k, "POST", "/v1/keys", body: #"{"scheme":"bls","threshold":1,"committee_size":1,"label":"x"}"#,
                                              credential: scoped),
                          "forbidden", 403, "out-of-scope ceremony via node-\(k)")
            expectProblem(try cluster.request(k, "GET", "/v1/cluster", credential: scoped), "forbidden", 403, "out-of-scope cluster via node-\(k)")
            let scopedList = try cluster.request(k, "GET", "/v1/keys", credential: scoped)
            #expect(scopedList.status == 200 && (scopedList.json?["keys"] as? [Any])?.isEmpty == true)
        }
        // Nothing reached the log, nothing changed in what any node serves.
        #expect(try settledLog() == logBefore)
        #expect(try readState() == stateBefore)

        // A sign request for an unknown key is ordered through the log (only the log knows
        // whether a key registered a moment ago exists), where it is refused: one committed op
        // each, and no state change.
        for k in [primary, backup] {
            expectProblem(try cluster.request(k, "POST", "/v1/keys/k-no-such-key/sign", body: #"{"message":"0x01"}"#,
                                              headers: ["Idempotency-Key": "bad-\(k)"]),
                          "unknown-key", 404, "sign with an unknown key via node-\(k)")
        }
        let logAfterUnknown = try settledLog()
        #expect(logAfterUnknown.map { $0[2] } == logBefore.map { $0[2] + 2 })
        #expect(try readState() == stateBefore)

        // The Idempotency-Keys sent with bad bodies are still free: a good request with each is
        // a new request (the next request id: none of the bad ones registered a request), and
        // then the key is taken (a different body is a conflict).
        for (i, k) in [primary, backup].enumerated() {
            let good = try cluster.request(k, "POST", signPath, body: #"{"message":"0x0a"}"#, headers: ["Idempotency-Key": "bad-\(k)"])
            #expect(good.status == 200, "\(String(decoding: good.body, as: UTF8.self))")
            #expect(good.json?["request_id"] as? Int == firstRequestID + 1 + i)
            expectProblem(try cluster.request(k, "POST", signPath, body: #"{"message":"0x0b"}"#, headers: ["Idempotency-Key": "bad-\(k)"]),
                          "idempotency-conflict", 422, "the key is taken now, node-\(k)")
        }

        // `thresig cluster status` asks every node. All up: every lag is 0 once settled.
        let settled = try settledLog()
        let thresig = cluster.binDir.appendingPathComponent("thresig")
        var environment = ["THRESIG_TOKEN": operatorToken]
        for k in 1...3 { environment["THRESIG_API_\(k)"] = cluster.api(k) }
        func status(asking k: Int, json: Bool = true) throws -> (Int32, String) {
            environment["THRESIG_API"] = cluster.api(k)
            return try ChildProcess.run(thresig, ["cluster", "status"] + (json ? ["--json"] : []), environment: environment)
        }
        func members(_ output: String) throws -> [[String: Any]] {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any], "\(output)")
            #expect(object["primary"] as? Int == primary && object["commit_index"] as? Int == settled[0][2])
            return try #require(object["members"] as? [[String: Any]])
        }
        let (allUpStatus, allUp) = try status(asking: backup)
        #expect(allUpStatus == 0, "\(allUp)")
        let allUpMembers = try members(allUp)
        #expect(allUpMembers.map { $0["reachable"] as? Bool } == [true, true, true])
        #expect(allUpMembers.map { $0["lag"] as? Int } == [0, 0, 0])
        #expect(allUpMembers.map { $0["commit_index"] as? Int } == settled.map { $0[2] })

        // One backup down (kill -9), and the CLI pointed at that very node: it learns the
        // members from THRESIG_API_<k>, shows the node as down and exits 0.
        cluster.crash(backup)
        let (oneDownStatus, oneDown) = try status(asking: backup)
        #expect(oneDownStatus == 0, "\(oneDown)")
        let oneDownMembers = try members(oneDown)
        #expect(oneDownMembers.map { $0["reachable"] as? Bool } == (1...3).map { $0 != backup })
        #expect(oneDownMembers[backup - 1]["lag"] == nil && (oneDownMembers[backup - 1]["error"] as? String)?.contains("refused") == true)
        #expect(oneDownMembers[primary - 1]["lag"] as? Int == 0)
        let (_, table) = try status(asking: primary, json: false)
        let downLine = try #require(table.split(separator: "\n").first { $0.hasPrefix("  \(backup)  node-\(backup)") }, "\(table)")
        #expect(downLine.contains("down") && downLine.contains("connection refused"))
        #expect(table.contains("3 members, 2 up"))

        // Nobody answers: a clear message and exit 1.
        for k in 1...3 where k != backup { cluster.crash(k) }
        let (noneStatus, none) = try status(asking: primary)
        #expect(noneStatus == 1)
        #expect(none.contains("no node answered"), "\(none)")
    }
}
