import Crypto
import Foundation
import Primitives
import SwiftASN1
import X509

/// A node's TLS identity: a P-256 signing key and a self-signed X.509 certificate whose subject
/// common name and DNS subject alternative name are the node id.
///
/// Trust does not come from a CA: every node pins the SHA-256 fingerprint of each peer's
/// certificate DER (the cluster definition carries the fingerprints). See docs/transport.md.
public struct NodeIdentity: Sendable, CustomStringConvertible {
    public let nodeID: NodeID
    /// The certificate, PEM (`-----BEGIN CERTIFICATE-----`).
    public let certificatePEM: String
    /// The certificate, DER.
    public let certificateDER: [UInt8]
    /// The private key, PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`). Secret: write it only to the
    /// node's own `node/` directory with mode 0600.
    public let privateKeyPEM: String
    /// The certificate's validity window.
    public let notValidBefore: Date
    public let notValidAfter: Date

    /// Lowercase hex SHA-256 of the certificate DER: what peers pin.
    public var fingerprint: String { NodeIdentity.fingerprint(ofDER: certificateDER) }

    /// Lowercase hex SHA-256 of a certificate's DER encoding.
    public static func fingerprint(ofDER der: [UInt8]) -> String { Hex.encode(SHA256.hash(der)) }

    /// Creates a fresh P-256 key and a self-signed certificate for `nodeID`, valid from
    /// `now - 5 minutes` (clock skew) for `validity`.
    public static func generate(
        nodeID: NodeID,
        validity: Duration = .seconds(10 * 365 * 24 * 3600),
        now: Date = Date()
    ) throws(TransportError) -> NodeIdentity {
        let key = P256.Signing.PrivateKey()
        let name: DistinguishedName
        let cert: Certificate
        let notBefore = now.addingTimeInterval(-300)
        let notAfter = now.addingTimeInterval(TimeInterval(validity.components.seconds))
        do {
            name = try DistinguishedName { CommonName(nodeID.rawValue) }
            let extensions = try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true))
                try ExtendedKeyUsage([.serverAuth, .clientAuth])
                SubjectAlternativeNames([.dnsName(nodeID.rawValue)])
            }
            cert = try Certificate(
                version: .v3,
                serialNumber: Certificate.SerialNumber(),
                publicKey: Certificate.PublicKey(key.publicKey),
                notValidBefore: notBefore,
                notValidAfter: notAfter,
                issuer: name,
                subject: name,
                signatureAlgorithm: .ecdsaWithSHA256,
                extensions: extensions,
                issuerPrivateKey: Certificate.PrivateKey(key)
            )
        } catch {
            throw .invalidIdentity("certificate creation failed: \(error)")
        }
        return try NodeIdentity(nodeID: nodeID, certificate: cert, privateKeyPEM: key.pemRepresentation)
    }

    /// Loads an identity from PEM. The node id is read from the certificate's common name; the key
    /// must be the certificate's key.
    public init(certificatePEM: String, privateKeyPEM: String) throws(TransportError) {
        let cert: Certificate
        do {
            cert = try Certificate(pemEncoded: certificatePEM)
        } catch {
            throw .invalidIdentity("certificate PEM: \(error)")
        }
        let commonNames = cert.subject.flatMap { $0 }.filter { $0.type == .RDNAttributeType.commonName }
        guard let first = commonNames.first, let cn = String(first.value) else {
            throw .invalidIdentity("certificate has no common name")
        }
        let nodeID = try NodeID(cn)
        try self.init(nodeID: nodeID, certificate: cert, privateKeyPEM: privateKeyPEM)
    }

    private init(nodeID: NodeID, certificate cert: Certificate, privateKeyPEM: String) throws(TransportError) {
        let privateKey: Certificate.PrivateKey
        do {
            privateKey = try Certificate.PrivateKey(pemEncoded: privateKeyPEM)
        } catch {
            throw .invalidIdentity("private key PEM: \(error)")
        }
        guard privateKey.publicKey == cert.publicKey else {
            throw .invalidIdentity("private key does not match the certificate")
        }
        var serializer = DER.Serializer()
        do {
            try serializer.serialize(cert)
            self.certificatePEM = try cert.serializeAsPEM().pemString
        } catch {
            throw .invalidIdentity("certificate encoding: \(error)")
        }
        self.nodeID = nodeID
        self.certificateDER = serializer.serializedBytes
        self.privateKeyPEM = privateKeyPEM
        self.notValidBefore = cert.notValidBefore
        self.notValidAfter = cert.notValidAfter
    }

    /// Never prints the private key.
    public var description: String { "NodeIdentity(\(nodeID), fingerprint: \(fingerprint))" }
}
