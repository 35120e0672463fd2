#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A state-machine snapshot at a log position.
public struct Snapshot: Sendable, Equatable {
    /// The op the snapshot includes (every op ≤ `op` is applied).
    public let op: UInt64
    public let payload: [UInt8]
    /// Checksum of the payload (the same on every replica that snapshots the same state).
    public let checksum: Checksum
}

/// A snapshot file that failed verification.
public struct InvalidSnapshot: Error, Sendable, Equatable {
    public let op: UInt64
    public let file: String
    public let reason: String
}

/// The result of `SnapshotStore.latest()`.
public struct SnapshotLoad: Sendable, Equatable {
    /// The newest snapshot that verifies, if any.
    public let snapshot: Snapshot?
    /// Newer snapshot files that failed verification and were skipped (newest first).
    public let skipped: [InvalidSnapshot]
    /// Leftover temporary files (interrupted writes); ignored.
    public let temporaryFiles: [String]
}

/// Atomic snapshot files in `<data>/snapshots`.
///
/// File `<20-digit op>.snap` (docs/storage.md, "Snapshot file"):
///
///     offset size field
///          0    8 magic            "TSIGSNP\0"
///          8    4 version          u32 LE, 1
///         12    4 flags            u32 LE, 0
///         16    8 op               u64 LE
///         24    8 payload length   u64 LE
///         32   16 payload checksum SHA-256[0..<16] of the payload
///         48   16 header checksum  SHA-256[0..<16] over bytes 0..<48
///         64    … payload
///
/// `write` goes to `<name>.tmp`, fsyncs it, renames it over `<name>` and fsyncs the
/// directory, so a crash leaves either the complete new file or none (plus, at worst, an
/// ignored temporary file).
public final class SnapshotStore {
    public let directory: String

    static let magic: [UInt8] = Array("TSIGSNP".utf8) + [0]
    static let version: UInt32 = 1
    static let headerSize = 64

    /// Opens (creating if absent) the snapshot directory.
    public init(directory: String) throws {
        self.directory = directory
        try Directory.create(directory)
    }

    static func fileName(_ op: UInt64) -> String {
        let d = String(op)
        return String(repeating: "0", count: max(0, 20 - d.count)) + d + ".snap"
    }

    static func parseFileName(_ name: String) -> UInt64? {
        guard name.count == 25, name.hasSuffix(".snap") else { return nil }
        let digits = name.prefix(20)
        guard digits.allSatisfy({ $0 >= "0" && $0 <= "9" }) else { return nil }
        return UInt64(digits)
    }

    /// Writes the snapshot at `op` atomically and durably (replacing one at the same op).
    @discardableResult
    public func write(op: UInt64, payload: [UInt8]) throws -> Snapshot {
        let checksum = Checksum.of(payload[...])
        var header = [UInt8]()
        header.reserveCapacity(Self.headerSize)
        header.append(contentsOf: Self.magic)
        header.appendLE(Self.version)
        header.appendLE(UInt32(0))
        header.appendLE(op)
        header.appendLE(UInt64(payload.count))
        header.appendChecksum(checksum)
        header.appendChecksum(Checksum.of(header[...]))

        try AtomicFile.write(header + payload, to: Directory.join(directory, Self.fileName(op)))
        return Snapshot(op: op, payload: payload, checksum: checksum)
    }

    /// Ops of the snapshot files present (not verified), ascending.
    public func ops() throws -> [UInt64] {
        try Directory.list(directory).compactMap(Self.parseFileName).sorted()
    }

    /// Reads and verifies the snapshot at `op`.
    public func read(op: UInt64) throws -> Result<Snapshot, InvalidSnapshot> {
        let name = Self.fileName(op)
        let file = try FileDescriptor.open(Directory.join(directory, name), O_RDONLY)
        defer { file.close() }
        let bytes = try file.readAll()
        func bad(_ reason: String) -> Result<Snapshot, InvalidSnapshot> {
            .failure(InvalidSnapshot(op: op, file: name, reason: reason))
        }
        guard bytes.count >= Self.headerSize else { return bad("file shorter than a header") }
        guard Array(bytes[0..<8]) == Self.magic else { return bad("bad magic") }
        guard Checksum(bytes: bytes, at: 48) == Checksum.of(bytes[0..<48]) else { return bad("header checksum mismatch") }
        let version = bytes.loadLE(UInt32.self, at: 8)
        guard version == Self.version else { return bad("unsupported version \(version)") }
        guard bytes.loadLE(UInt64.self, at: 16) == op else { return bad("header op differs from the file name") }
        let length = bytes.loadLE(UInt64.self, at: 24)
        guard UInt64(bytes.count - Self.headerSize) == length else {
            return bad("payload is \(bytes.count - Self.headerSize) bytes, header says \(length)")
        }
        let payload = Array(bytes[Self.headerSize...])
        let checksum = Checksum.of(payload[...])
        guard checksum == Checksum(bytes: bytes, at: 32) else { return bad("payload checksum mismatch") }
        return .success(Snapshot(op: op, payload: payload, checksum: checksum))
    }

    /// The newest snapshot that verifies; newer invalid ones are skipped and reported.
    public func latest() throws -> SnapshotLoad {
        let names = try Directory.list(directory)
        let temps = names.filter { $0.hasSuffix(".snap.tmp") }.sorted()
        var skipped: [InvalidSnapshot] = []
        for op in names.compactMap(Self.parseFileName).sorted(by: >) {
            switch try read(op: op) {
            case .success(let s): return SnapshotLoad(snapshot: s, skipped: skipped, temporaryFiles: temps)
            case .failure(let bad): skipped.append(bad)
            }
        }
        return SnapshotLoad(snapshot: nil, skipped: skipped, temporaryFiles: temps)
    }

    /// Keeps the newest `keep` valid snapshots; removes older valid ones, every invalid
    /// one, and leftover temporary files. Returns the ops of the removed snapshot files.
    @discardableResult
    public func prune(keep: Int) throws -> [UInt64] {
        precondition(keep >= 1, "prune must keep at least one snapshot")
        let names = try Directory.list(directory)
        var removed: [UInt64] = []
        var kept = 0
        for op in names.compactMap(Self.parseFileName).sorted(by: >) {
            let valid: Bool
            if case .success = try read(op: op) { valid = true } else { valid = false }
            if valid && kept < keep {
                kept += 1
                continue
            }
            try Directory.unlink(Directory.join(directory, Self.fileName(op)))
            removed.append(op)
        }
        for name in names where name.hasSuffix(".snap.tmp") {
            try Directory.unlink(Directory.join(directory, name))
        }
        try Directory.sync(directory)
        return removed
    }
}
