import BigNum
import Foundation
@testable import Paillier
import Secp256k1
@testable import ThresholdECDSA

/// Shared, computed-once test material: Paillier keys from the committed pool and a
/// verifier's ring-Pedersen parameters.
enum Fixtures {
    static func prime(_ i: Int) -> BigInt { BigInt(hex: SimulationPrimes.safePrimes1536[i])! }
    static func key(_ i: Int) -> PaillierSecretKey {
        try! PaillierSecretKey(safePrimes: SecretPrimes(p: prime(2 * i), q: prime(2 * i + 1)))
    }
    /// The prover's key (pool pair 0) and the verifier's key (pool pair 1).
    static let prover = key(0)
    static let verifier = key(1)
    static let verifierRP: (RingPedersenParameters, RingPedersenSecret) =
        RingPedersenSecret.generate(for: verifier, source: .seeded(Array("verifier-rp".utf8)))
    static let proverRP: (RingPedersenParameters, RingPedersenSecret) =
        RingPedersenSecret.generate(for: prover, source: .seeded(Array("prover-rp".utf8)))
    /// A Blum modulus with a 256-bit factor (passes Πmod, fails Πfac).
    static let smallFactorKey: PaillierSecretKey = {
        let pair = SimulationPrimes.smallFactorPair
        return try! PaillierSecretKey(primes: SecretPrimes(p: BigInt(hex: pair.small)!, q: BigInt(hex: pair.large)!))
    }()

    static let context = ProofContext(sessionID: Array("test-session".utf8), prover: 1)
    /// The same proof checked in another session or as another party's must fail.
    static let otherSession = ProofContext(sessionID: Array("test-session-2".utf8), prover: 1)
    static let otherProver = ProofContext(sessionID: Array("test-session".utf8), prover: 2)

    static func source(_ label: String) -> RandomSource { .seeded(Array(label.utf8)) }
}

/// A named edit of a proof's field.
typealias Edit<P> = (String, (inout P) -> Void)

/// Applies each named mutation to a copy of `value` and returns the copies.
func mutations<P>(_ value: P, _ edits: [(String, (inout P) -> Void)]) -> [(String, P)] {
    edits.map { name, edit in
        var copy = value
        edit(&copy)
        return (name, copy)
    }
}

/// Verifies a signature with the `openssl` command line (OpenSSL 3's own ECDSA over
/// secp256k1): the public key as SubjectPublicKeyInfo PEM, the DER signature, the digest.
/// Returns nil when openssl cannot run.
func opensslVerify(publicKey: Point, digest: [UInt8], der: [UInt8]) -> Bool? {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("thresig-ossl-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let spki = publicKey.subjectPublicKeyInfo().withUnsafeBufferPointer { Data($0) }
    let pem = "-----BEGIN PUBLIC KEY-----\n" + spki.base64EncodedString(options: [.lineLength64Characters, .endLineWithLineFeed]) + "\n-----END PUBLIC KEY-----\n"
    do {
        try pem.write(to: dir.appendingPathComponent("pub.pem"), atomically: true, encoding: .utf8)
        try Data(der).write(to: dir.appendingPathComponent("sig.der"))
        try Data(digest).write(to: dir.appendingPathComponent("digest.bin"))
    } catch { return nil }
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["openssl", "pkeyutl", "-verify", "-pubin", "-inkey", dir.appendingPathComponent("pub.pem").path,
                   "-sigfile", dir.appendingPathComponent("sig.der").path, "-in", dir.appendingPathComponent("digest.bin").path]
    p.standardOutput = Pipe(); p.standardError = Pipe()
    do { try p.run() } catch { return nil }
    p.waitUntilExit()
    return p.terminationStatus == 0
}
