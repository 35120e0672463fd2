import CGMP

/// A Fiat–Shamir transcript: a domain tag, then labelled public values, then challenges.
///
/// The encoding is injective: every item is `len(label) ‖ label ‖ len(value) ‖ value`
/// with 8-byte big-endian lengths, so no two different sequences of appends hash alike.
/// Each challenge is itself appended, so successive challenges are independent.
/// Protocol code appends the session id, the prover's index and every public value of
/// the statement before asking for a challenge (DESIGN.md, "Transcripts").
public struct Transcript: Sendable {
    private var encoded: [UInt8]
    private var challengeCounter: UInt64 = 0

    /// A transcript bound to `domain` (e.g. `"thresig/cggmp21/pi-mod/v1"`).
    public init(domain: String) {
        encoded = []
        Self.appendItem(&encoded, label: Array("thresig-transcript-v1".utf8), value: Array(domain.utf8))
    }

    /// Appends a labelled byte string.
    public mutating func append(_ label: String, _ value: [UInt8]) {
        precondition(!label.hasPrefix("challenge:"), "the label prefix \"challenge:\" is reserved for drawn challenges")
        Self.appendItem(&encoded, label: Array(label.utf8), value: value)
    }

    /// Appends a labelled unsigned integer (8 bytes, big-endian).
    public mutating func append(_ label: String, uint64 value: UInt64) {
        append(label, Self.bigEndian(value))
    }

    /// Appends a labelled UTF-8 string.
    public mutating func append(_ label: String, string value: String) {
        append(label, Array(value.utf8))
    }

    /// `count` challenge bytes: SHA-256 in counter mode over the transcript so far and the
    /// label; the output is then appended to the transcript.
    public mutating func challengeBytes(_ label: String, count: Int) -> [UInt8] {
        precondition(count > 0)
        var seedInput = encoded
        Self.appendItem(&seedInput, label: Array("challenge".utf8), value: Array(label.utf8))
        seedInput += Self.bigEndian(challengeCounter)
        challengeCounter += 1
        let seed = SHA256.hash(seedInput)
        var out = [UInt8]()
        out.reserveCapacity(count + 32)
        var block: UInt64 = 0
        while out.count < count {
            out += SHA256.hash(seed + Self.bigEndian(block))
            block += 1
        }
        out.removeLast(out.count - count)
        // Recorded under a reserved tag, so a drawn challenge never looks like a value
        // appended under the same label.
        Self.appendItem(&encoded, label: Array("challenge:".utf8) + Array(label.utf8), value: out)
        return out
    }

    /// A challenge uniform modulo `modulus` (big-endian bytes): draws `len(modulus) + 16`
    /// bytes (≥ 128 extra bits) and reduces them, so the bias is below 2^-128.
    /// Returns big-endian bytes of the same length as `modulus`.
    public mutating func challengeScalar(_ label: String, modulus: [UInt8]) throws(PrimitivesError) -> [UInt8] {
        guard modulus.contains(where: { $0 != 0 }) else { throw .invalidModulus }
        let wide = challengeBytes(label, count: modulus.count + 16)
        return Self.reduce(wide, modulus: modulus)
    }

    /// The digest of everything appended so far (e.g. to name a finished ceremony).
    public func digest() -> [UInt8] { SHA256.hash(encoded) }

    // MARK: - encoding helpers

    static func appendItem(_ out: inout [UInt8], label: [UInt8], value: [UInt8]) {
        out += bigEndian(UInt64(label.count))
        out += label
        out += bigEndian(UInt64(value.count))
        out += value
    }

    static func bigEndian(_ v: UInt64) -> [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: v >> (56 - 8 * $0)) }
    }

    /// `wide mod modulus` with GMP, output left-padded to the modulus length.
    static func reduce(_ wide: [UInt8], modulus: [UInt8]) -> [UInt8] {
        let a = UnsafeMutablePointer<__mpz_struct>.allocate(capacity: 1)
        let m = UnsafeMutablePointer<__mpz_struct>.allocate(capacity: 1)
        __gmpz_init(a); __gmpz_init(m)
        defer { __gmpz_clear(a); __gmpz_clear(m); a.deallocate(); m.deallocate() }
        wide.withUnsafeBytes { __gmpz_import(a, wide.count, 1, 1, 1, 0, $0.baseAddress) }
        modulus.withUnsafeBytes { __gmpz_import(m, modulus.count, 1, 1, 1, 0, $0.baseAddress) }
        __gmpz_fdiv_r(a, a, m)
        var out = [UInt8](repeating: 0, count: modulus.count)
        let len = a.pointee._mp_size == 0 ? 0 : (__gmpz_sizeinbase(a, 2) + 7) / 8
        out.withUnsafeMutableBytes { buf in
            var written = 0
            _ = __gmpz_export(buf.baseAddress! + (modulus.count - len), &written, 1, 1, 1, 0, a)
        }
        return out
    }
}
