import LogClient
import Replication

/// The state machine the log host runs until the signer node's own one arrives: an append-only
/// list of records plus one register, with a read.
///
/// It exists to make the replicated log observable end to end: `append` fixes each record's
/// position, `read` returns the records in order (what the failover test compares with the
/// acknowledged appends), and `put` overwrites the register, a write whose state stays small
/// however many are made (what the benchmark drives, like a `put` of one etcd key or a
/// `setData` of one ZooKeeper znode).
///
/// Operations (first byte is the kind; integers little-endian):
///
/// | kind | operation | reply |
/// |---|---|---|
/// | 1 | append: the rest is the record | `0`, position u64 (1-based) |
/// | 2 | put: the rest is the register's new value | `0`, version u64 (puts so far) |
/// | 3 | read: from u64 (1-based), max u32 | `0`, count u32, then each record as u32 length + bytes |
/// | – | anything malformed | `1` (deterministic, so every replica answers alike) |
///
/// Deterministic: the same ops give the same replies and snapshot bytes on every replica.
public struct RecordLog: StateMachine, Sendable {
    /// Operation kinds.
    public enum Kind: UInt8, Sendable {
        case append = 1
        case put = 2
        case read = 3
    }

    /// Reply status bytes.
    public static let ok: UInt8 = 0
    /// The reply to a malformed operation.
    public static let malformed: [UInt8] = [1]
    /// Most records one read returns (a bound on the reply's size).
    public static let maxReadCount: UInt32 = 65_536

    /// The appended records, in op order.
    public private(set) var records: [[UInt8]] = []
    /// The register's value.
    public private(set) var register: [UInt8] = []
    /// Puts applied so far (the register's version).
    public private(set) var puts: UInt64 = 0

    /// The empty state.
    public init() {}

    /// An append of `record`.
    public static func append(_ record: [UInt8]) -> [UInt8] { [Kind.append.rawValue] + record }
    /// A put of `value` into the register.
    public static func put(_ value: [UInt8]) -> [UInt8] { [Kind.put.rawValue] + value }
    /// A read of at most `max` records from position `from` (1-based).
    public static func read(from: UInt64, max: UInt32) -> [UInt8] {
        var w = LittleEndianWriter()
        w.u8(Kind.read.rawValue); w.u64(from); w.u32(max)
        return w.bytes
    }

    /// Decodes the position an append returned; nil if `reply` is not an append's success.
    public static func appendedPosition(_ reply: [UInt8]) -> UInt64? {
        var r = LittleEndianReader(reply[...])
        guard (try? r.u8()) == ok, let position = try? r.u64(), r.remaining == 0 else { return nil }
        return position
    }

    /// Decodes a read's records; nil if `reply` is not a read's success.
    public static func readRecords(_ reply: [UInt8]) -> [[UInt8]]? {
        var r = LittleEndianReader(reply[...])
        guard (try? r.u8()) == ok, let count = try? r.u32() else { return nil }
        var out: [[UInt8]] = []
        for _ in 0..<count {
            guard let record = try? r.blob() else { return nil }
            out.append(record)
        }
        return r.remaining == 0 ? out : nil
    }

    /// Applies one operation (see the table above).
    public mutating func apply(_ operation: [UInt8]) -> [UInt8] {
        guard let first = operation.first, let kind = Kind(rawValue: first) else { return RecordLog.malformed }
        var w = LittleEndianWriter()
        w.u8(RecordLog.ok)
        switch kind {
        case .append:
            records.append(Array(operation.dropFirst()))
            w.u64(UInt64(records.count))
        case .put:
            register = Array(operation.dropFirst())
            puts += 1
            w.u64(puts)
        case .read:
            var r = LittleEndianReader(operation.dropFirst())
            guard let from = try? r.u64(), let max = try? r.u32(), r.remaining == 0, from >= 1 else {
                return RecordLog.malformed
            }
            let start = Int(clamping: from - 1)
            let end = start >= records.count ? start : min(records.count, start + Int(min(max, RecordLog.maxReadCount)))
            w.u32(UInt32(end - start))
            if start < end { for record in records[start..<end] { w.blob(record) } }
        }
        return w.bytes
    }

    /// Register version, register, record count, records (each length-prefixed).
    public func snapshot() -> [UInt8] {
        var w = LittleEndianWriter()
        w.u64(puts); w.blob(register); w.u64(UInt64(records.count))
        for record in records { w.blob(record) }
        return w.bytes
    }

    /// Replaces the state with one produced by `snapshot()`. The replica only restores
    /// snapshots it or a peer produced and checksummed; a malformed one is a bug (trap).
    public mutating func restore(_ snapshot: [UInt8]) {
        var r = LittleEndianReader(snapshot[...])
        do {
            var state = RecordLog()
            state.puts = try r.u64()
            state.register = try r.blob()
            let count = try r.u64()
            for _ in 0..<count { state.records.append(try r.blob()) }
            precondition(r.remaining == 0, "record log snapshot has trailing bytes")
            self = state
        } catch {
            preconditionFailure("record log snapshot is malformed: \(error)")
        }
    }
}
