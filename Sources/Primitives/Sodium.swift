import CSodium

/// libsodium must be initialised once before use; every entry point that touches it
/// goes through `Sodium.ensureInitialized()` (idempotent and thread-safe in libsodium).
enum Sodium {
    private static let initialized: Bool = sodium_init() >= 0

    static func ensureInitialized() {
        precondition(initialized, "libsodium failed to initialise")
    }
}

/// Randomness from the operating system's CSPRNG, through libsodium's `randombytes_buf`.
public enum SecureRandom {
    /// `count` uniformly random bytes.
    public static func bytes(_ count: Int) -> [UInt8] {
        Sodium.ensureInitialized()
        var out = [UInt8](repeating: 0, count: count)
        out.withUnsafeMutableBytes { randombytes_buf($0.baseAddress!, $0.count) }
        return out
    }

    /// Fills a raw buffer with random bytes.
    public static func fill(_ buffer: UnsafeMutableRawBufferPointer) {
        Sodium.ensureInitialized()
        guard let base = buffer.baseAddress, buffer.count > 0 else { return }
        randombytes_buf(base, buffer.count)
    }

    /// A uniformly random `UInt64`.
    public static func uint64() -> UInt64 {
        var v: UInt64 = 0
        withUnsafeMutableBytes(of: &v) { fill($0) }
        return v
    }
}

/// A `RandomNumberGenerator` backed by the OS CSPRNG, for APIs that take a generator.
public struct SystemCSPRNG: RandomNumberGenerator, Sendable {
    public init() {}
    public mutating func next() -> UInt64 { SecureRandom.uint64() }
}

/// Comparisons whose running time does not depend on the content of equal-length inputs.
public enum ConstantTime {
    /// True when `a` and `b` have the same length and content. The length is not secret;
    /// the content comparison is constant time (`sodium_memcmp`).
    public static func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        if a.isEmpty { return true }
        Sodium.ensureInitialized()
        return a.withUnsafeBytes { x in
            b.withUnsafeBytes { y in sodium_memcmp(x.baseAddress!, y.baseAddress!, a.count) == 0 }
        }
    }

    /// Same as ``equal(_:_:)-(UInt8,UInt8)`` for a secret against public bytes.
    public static func equal(_ a: SecretBytes, _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        if b.isEmpty { return true }
        return a.withUnsafeBytes { x in
            b.withUnsafeBytes { y in sodium_memcmp(x.baseAddress!, y.baseAddress!, b.count) == 0 }
        }
    }
}

/// C libraries annotate their buffer parameters non-null even when the length is zero;
/// these hand them a valid pointer for an empty array too.
@inline(__always)
func withNonNullBytes<R>(_ bytes: [UInt8], _ body: (UnsafePointer<UInt8>, Int) -> R) -> R {
    if bytes.isEmpty {
        var dummy: UInt8 = 0
        return withUnsafePointer(to: &dummy) { body($0, 0) }
    }
    return bytes.withUnsafeBufferPointer { body($0.baseAddress!, $0.count) }
}

@inline(__always)
func withNonNullMutableBytes<R>(_ bytes: inout [UInt8], _ body: (UnsafeMutablePointer<UInt8>, Int) -> R) -> R {
    if bytes.isEmpty {
        var dummy: UInt8 = 0
        return withUnsafeMutablePointer(to: &dummy) { body($0, 0) }
    }
    return bytes.withUnsafeMutableBufferPointer { body($0.baseAddress!, $0.count) }
}

extension SecretBytes {
    @inline(__always)
    func withNonNullPointer<R>(_ body: (UnsafeMutablePointer<UInt8>, Int) -> R) -> R {
        withUnsafeMutableBytes { buf in body(buf.baseAddress!.assumingMemoryBound(to: UInt8.self), count) }
    }
}
