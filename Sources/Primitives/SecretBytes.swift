import CSodium

/// Secret key material in memory that libsodium allocates with guard pages, locks
/// against swapping (`mlock`), and zeroes when freed (`sodium_free`).
///
/// Its `description` never shows the content: a `SecretBytes` can be printed or logged
/// by mistake without leaking. Content is reachable only through the `withUnsafe…`
/// accessors, so every read of a secret is visible at its call site.
public final class SecretBytes: @unchecked Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    private let pointer: UnsafeMutableRawPointer
    /// Length in bytes (not secret).
    public let count: Int

    /// Zero-filled secret of `count` bytes.
    public init(zeroedCount count: Int) {
        Sodium.ensureInitialized()
        precondition(count >= 0)
        guard let p = sodium_malloc(Swift.max(count, 1)) else {
            fatalError("sodium_malloc failed (out of locked memory?)")
        }
        sodium_memzero(p, Swift.max(count, 1))
        self.pointer = p
        self.count = count
    }

    /// Copies `bytes` into locked memory. The caller's array is left as it was: wipe it
    /// (``Wipe/bytes(_:)``), or use ``init(consuming:)`` which does. Prefer producing
    /// secrets directly into a `SecretBytes`.
    public convenience init(copying bytes: [UInt8]) {
        self.init(zeroedCount: bytes.count)
        bytes.withUnsafeBytes { src in
            if let s = src.baseAddress { pointer.copyMemory(from: s, byteCount: bytes.count) }
        }
    }

    /// Takes `bytes` and wipes the array afterwards.
    public convenience init(consuming bytes: inout [UInt8]) {
        self.init(copying: bytes)
        Wipe.bytes(&bytes)
    }

    /// `count` random bytes from the OS CSPRNG, generated in place.
    public static func random(count: Int) -> SecretBytes {
        let s = SecretBytes(zeroedCount: count)
        if count > 0 { randombytes_buf(s.pointer, count) }
        return s
    }

    deinit { sodium_free(pointer) }

    /// Reads the secret.
    public func withUnsafeBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        try body(UnsafeRawBufferPointer(start: pointer, count: count))
    }

    /// Writes the secret in place.
    public func withUnsafeMutableBytes<R, E: Error>(_ body: (UnsafeMutableRawBufferPointer) throws(E) -> R) throws(E) -> R {
        try body(UnsafeMutableRawBufferPointer(start: pointer, count: count))
    }

    /// A copy of the content as an ordinary array: the caller becomes responsible for
    /// wiping it (``Wipe/bytes(_:)``). Named loudly on purpose.
    public func unsafeCopyToArray() -> [UInt8] {
        [UInt8](UnsafeRawBufferPointer(start: pointer, count: count))
    }

    /// Constant-time comparison with another secret.
    public func constantTimeEquals(_ other: SecretBytes) -> Bool {
        guard count == other.count else { return false }
        if count == 0 { return true }
        return sodium_memcmp(pointer, other.pointer, count) == 0
    }

    public var description: String { "SecretBytes(\(count) bytes, redacted)" }
    public var debugDescription: String { description }
}

/// Zeroing of ordinary buffers that held secrets, not optimised away (`sodium_memzero`).
public enum Wipe {
    /// Overwrites a raw buffer with zeros.
    public static func raw(_ buffer: UnsafeMutableRawBufferPointer) {
        if let b = buffer.baseAddress, buffer.count > 0 { sodium_memzero(b, buffer.count) }
    }

    /// Overwrites the array's storage with zeros (the length is kept).
    public static func bytes(_ bytes: inout [UInt8]) {
        bytes.withUnsafeMutableBytes { buf in
            if let b = buf.baseAddress, buf.count > 0 { sodium_memzero(b, buf.count) }
        }
    }
}
