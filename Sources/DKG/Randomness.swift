import Primitives
import Sharing

/// Where a ceremony draws its secret scalars (polynomial coefficients) from.
///
/// Real ceremonies use `.system`: the operating system's CSPRNG through
/// `GroupScalar.random()`. `.seeded` exists **only** for the in-process simulator and
/// for test vectors, so that a seed reproduces the polynomials (and hence the group key)
/// of a dry run: a seeded ceremony's secrets are as secret as its seed, i.e. not at all.
/// It is not reachable from `Ceremony`'s public initialiser. A seeded source also gives
/// the ephemeral keys of the X25519 sealed boxes (``ephemeralSecret()``), so a seeded run
/// is reproducible byte for byte, transcript hash included — which is what the threshold
/// test vectors (`vectors/threshold/`) need. A real ceremony (`.system`) seals with fresh
/// libsodium randomness.
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
