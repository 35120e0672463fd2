import Foundation
import Primitives
import Secp256k1

/// ECDSA over secp256k1 with SHA-256, in Wycheproof's three schemas:
/// - `.der`: ASN.1 DER signatures (`ecdsa_verify_schema_v1.json`), any s accepted;
/// - `.p1363`: 64-byte r ‖ s (`ecdsa_p1363_verify_schema_v1.json`), other lengths refused;
/// - `.bitcoin`: DER and the BIP-62/BIP-146 low-s rule (`ecdsa_bitcoin_verify_schema.json`).
/// These files carry no `acceptable` cases; one would be reported as a failure.
enum WycheproofECDSA {
    enum Encoding { case der, p1363, bitcoin }

    static func run(_ file: WycheproofFile, _ report: inout FileReport, encoding: Encoding) {
        for group in file.groups {
            let tests = WycheproofFile.tests(of: group)
            let key = group["publicKey"] as? [String: Any]
            let curve = key?["curve"] as? String ?? "?"
            let sha = group["sha"] as? String ?? "?"
            guard curve == "secp256k1", sha == "SHA-256" else {
                report.skips.append(Skip(count: tests.count, reason: "group with curve \(curve), hash \(sha) is not supported"))
                continue
            }
            let publicKey = (key?["uncompressed"] as? String).flatMap { try? Hex.decode($0) }.flatMap { try? Point(sec1: $0) }
            for raw in tests {
                let c = WycheproofCase(raw)
                guard let msg = c.bytes("msg"), let sig = c.bytes("sig") else {
                    report.failures.append(CaseFailure(caseID: c.id, reason: "malformed case"))
                    continue
                }
                guard let pk = publicKey else {
                    report.recordWycheproof(c, succeeded: false, detail: "public key refused")
                    continue
                }
                let digest = SHA256.hash(msg)
                let verified: Bool
                switch encoding {
                case .der:
                    verified = (try? ECDSA.Signature(der: sig)).map { ECDSA.verify(signature: $0, digest: digest, publicKey: pk) } ?? false
                case .p1363:
                    verified = (try? ECDSA.Signature(compact: sig)).map { ECDSA.verify(signature: $0, digest: digest, publicKey: pk) } ?? false
                case .bitcoin:
                    verified = (try? ECDSA.Signature(der: sig)).map { ECDSA.verifyLowS(signature: $0, digest: digest, publicKey: pk) } ?? false
                }
                report.recordWycheproof(c, succeeded: verified)
            }
        }
    }
}

/// ECDH over secp256k1 (`ecdh_test_schema_v1.json`, encoding `asn`): the public key is an
/// X.509 SubjectPublicKeyInfo, the private key a big-endian integer, the result the shared
/// x-coordinate. Decisions for `acceptable` cases (docs/vectors.md):
/// - `CompressedPublic`: accepted — RFC 5480 §2.2 allows the compressed form;
/// - `InvalidAsn` (BER, non-minimal lengths, trailing data): refused — we parse strict DER;
/// - `UnnamedCurve` with explicit parameters: refused — RFC 5480 §2.1.1 requires a named
///   curve, and explicit parameters are how invalid-curve attacks get in.
enum WycheproofECDH {
    static func run(_ file: WycheproofFile, _ report: inout FileReport) {
        for group in file.groups {
            let tests = WycheproofFile.tests(of: group)
            let curve = group["curve"] as? String ?? "?"
            let encoding = group["encoding"] as? String ?? "?"
            guard curve == "secp256k1", encoding == "asn" else {
                report.skips.append(Skip(count: tests.count, reason: "group with curve \(curve), encoding \(encoding) is not supported"))
                continue
            }
            for raw in tests {
                let c = WycheproofCase(raw)
                guard let pub = c.bytes("public"), let priv = c.bytes("private"), let shared = c.bytes("shared") else {
                    report.failures.append(CaseFailure(caseID: c.id, reason: "malformed case"))
                    continue
                }
                var detail = ""
                var ok = false
                do {
                    let point = try Point(subjectPublicKeyInfo: pub)
                    let secret = try SecretKey(integerBytes: priv)
                    let out = try ECDH.sharedSecret(secretKey: secret, publicKey: point)
                    ok = ConstantTime.equal(out, shared)
                    if !ok { detail = "shared secret differs" }
                } catch {
                    detail = "refused: \(error)"
                }
                report.recordWycheproof(c, succeeded: ok, acceptableExpected: c.flags.contains("CompressedPublic"), detail: detail)
            }
        }
    }
}
