import BLS12381
import Foundation
import Primitives
import Testing
import ThresigTestSupport

/// Issue 6: four real `thresigd` processes on loopback. A 3-of-4 BLS ceremony through the API,
/// a signature that verifies (our BLS and pyblst), idempotent replays, a conflicting body, and
/// signing after kill -9 of the log's primary, with the earlier idempotent request answered
/// byte for byte the same by another node.
@Suite(.serialized) struct SignerNodeClusterTests {
    @Test func ceremonySignIdempotencyAndPrimaryFailover() throws {
        guard SignerCluster.locateBinaries() != nil else {
            Issue.record("thresig and thresigd must be built first (make test builds every product)")
            return
        }
        let cluster = try SignerCluster(size: 4, requestTimeoutMillis: 3_000)
        func startAll(_ nodes: [Int]) throws {
            for k in nodes { try cluster.start(k) }
            for k in nodes {
                try cluster.poll("node-\(k) ready", timeout: .seconds(30)) { try cluster.request(k, "GET", "/readyz", timeout: 2).status == 200 }
            }
        }
        try startAll([1, 2, 3, 4])

        // The ceremony: 3-of-4 BLS, asked of node 2 (not necessarily the primary).
        let created = try cluster.request(2, "POST", "/v1/keys",
                                          body: #"{"scheme":"bls","threshold":3,"committee_size":4,"label":"it"}"#)
        #expect(created.status == 202, "\(String(decoding: created.body, as: UTF8.self))")
        let keyID = try #require(created.json?["key_id"] as? String)
        var ceremony: [String: Any] = [:]
        try cluster.poll("the ceremony", timeout: .seconds(30)) {
            ceremony = try cluster.request(3, "GET", "/v1/ceremonies/\(keyID)", timeout: 2).json ?? [:]
            return ["complete", "failed"].contains(ceremony["status"] as? String ?? "")
        }
        #expect(ceremony["status"] as? String == "complete")
        #expect((ceremony["dealt"] as? [String])?.count == 4)
        var key: [String: Any] = [:]
        // Every node applied the registration (answers come from each node's own state).
        for k in 1...4 {
            try cluster.poll("key on node-\(k)", timeout: .seconds(10)) {
                key = try cluster.request(k, "GET", "/v1/keys/\(keyID)", timeout: 2).json ?? [:]
                return key["group_public_key"] != nil
            }
        }
        let groupKey = try Hex.decode(try #require(key["group_public_key"] as? String))

        // Sign with an Idempotency-Key; the same request again (at another node) is the same answer.
        let message = Array("thresigd integration".utf8)
        let body = #"{"message":"0x\#(message.hexString)"}"#
        // A client retries a 503/504 with the same Idempotency-Key (the request timeout is 3 s so
        // that requests to the crashed primary below fail fast; a starved CI can exceed it).
        var firstAnswer: SignerCluster.Response?
        try cluster.poll("the first signature", timeout: .seconds(30)) {
            let r = try cluster.request(1, "POST", "/v1/keys/\(keyID)/sign", body: body, headers: ["Idempotency-Key": "it-1"])
            firstAnswer = r
            return r.status != 503 && r.status != 504
        }
        let first = try #require(firstAnswer)
        #expect(first.status == 200, "\(String(decoding: first.body, as: UTF8.self))")
        let signature = try Hex.decode(try #require(first.json?["signature"] as? String))
        #expect(BLS.verify(publicKey: try BLSPublicKey(compressed: groupKey), message: message,
                           signature: try BLSSignature(compressed: signature)))
        if let ok = pyblstVerify([(groupKey, message, signature)]) { #expect(ok == [true]) }
        let replay = try cluster.request(4, "POST", "/v1/keys/\(keyID)/sign", body: body, headers: ["Idempotency-Key": "it-1"])
        #expect(replay.status == first.status && replay.body == first.body)
        let conflict = try cluster.request(2, "POST", "/v1/keys/\(keyID)/sign", body: #"{"message":"0x00"}"#,
                                           headers: ["Idempotency-Key": "it-1"])
        #expect(conflict.status == 422)

        // kill -9 the primary; the others elect a new one and go on signing.
        let primary = try #require(try cluster.request(1, "GET", "/v1/cluster").json?["primary"] as? Int)
        cluster.crash(primary)
        let survivor = primary == 1 ? 2 : 1
        var after: SignerCluster.Response?
        try cluster.poll("a signature after the primary's crash", timeout: .seconds(30)) {
            let r = try cluster.request(survivor, "POST", "/v1/keys/\(keyID)/sign", body: #"{"message":"0x0102"}"#,
                                        headers: ["Idempotency-Key": "it-2"], timeout: 12)
            after = r
            return r.status == 200
        }
        let afterSignature = try Hex.decode(try #require(after?.json?["signature"] as? String))
        #expect(BLS.verify(publicKey: try BLSPublicKey(compressed: groupKey), message: [1, 2],
                           signature: try BLSSignature(compressed: afterSignature)))
        let replayAfter = try cluster.request(survivor, "POST", "/v1/keys/\(keyID)/sign", body: body,
                                              headers: ["Idempotency-Key": "it-1"])
        #expect(replayAfter.status == first.status && replayAfter.body == first.body)

        // The crashed node restarts from its disk, catches up, and signs through its own API.
        try startAll([primary])
        try cluster.poll("the key on the restarted node", timeout: .seconds(10)) {
            try cluster.request(primary, "GET", "/v1/keys/\(keyID)", timeout: 2).status == 200
        }
        let viaRestarted = try cluster.request(primary, "POST", "/v1/keys/\(keyID)/sign", body: #"{"message":"0x03"}"#)
        #expect(viaRestarted.status == 200)

        // A full restart (SIGTERM: drain, flush, exit 0): the same idempotent request, the same bytes.
        for k in 1...4 { #expect(cluster.terminate(k) == 0, "node-\(k): \(cluster.log(k).suffix(2000))") }
        // Meanwhile node 4's sealed share is tampered with (one bit of its ciphertext).
        let vault = cluster.nodeDir(4).appendingPathComponent("data/vault")
        let shareFiles = try FileManager.default.contentsOfDirectory(atPath: vault.path).filter { $0 != "VAULT" }
        #expect(shareFiles.count == 1)
        let shareURL = vault.appendingPathComponent(try #require(shareFiles.first))
        var sealed = try Data(contentsOf: shareURL)
        sealed[sealed.count - 1] ^= 0x01
        try sealed.write(to: shareURL)
        try startAll([1, 2, 3, 4])
        let afterRestart = try cluster.request(3, "POST", "/v1/keys/\(keyID)/sign", body: body, headers: ["Idempotency-Key": "it-1"])
        #expect(afterRestart.status == first.status && afterRestart.body == first.body)
        // Node 4 refuses its share (authentication fails, logged, metric raised); the others sign.
        let signsAfterRestart = try cluster.request(4, "POST", "/v1/keys/\(keyID)/sign", body: #"{"message":"0x04"}"#)
        #expect(signsAfterRestart.status == 200)
        #expect(cluster.log(4).contains("share refused"))
        try cluster.poll("the share-failure metric", timeout: .seconds(5)) {
            String(decoding: try cluster.request(4, "GET", "/metrics", timeout: 2).body, as: UTF8.self)
                .contains("thresig_node_share_failures 1")
        }

        // Two of four down: no majority for the log, so 503 with Retry-After.
        cluster.crash(3)
        cluster.crash(4)
        let twoDown = try cluster.request(1, "POST", "/v1/keys/\(keyID)/sign", body: #"{"message":"0x05"}"#)
        #expect(twoDown.status == 503)
        #expect(twoDown.headers.keys.contains { ($0.base as? String)?.lowercased() == "retry-after" })
        for k in [1, 2] { #expect(cluster.terminate(k) == 0) }
        // No secret in any log line, not even at debug level.
        for k in 1...4 {
            let log = cluster.log(k)
            #expect(log.contains("share sealed"), "node-\(k) logged its work")
            for name in ["admin-token", "vault-passphrase", "ed25519.seed", "x25519.key"] {
                #expect(!log.contains(try cluster.secret(k, name)), "node-\(k)'s log holds its \(name)")
            }
        }
    }
}
