import Foundation
import HTTPAPI
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Primitives
import Testing
import ThresigTestSupport

/// The HTTP API over a real in-process cluster (state machine, GJKR over the shared op list,
/// participants and coordinator): create a 3-of-4 key, sign twice with one Idempotency-Key, check
/// the signature with pyblst, then sign with one member down and fail with two down.
@Suite struct EndToEndTests {
    @Test func ceremonyThenSignThroughTheAPI() async throws {
        let cluster = InProcessCluster(size: 4)
        let (app, _) = makeTestApp(service: cluster, maxBodyBytes: 4096)
        try await app.test(.router) { client in
            let created = try await client.send(TestRequest(uri: "/v1/keys", method: .post,
                                                            body: #"{"scheme":"bls","threshold":3,"committee_size":4,"label":"demo"}"#))
            #expect(created.status == .accepted)
            let keyID = try #require((created.json as? [String: Any])?["key_id"] as? String)
            let ceremony = try await client.send(TestRequest(uri: "/v1/ceremonies/\(keyID)", method: .get))
            let view = try #require(ceremony.json as? [String: Any])
            #expect(view["status"] as? String == "complete")
            #expect((view["dealt"] as? [String])?.count == 4)
            let key = try #require(try await client.send(TestRequest(uri: "/v1/keys/\(keyID)", method: .get)).json as? [String: Any])
            let groupKey = try Hex.decode(try #require(key["group_public_key"] as? String))

            let message = Array("attestation".utf8)
            let sign = TestRequest(uri: "/v1/keys/\(keyID)/sign", method: .post, body: #"{"message":"0x\#(message.hexString)"}"#,
                                   headers: [("Idempotency-Key", "e2e-1")])
            let first = try await client.send(sign)
            let second = try await client.send(sign)
            #expect(first.status == .ok && first.bytes == second.bytes)
            let signature = try Hex.decode(try #require((first.json as? [String: Any])?["signature"] as? String))
            if let ok = pyblstVerify([(groupKey, message, signature)]) { #expect(ok == [true]) }
            var conflicting = sign
            conflicting.body = #"{"message":"0x00"}"#
            #expect(try await client.send(conflicting).problemName == "idempotency-conflict")

            // One member of four down: t = 3 still sign. Two down: 503 with Retry-After.
            await cluster.setUp(3, false)
            let oneDown = try await client.send(TestRequest(uri: "/v1/keys/\(keyID)/sign", method: .post, body: #"{"message":"0x01"}"#))
            #expect(oneDown.status == .ok)
            await cluster.setUp(2, false)
            let twoDown = try await client.send(TestRequest(uri: "/v1/keys/\(keyID)/sign", method: .post, body: #"{"message":"0x02"}"#))
            #expect(twoDown.status.code == 503 && twoDown.problemName == "unavailable" && twoDown.headers[.retryAfter] != nil)
        }
        // Every replica applied the same log to the same state.
        #expect(Set(await cluster.snapshots()).count == 1)
    }
}
