import Foundation
import LogClient
import Primitives
import SignerNode
import Testing

/// The log's client ports of a real cluster admit only requests a member sealed: an unsealed or
/// forged request is refused by every node and appends nothing, while the nodes' own sealed
/// forwarding keeps working (a key ceremony runs through it).
@Suite(.serialized) struct ClientPortAuthenticationTests {
    @Test func unsealedAndForgedRequestsAreRefusedAndAppendNothing() throws {
        guard SignerCluster.locateBinaries() != nil else {
            Issue.record("thresig and thresigd must be built first (make test builds every product)")
            return
        }
        let cluster = try SignerCluster(size: 3)
        defer { for k in 1...3 { _ = cluster.terminate(k) } }
        for k in 1...3 { try cluster.start(k) }
        for k in 1...3 {
            try cluster.poll("node-\(k) ready", timeout: .seconds(30)) { try cluster.request(k, "GET", "/readyz", timeout: 2).status == 200 }
        }
        func commitIndex() throws -> Int { try #require(try cluster.request(1, "GET", "/v1/cluster").json?["commit_index"] as? Int) }
        let before = try commitIndex()

        let endpoints = (1...3).map { LogClient.Endpoint(host: "127.0.0.1", port: cluster.basePort + 200 + $0) }
        let tick = SessionEntry(timestampMillis: 1, command: .tick).encoded()
        let unsealed = LogClient(endpoints: endpoints, attemptTimeout: .milliseconds(300))
        #expect(throws: LogClientError.self) { try unsealed.submit(tick, timeout: .seconds(2)) }
        let outsider = Ed25519.SigningKey.generate()
        let forged = LogClient(endpoints: endpoints, attemptTimeout: .milliseconds(300)) { clientId, requestNumber, body in
            ClientRequestSeal.seal(body, clientId: clientId, requestNumber: requestNumber, memberIndex: 0, key: outsider)
        }
        #expect(throws: LogClientError.self) { try forged.submit(tick, timeout: .seconds(2)) }
        #expect(try commitIndex() == before)
        #expect((1...3).contains { cluster.log($0).contains("refused an unauthenticated client request") })

        // The nodes' own traffic is sealed and admitted: a whole ceremony goes through the log.
        let created = try cluster.request(2, "POST", "/v1/keys", body: #"{"scheme":"bls","threshold":2,"committee_size":3,"label":"seal"}"#)
        #expect(created.status == 202, "\(String(decoding: created.body, as: UTF8.self))")
        let keyID = try #require(created.json?["key_id"] as? String)
        try cluster.poll("the ceremony", timeout: .seconds(30)) {
            try cluster.request(1, "GET", "/v1/ceremonies/\(keyID)", timeout: 2).json?["status"] as? String == "complete"
        }
        #expect(try commitIndex() > before)
    }
}
