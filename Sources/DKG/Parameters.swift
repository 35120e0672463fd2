import Primitives
import Sharing

/// One member of a committee: its position `index ∈ 1…n` and the X25519 public key its
/// shares are encrypted to.
public struct Member: Sendable, Hashable {
    public let index: Int
    public let encryptionKey: [UInt8]
    public init(index: Int, encryptionKey: [UInt8]) {
        self.index = index
        self.encryptionKey = encryptionKey
    }
}

/// The public parameters of one GJKR ceremony, identical at every member.
///
/// `t` is the number of shares needed to use the key (the polynomial degree is `t − 1`).
/// GJKR proves secrecy and robustness against up to `t − 1` corrupted members when
/// `n ≥ 2t − 1` (paper: `t_paper < n/2` with `t_paper = t − 1` the degree). Parameters
/// with `n < 2t − 1` are accepted — they are correct when everyone is honest — but then
/// fewer than `t − 1` malicious members can stall or bias the ceremony; see
/// `toleratedMalicious` and docs/protocols/dkg.md.
public struct CeremonyParameters: Sendable, Hashable {
    /// Names the ceremony (e.g. the log position of its creation); bound into every
    /// message and the transcript, so messages of one ceremony are refused by another.
    public let sessionID: [UInt8]
    public let n: Int
    public let t: Int
    /// Members sorted by index, exactly `1…n`.
    public let members: [Member]

    /// - Throws: `DKGParameterError` unless `1 ≤ t ≤ n ≤ 1024`, the members are exactly
    ///   the indices `1…n` with distinct, 32-byte, non-zero X25519 keys, and the session
    ///   id has 1…255 bytes.
    public init(sessionID: [UInt8], n: Int, t: Int, members: [Member]) throws(DKGParameterError) {
        guard t >= 1, t <= n, n <= Shamir.maxShareCount else { throw .invalidThreshold(t: t, n: n) }
        guard !sessionID.isEmpty, sessionID.count <= 255 else { throw .invalidSessionID }
        self.members = try Self.validate(members: members, n: n)
        self.sessionID = sessionID
        self.n = n
        self.t = t
    }

    static func validate(members: [Member], n: Int) throws(DKGParameterError) -> [Member] {
        var seenIndex = Set<Int>()
        var seenKey = Set<[UInt8]>()
        for m in members {
            guard m.index >= 1, m.index <= n else { throw .invalidMemberIndex(m.index) }
            guard seenIndex.insert(m.index).inserted else { throw .duplicateMemberIndex(m.index) }
            guard m.encryptionKey.count == X25519.keyLength, m.encryptionKey.contains(where: { $0 != 0 }) else {
                throw .invalidEncryptionKey(member: m.index)
            }
            // A small-order X25519 key makes libsodium refuse to seal to it: announcing one
            // would stop every honest dealer. Refuse it here, where the key is first seen.
            guard (try? X25519.seal([0], to: m.encryptionKey)) != nil else {
                throw .invalidEncryptionKey(member: m.index)
            }
            guard seenKey.insert(m.encryptionKey).inserted else { throw .duplicateEncryptionKey(member: m.index) }
        }
        guard members.count == n else { throw .memberCountMismatch(expected: n, got: members.count) }
        return members.sorted { $0.index < $1.index }
    }

    /// The largest number of malicious members GJKR tolerates with these parameters:
    /// `t − 1` when `n ≥ 2t − 1`, otherwise `n − t` (then too many silent members leave
    /// fewer than `t` honest shares) — `min(t − 1, n − t)`.
    public var toleratedMalicious: Int { min(t - 1, n - t) }

    /// True when GJKR's full guarantee holds: `n ≥ 2t − 1` (at most `t − 1` corruptions,
    /// a minority of the `n` members once `t − 1 < n/2`).
    public var isOptimallyResilient: Bool { n >= 2 * t - 1 }

    /// The 32-byte ceremony id carried by every message: SHA-256 over the group name, the
    /// session id, `n`, `t` and every member's key, through `Transcript` (injective).
    public func ceremonyID<G: PrimeOrderGroup>(for _: G.Type) -> [UInt8] {
        var tr = Transcript(domain: "thresig/dkg/gjkr/ceremony-id/v1")
        tr.append("group", string: G.name)
        tr.append("session", sessionID)
        tr.append("n", uint64: UInt64(n))
        tr.append("t", uint64: UInt64(t))
        for m in members {
            tr.append("member", uint64: UInt64(m.index))
            tr.append("key", m.encryptionKey)
        }
        return tr.digest()
    }
}
