import Foundation
import NIOSSL
import Testing
import X509

@testable import Transport

@Suite struct IdentityTests {
    @Test func generateRoundTripsThroughPEM() throws {
        let id = try NodeIdentity.generate(nodeID: "node-1", validity: .seconds(3600))
        #expect(id.fingerprint.count == 64)
        #expect(id.fingerprint.allSatisfy { "0123456789abcdef".contains($0) })
        #expect(id.certificatePEM.hasPrefix("-----BEGIN CERTIFICATE-----"))
        #expect(id.privateKeyPEM.contains("PRIVATE KEY"))
        #expect(!id.description.contains("PRIVATE"))

        let loaded = try NodeIdentity(certificatePEM: id.certificatePEM, privateKeyPEM: id.privateKeyPEM)
        #expect(loaded.nodeID == "node-1")
        #expect(loaded.fingerprint == id.fingerprint)
        #expect(loaded.certificateDER == id.certificateDER)
        #expect(id.notValidAfter.timeIntervalSince(id.notValidBefore) > 3600)
        #expect(id.notValidAfter.timeIntervalSince(id.notValidBefore) < 3600 + 400)
    }

    @Test func certificateNamesTheNode() throws {
        let id = try NodeIdentity.generate(nodeID: "eu-west.a_1")
        let cert = try Certificate(derEncoded: id.certificateDER)
        #expect(cert.subject == cert.issuer)
        let san = try #require(try cert.extensions.subjectAlternativeNames)
        #expect(Array(san) == [.dnsName("eu-west.a_1")])
        #expect(try cert.extensions.basicConstraints == .notCertificateAuthority)
        // NIOSSL (BoringSSL) accepts the PEM key and the DER certificate.
        _ = try NIOSSLPrivateKey(bytes: Array(id.privateKeyPEM.utf8), format: .pem)
        _ = try NIOSSLCertificate(bytes: id.certificateDER, format: .der)
        // The signature verifies under the certificate's own key (self-signed).
        #expect(cert.publicKey.isValidSignature(cert.signature, for: cert))
    }

    @Test func refusesAKeyThatIsNotTheCertificates() throws {
        let a = try NodeIdentity.generate(nodeID: "a")
        let b = try NodeIdentity.generate(nodeID: "b")
        #expect(throws: TransportError.self) {
            _ = try NodeIdentity(certificatePEM: a.certificatePEM, privateKeyPEM: b.privateKeyPEM)
        }
        #expect(throws: TransportError.self) {
            _ = try NodeIdentity(certificatePEM: "garbage", privateKeyPEM: a.privateKeyPEM)
        }
    }

    @Test func nodeIDValidation() {
        // Strings from outside (config files) go through the throwing initialiser.
        let inputs: [String] = ["", "has space", String(repeating: "x", count: 65), "node-7.eu_west"]
        #expect(throws: TransportError.invalidNodeID("")) { try NodeID(inputs[0]) }
        #expect(throws: TransportError.self) { try NodeID(inputs[1]) }
        #expect(throws: TransportError.self) { try NodeID(inputs[2]) }
        #expect((try? NodeID(inputs[3]))?.rawValue == "node-7.eu_west")
    }
}
