import Foundation
@testable import Storage

/// Runs `body` with a fresh directory under the system temporary directory, removed after.
func withTemporaryDirectory<T>(_ body: (String) throws -> T) rethrows -> T {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("thresig-storage-\(UUID().uuidString)", isDirectory: true)
    try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: url) }
    return try body(url.path)
}

func readBytes(_ path: String) throws -> [UInt8] {
    [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
}

func writeBytes(_ path: String, _ bytes: [UInt8]) throws {
    try Data(bytes).write(to: URL(fileURLWithPath: path))
}

func segmentPath(_ dir: String, _ number: UInt64) -> String {
    dir + "/" + WriteAheadLog.segmentName(number)
}

/// A deterministic payload for `op`, of a length that varies with `op`.
func payload(op: UInt64, size: Int? = nil, salt: UInt8 = 0) -> [UInt8] {
    let n = size ?? (20 + Int(op % 37) * 3)
    return (0..<n).map { UInt8(truncatingIfNeeded: Int(op) &* 31 &+ $0 &* 7) ^ salt }
}

/// `count` entries continuing `wal`'s chain.
func nextEntries(_ wal: WriteAheadLog, count: Int, view: UInt64 = 1, size: Int? = nil, salt: UInt8 = 0) -> [LogEntry] {
    var parent = wal.head
    var op = wal.lastOp
    var out: [LogEntry] = []
    for _ in 0..<count {
        op += 1
        let e = LogEntry(op: op, view: view, parent: parent, payload: payload(op: op, size: size, salt: salt))
        out.append(e)
        parent = e.checksum
    }
    return out
}

/// Opens a log in `dir`, appends `count` entries in batches (syncing each), returns the
/// entries written and closes it.
@discardableResult
func buildLog(_ dir: String, count: Int, options: WriteAheadLog.Options, batch: Int = 5, size: Int? = nil) throws -> [LogEntry] {
    let (wal, _) = try WriteAheadLog.open(directory: dir, options: options)
    defer { wal.close() }
    var all: [LogEntry] = []
    while all.count < count {
        let es = nextEntries(wal, count: min(batch, count - all.count), size: size)
        try wal.append(es)
        try wal.sync()
        all += es
    }
    return all
}

/// The frame offsets of every entry, per op, as the WAL indexed them.
func frameLocations(_ dir: String, options: WriteAheadLog.Options) throws -> [UInt64: (segment: UInt64, offset: Int, length: Int)] {
    let (wal, _) = try WriteAheadLog.open(directory: dir, options: options)
    defer { wal.close() }
    var out: [UInt64: (UInt64, Int, Int)] = [:]
    for (i, s) in wal.slots.enumerated() {
        out[wal.firstOp + UInt64(i)] = (s.segment, s.offset, EntryFrame.headerSize + s.payloadLength)
    }
    return out
}

/// The encoded frame of `entry`.
func frame(_ entry: LogEntry) -> [UInt8] {
    var b: [UInt8] = []
    EntryFrame.encode(entry, into: &b)
    return b
}
