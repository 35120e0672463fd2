import Primitives
import SignerNode
import Testing

/// Requests to the log's client port are admitted only when a cluster member sealed them for
/// exactly this client id and request number (docs/security.md).
@Suite struct ClientRequestSealTests {
    let keys = (0..<3).map { _ in Ed25519.SigningKey.generate() }
    var memberKeys: [[UInt8]] { keys.map(\.publicKey) }

    @Test func aSealedBodyOpensToItself() {
        let body: [UInt8] = Array("sign request".utf8)
        let sealed = ClientRequestSeal.seal(body, clientId: 7, requestNumber: 3, memberIndex: 2, key: keys[2])
        #expect(sealed.count == body.count + ClientRequestSeal.trailerLength)
        #expect(ClientRequestSeal.open(sealed, clientId: 7, requestNumber: 3, memberKeys: memberKeys) == body)
        // Deterministic: a retry sends the same bytes.
        #expect(ClientRequestSeal.seal(body, clientId: 7, requestNumber: 3, memberIndex: 2, key: keys[2]) == sealed)
        #expect(ClientRequestSeal.open(ClientRequestSeal.seal([], clientId: 1, requestNumber: 1, memberIndex: 0, key: keys[0]),
                                       clientId: 1, requestNumber: 1, memberKeys: memberKeys) == [])
    }

    @Test func everythingElseIsRefused() {
        let body: [UInt8] = [1, 2, 3, 4]
        let sealed = ClientRequestSeal.seal(body, clientId: 7, requestNumber: 3, memberIndex: 1, key: keys[1])
        func refused(_ bytes: [UInt8], clientId: UInt64 = 7, requestNumber: UInt64 = 3, _ keys: [[UInt8]]? = nil) -> Bool {
            ClientRequestSeal.open(bytes, clientId: clientId, requestNumber: requestNumber, memberKeys: keys ?? memberKeys) == nil
        }
        #expect(refused(body))                                  // not sealed at all
        #expect(refused(sealed, clientId: 8))                    // another client's id
        #expect(refused(sealed, requestNumber: 4))               // another request number
        #expect(refused(Array(sealed.dropFirst())))               // truncated
        #expect(refused(Array(sealed.prefix(10))))               // shorter than the trailer
        for i in sealed.indices {                                // any flipped bit
            var bad = sealed
            bad[i] ^= 0x01
            #expect(refused(bad), "byte \(i)")
        }
        // The seal of a key that is not a member's, naming a member.
        let outsider = Ed25519.SigningKey.generate()
        #expect(refused(ClientRequestSeal.seal(body, clientId: 7, requestNumber: 3, memberIndex: 1, key: outsider)))
        // A member index beyond the cluster.
        #expect(refused(ClientRequestSeal.seal(body, clientId: 7, requestNumber: 3, memberIndex: 3, key: keys[0])))
    }
}
