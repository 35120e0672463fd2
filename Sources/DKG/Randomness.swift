import Primitives
import Sharing

/// Where a ceremony draws its secret scalars (polynomial coefficients) from.
///
/// `.system` draws from the operating system's CSPRNG through `GroupScalar.random()`.
/// `.seeded` derives every draw from a seed: scalar number `c` is SHA-256 in counter mode keyed
/// by the seed (below), and the X25519 sealed boxes use deterministic ephemeral keys
/// (``ephemeralSecret()``), so a seeded run is reproducible byte for byte. Two users:
/// - the simulator and the test vectors (`vectors/threshold/`), with public seeds: their
///   secrets are not secret at all;
/// - resumable ceremonies (`Ceremony.init(parameters:index:encryptionKeyPair:resumableSeed:)`),
///   with a 32-byte seed from the CSPRNG that the node seals in its vault: the outputs are as
///   secret as that seed, and a restarted member re-derives the same secrets from it.
/// Known weakness: the seed is held as a plain array for the ceremony's lifetime and the hash
/// inputs are temporary arrays; neither is wiped when freed (SecretBytes is not used here).
final class ScalarSource: @unchecked Sendable {
    private let seed: [UInt8]?
    private var counter: UInt64 = 0

    private init(seed: [UInt8]?) { self.seed = seed }

    static var system: ScalarSource { ScalarSource(seed: nil) }

    /// A deterministic source: scalar number `c` is
    /// `SHA-256(seed ‖ c ‖ 0) ‖ SHA-256(seed ‖ c ‖ 1)` (64 bytes) reduced mod q.
    static func seeded(_ seed: [UInt8]) -> ScalarSource { ScalarSource(seed: seed) }

    func scalar<S: GroupScalar>(_: S.Type) -> S {
        guard let seed else { return S.random() }
        var c = ByteWriter(); c.u64(counter); counter += 1
        let wide = SHA256.hash(seed + c.bytes + [0]) + SHA256.hash(seed + c.bytes + [1])
        return S(reducing: wide)
    }

    /// For a seeded source, a deterministic 32-byte X25519 ephemeral secret for one sealed
    /// box (never reused: the counter advances); nil for the system source, which must
    /// seal with fresh randomness.
    func ephemeralSecret() -> SecretBytes? {
        guard let seed else { return nil }
        var c = ByteWriter(); c.u64(counter); counter += 1
        var e = SHA256.hash(seed + c.bytes + Array("x25519-ephemeral".utf8))
        return SecretBytes(consuming: &e)
    }

    /// Seals `plain` to `recipient`: with a deterministic ephemeral key when seeded,
    /// with libsodium's fresh one otherwise.
    func seal(_ plain: SecretBytes, to recipient: [UInt8]) -> [UInt8] {
        // Recipient keys were validated as 32 bytes; sealing cannot fail.
        if let eph = ephemeralSecret() {
            return try! X25519.sealDeterministically(plain, to: recipient, ephemeralSecret: eph)
        }
        return try! X25519.seal(plain, to: recipient)
    }

    func nonZeroScalar<S: GroupScalar>(_: S.Type) -> S {
        while true {
            let s = scalar(S.self)
            if !s.isZero { return s }
        }
    }

    /// A random polynomial of degree `t − 1` with random constant term (GJKR Fig. 2,
    /// step 1(a): `f_i(z) = a_i0 + a_i1 z + …`), higher coefficients non-zero as in
    /// `Polynomial.random`.
    func polynomial<S: GroupScalar>(threshold: Int, constantTerm: S? = nil) -> Polynomial<S> {
        var c = [constantTerm ?? scalar(S.self)]
        for _ in 1..<max(threshold, 1) { c.append(nonZeroScalar(S.self)) }
        return Polynomial(coefficients: c)
    }
}
