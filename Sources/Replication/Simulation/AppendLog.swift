/// The simulator's replicated service: an append-only log of 64-bit values.
///
/// Each op is an 8-byte little-endian value; the reply is the log length after the append and a
/// running FNV-1a digest of the whole log, both 8 bytes little-endian. The reply therefore fixes
/// the op's position *and* the order of everything before it, which is what the linearizability
/// checker verifies. It also notices a value applied twice (`duplicateApplied`), which the
/// simulator reports as a violation of "each client request is applied at most once".
public struct AppendLog: StateMachine, Sendable {
    /// The digest of the empty log (FNV-1a offset basis).
    public static let emptyDigest: UInt64 = 0xCBF2_9CE4_8422_2325

    /// The values, in op order.
    public private(set) var values: [UInt64] = []
    /// FNV-1a over every value's bytes, in order.
    public private(set) var digest: UInt64 = AppendLog.emptyDigest
    /// Whether some value was applied twice.
    public private(set) var duplicateApplied = false
    private var seen: Set<UInt64> = []

    /// The empty log.
    public init() {}

    /// Folds one value into a digest.
    public static func fold(_ digest: UInt64, _ value: UInt64) -> UInt64 {
        var h = digest
        for i in 0..<8 {
            h ^= (value >> UInt64(8 * i)) & 0xFF
            h = h &* 0x0000_0100_0000_01B3
        }
        return h
    }

    /// Encodes a value as an op body.
    public static func operation(_ value: UInt64) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.appendLittleEndian(value)
        return bytes
    }

    /// Decodes a reply into (position, digest); nil if malformed.
    public static func decodeReply(_ reply: [UInt8]) -> (position: UInt64, digest: UInt64)? {
        guard reply.count == 16 else { return nil }
        return (readLittleEndian(reply, at: 0), readLittleEndian(reply, at: 8))
    }

    static func readLittleEndian(_ bytes: [UInt8], at offset: Int) -> UInt64 {
        var v: UInt64 = 0
        for i in 0..<8 { v |= UInt64(bytes[offset + i]) << UInt64(8 * i) }
        return v
    }

    /// Appends the value and replies with (length, digest).
    public mutating func apply(_ operation: [UInt8]) -> [UInt8] {
        precondition(operation.count == 8, "append-log ops are 8-byte values")
        let value = AppendLog.readLittleEndian(operation, at: 0)
        append(value)
        var reply: [UInt8] = []
        reply.appendLittleEndian(UInt64(values.count))
        reply.appendLittleEndian(digest)
        return reply
    }

    private mutating func append(_ value: UInt64) {
        if !seen.insert(value).inserted { duplicateApplied = true }
        values.append(value)
        digest = AppendLog.fold(digest, value)
    }

    /// Count, then the values, little-endian.
    public func snapshot() -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(8 * (values.count + 1))
        bytes.appendLittleEndian(UInt64(values.count))
        for value in values { bytes.appendLittleEndian(value) }
        return bytes
    }

    /// Rebuilds the log from `snapshot()` bytes.
    public mutating func restore(_ snapshot: [UInt8]) {
        precondition(snapshot.count >= 8, "append-log snapshot too short")
        let count = Int(AppendLog.readLittleEndian(snapshot, at: 0))
        precondition(snapshot.count == 8 * (count + 1), "append-log snapshot length mismatch")
        self = AppendLog()
        for i in 0..<count { append(AppendLog.readLittleEndian(snapshot, at: 8 * (i + 1))) }
    }
}
