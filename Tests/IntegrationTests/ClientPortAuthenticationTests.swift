import Foundation
import LogClient
import Primitives
import SignerNode
import Testing

/// The log's client ports of a real cluster admit only requests a member sealed: a stranger's
/// sign request, unsealed or sealed with an outsider's key, is refused by the primary (backups
/// only point to it) and never reaches the log, while the nodes' own sealed forwarding keeps
/// working (a key ceremony and a signature run through it).
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
        // The nodes' own traffic is sealed and admitted: a whole ceremony goes through the log.
        let created = try cluster.request(2, "POST", "/v1/keys", body: #"{"scheme":"bls","threshold":2,"committee_size":3,"label":"seal"}"#)
        #expect(created.status == 202, "\(String(decoding: created.body, as: UTF8.self))")
        let keyID = try #require(created.json?["key_id"] as? String)
        try cluster.poll("the ceremony", timeout: .seconds(30)) {
            try cluster.request(1, "GET", "/v1/ceremonies/\(keyID)", timeout: 2).json?["status"] as? String == "complete"
        }

        // A stranger's sign requests for that key, unsealed and sealed with an outsider's key.
        // Had either been appended it would hold request id 1 (the log numbers sign requests).
        let endpoints = (1...3).map { LogClient.Endpoint(host: "127.0.0.1", port: cluster.basePort + 200 + $0) }
        let message: [UInt8] = [0x0b, 0xad]
        let forgedRequest = SessionEntry(timestampMillis: 1, command: .signRequest(keyID: try #require(KeyID(keyID)), message: message,
                                                                                 idempotencyKey: nil, requestDigest: SHA256.hash(message))).encoded()
        let unsealed = LogClient(endpoints: endpoints, attemptTimeout: .milliseconds(300))
        #expect(throws: LogClientError.self) { try unsealed.submit(forgedRequest, timeout: .seconds(2)) }
        let outsider = Ed25519.SigningKey.generate()
        let forged = LogClient(endpoints: endpoints, attemptTimeout: .milliseconds(300)) { clientId, requestNumber, body in
            ClientRequestSeal.seal(body, clientId: clientId, requestNumber: requestNumber, memberIndex: 0, key: outsider)
        }
        #expect(throws: LogClientError.self) { try forged.submit(forgedRequest, timeout: .seconds(2)) }
        #expect((1...3).contains { cluster.log($0).contains("refused an unauthenticated client request") })

        // The first real sign request is request 1: nothing of the stranger's reached the log.
        let signed = try cluster.request(3, "POST", "/v1/keys/\(keyID)/sign", body: #"{"message":"0x0bad"}"#)
        #expect(signed.status == 200, "\(String(decoding: signed.body, as: UTF8.self))")
        #expect(signed.json?["request_id"] as? Int == 1)
    }
}
