import Primitives

/// Rendezvous (highest-random-weight) hashing of key ids onto committees (Thaler & Ravishankar,
/// "Using name-based mappings to increase hit rates", IEEE/ACM ToN 1998).
///
/// Every (key, member) pair gets a pseudo-random weight; a key's committee of size `n` is the
/// `n` members of highest weight. Because a pair's weight does not depend on the other members,
/// adding a member changes a key's committee only if the newcomer enters its top `n`, and
/// removing one only if it was in it — the property DESIGN.md asks for so that only those keys
/// need a reshare.
public enum Rendezvous {
    /// Domain tag of the weight hash; a new tag is a new placement of every key.
    static let domain: [UInt8] = Array("thresig/rendezvous/v1".utf8)

    /// The weight of `member` for `keyID`: the first 8 bytes, big-endian, of
    /// SHA-256(domain ‖ len(key) ‖ key ‖ len(member) ‖ member), lengths as 4-byte big-endian, so
    /// that no two (key, member) pairs share an input.
    public static func weight(keyID: [UInt8], member: MemberID) -> UInt64 {
        var h = SHA256()
        h.update(domain)
        for part in [keyID, Array(member.rawValue.utf8)] {
            let n = UInt32(part.count)
            h.update([UInt8(n >> 24), UInt8(truncatingIfNeeded: n >> 16), UInt8(truncatingIfNeeded: n >> 8), UInt8(truncatingIfNeeded: n)])
            h.update(part)
        }
        let d = h.finalize()
        return d[0..<8].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
    }

    /// The `size` members of highest weight for `keyID`, highest first (ties, which need a 64-bit
    /// collision, broken by id). The position in the result is the member's share index − 1.
    /// Returns nil when `size` is not in 1…members.count or the members repeat an id.
    public static func committee(keyID: [UInt8], size: Int, members: [MemberID]) -> [MemberID]? {
        guard size >= 1, size <= members.count, Set(members).count == members.count else { return nil }
        let ranked = members
            .map { (id: $0, w: weight(keyID: keyID, member: $0)) }
            .sorted { $0.w != $1.w ? $0.w > $1.w : $0.id < $1.id }
        return ranked.prefix(size).map(\.id)
    }
}
