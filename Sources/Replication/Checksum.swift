import Primitives

/// A SHA-256 digest used to identify and chain log entries.
///
/// Stored as four words so that comparing two checksums (done on every step of the
/// simulator and on every Prepare) costs four integer compares, not an array walk.
public struct Checksum: Hashable, Sendable, CustomStringConvertible {
    /// The digest's 32 bytes, big-endian, as four 64-bit words.
    public let words: (UInt64, UInt64, UInt64, UInt64)

    /// The checksum that anchors the hash chain: the parent of op 1 (the "root" entry, op 0).
    public static let root = Checksum(hashing: Array("thresig.vsr.root.v1".utf8))

    /// Wraps a 32-byte digest.
    public init(digest: [UInt8]) {
        precondition(digest.count == 32, "a checksum is a 32-byte SHA-256 digest")
        func word(_ i: Int) -> UInt64 {
            var w: UInt64 = 0
            for b in digest[(i * 8)..<(i * 8 + 8)] { w = (w << 8) | UInt64(b) }
            return w
        }
        words = (word(0), word(1), word(2), word(3))
    }

    /// SHA-256 of `bytes`.
    public init(hashing bytes: [UInt8]) {
        self.init(digest: SHA256.hash(bytes))
    }

    /// The 32 digest bytes.
    public var bytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(32)
        for w in [words.0, words.1, words.2, words.3] {
            for s in stride(from: 56, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: w >> UInt64(s))) }
        }
        return out
    }

    /// The first eight hex digits, enough to tell entries apart in a trace.
    public var description: String {
        let hex = String(words.0 >> 32, radix: 16)
        return String(repeating: "0", count: 8 - hex.count) + hex
    }

    /// Word-by-word equality.
    public static func == (a: Checksum, b: Checksum) -> Bool {
        a.words.0 == b.words.0 && a.words.1 == b.words.1 && a.words.2 == b.words.2 && a.words.3 == b.words.3
    }

    /// Hashes the four words.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(words.0); hasher.combine(words.1); hasher.combine(words.2); hasher.combine(words.3)
    }
}
