import Foundation
import Primitives
import Secp256k1
import Testing

/// Wycheproof (C2SP/wycheproof testvectors_v1) against this module's API, the way the
/// Conformance runners will drive it.
///
/// `acceptable` decisions:
/// - ECDSA files: no `acceptable` cases.
/// - ECDH `CompressedPublic`: ACCEPT — SEC1 compressed points are a valid encoding in
///   a SubjectPublicKeyInfo (RFC 5480 §2.2) and ``Point/init(sec1:)`` accepts them.
/// - ECDH `InvalidAsn` (BER variants of the SPKI: long-form or indefinite lengths,
///   padded tags, …): REJECT — we parse strict DER only.
/// - ECDH `UnnamedCurve` + `UnusedParam` (explicit curve parameters, modified in a way
///   that does not affect the computation): REJECT — explicit parameters are refused
///   outright (RFC 5480 §2.1.1: specifiedCurve MUST NOT be used).
@Suite("Wycheproof secp256k1")
struct WycheproofTests {
    enum Kind: String, CaseIterable, Sendable { case der, p1363, bitcoin }

    static func file(_ kind: Kind) -> String {
        switch kind {
        case .der: "wycheproof/ecdsa_secp256k1_sha256_test.json"
        case .p1363: "wycheproof/ecdsa_secp256k1_sha256_p1363_test.json"
        case .bitcoin: "wycheproof/ecdsa_secp256k1_sha256_bitcoin_test.json"
        }
    }
    static let expectedCounts: [Kind: Int] = [.der: 476, .p1363: 252, .bitcoin: 463]
    static let allPresent = Kind.allCases.allSatisfy { TestSupport.vectorExists(file($0)) }
        && TestSupport.vectorExists("wycheproof/ecdh_secp256k1_test.json")

    /// Runs one ECDSA case; true when the signature is accepted.
    static func accepts(_ kind: Kind, sig: [UInt8], msg: [UInt8], key: Point) -> Bool {
        let digest = SHA256.hash(msg)
        switch kind {
        case .der:
            guard let s = try? ECDSA.Signature(der: sig) else { return false }
            return ECDSA.verify(signature: s, digest: digest, publicKey: key)
        case .p1363:
            guard let s = try? ECDSA.Signature(compact: sig) else { return false }
            return ECDSA.verify(signature: s, digest: digest, publicKey: key)
        case .bitcoin:
            guard let s = try? ECDSA.Signature(der: sig) else { return false }
            return ECDSA.verifyLowS(signature: s, digest: digest, publicKey: key)
        }
    }

    @Test("ECDSA secp256k1 SHA-256", .enabled(if: allPresent, "Wycheproof vectors absent"),
          arguments: Kind.allCases)
    func ecdsa(kind: Kind) throws {
        let json = try TestSupport.loadJSON(Self.file(kind))
        var passed = 0, total = 0
        for group in json["testGroups"] as! [[String: Any]] {
            #expect(group["sha"] as? String == "SHA-256")
            let key = try Point(subjectPublicKeyInfo: TestSupport.hex(group["publicKeyDer"] as! String))
            let pk = group["publicKey"] as! [String: Any]
            #expect(key.sec1(compressed: false) == TestSupport.hex(pk["uncompressed"] as! String))
            for t in group["tests"] as! [[String: Any]] {
                total += 1
                let result = t["result"] as! String
                let ok = Self.accepts(kind, sig: TestSupport.hex(t["sig"] as! String),
                                      msg: TestSupport.hex(t["msg"] as! String), key: key)
                let pass: Bool
                switch result {
                case "valid": pass = ok
                case "invalid": pass = !ok
                default: pass = false; Issue.record("unexpected result \(result) in tcId \(t["tcId"]!)")
                }
                #expect(pass, "\(kind) tcId \(t["tcId"]!) \(result) \(t["flags"]!) \(t["comment"]!)")
                if pass { passed += 1 }
            }
        }
        #expect(total == Self.expectedCounts[kind])
        print("Wycheproof ecdsa \(kind): \(passed)/\(total) passed")
    }

    /// SPKI public key, integer private key, raw x-coordinate secret.
    static func computeECDH(publicDER: [UInt8], privateHex: String) throws(Secp256k1Error) -> [UInt8] {
        let pub = try Point(subjectPublicKeyInfo: publicDER)
        let key = try SecretKey(integerBytes: TestSupport.hex(privateHex))
        return try ECDH.sharedSecret(secretKey: key, publicKey: pub)
    }

    /// Our decision for each ECDH `acceptable` case (true = we compute the secret).
    static func acceptAcceptable(flags: [String]) -> Bool {
        flags.contains("CompressedPublic")
    }

    @Test("ECDH secp256k1", .enabled(if: allPresent, "Wycheproof vectors absent"))
    func ecdh() throws {
        let json = try TestSupport.loadJSON("wycheproof/ecdh_secp256k1_test.json")
        var passed = 0, total = 0
        var acceptableAccepted = 0, acceptableRejected = 0
        var byFlag: [String: Int] = [:]
        for group in json["testGroups"] as! [[String: Any]] {
            #expect(group["encoding"] as? String == "asn")
            for t in group["tests"] as! [[String: Any]] {
                total += 1
                let result = t["result"] as! String
                let flags = t["flags"] as! [String]
                let outcome = Result { () throws(Secp256k1Error) -> [UInt8] in
                    try Self.computeECDH(publicDER: TestSupport.hex(t["public"] as! String),
                                         privateHex: t["private"] as! String)
                }
                let shared = try? outcome.get()
                let failure: Secp256k1Error? = if case .failure(let e) = outcome { e } else { nil }
                let expected = TestSupport.hex(t["shared"] as! String)
                let pass: Bool
                switch result {
                case "valid": pass = shared == expected
                case "invalid": pass = shared == nil
                default:
                    if Self.acceptAcceptable(flags: flags) {
                        pass = shared == expected
                        acceptableAccepted += 1
                    } else {
                        pass = shared == nil
                        acceptableRejected += 1
                    }
                    byFlag[flags.joined(separator: "+") + (shared == nil ? " rejected" : " accepted"), default: 0] += 1
                }
                #expect(pass, "ecdh tcId \(t["tcId"]!) \(result) \(flags) \(t["comment"]!) error=\(String(describing: failure))")
                if pass { passed += 1 }
            }
        }
        #expect(total == 752)
        print("Wycheproof ecdh: \(passed)/\(total) passed; acceptable accepted \(acceptableAccepted), rejected \(acceptableRejected)")
        for (k, v) in byFlag.sorted(by: { $0.key < $1.key }) { print("  acceptable \(k): \(v)") }
    }
}
