import LogClient
import Replication
import Storage

/// How one replica `Entry` is stored in the write-ahead log.
///
/// The WAL frame (Storage's `LogEntry`) already carries the op, the view and its own 128-bit
/// hash chain; the payload adds what the replica needs to rebuild the entry exactly:
///
/// | bytes | field |
/// |---|---|
/// | 8 | client id |
/// | 8 | request number |
/// | 32 | the replica-level parent checksum |
/// | 32 | the replica-level checksum |
/// | … | the operation body |
///
/// Decoding recomputes the replica-level checksum and refuses an entry that does not match, so
/// the replica's hash chain is checked on restart as well as Storage's.
enum WALRecord {
    static let fixedBytes = 8 + 8 + 32 + 32

    /// The WAL payload of `entry`.
    static func payload(of entry: Entry) -> [UInt8] {
        var w = LittleEndianWriter()
        w.bytes.reserveCapacity(fixedBytes + entry.body.count)
        w.u64(entry.clientId)
        w.u64(entry.requestNumber)
        w.bytes.append(contentsOf: entry.parent.bytes)
        w.bytes.append(contentsOf: entry.checksum.bytes)
        w.bytes.append(contentsOf: entry.body)
        return w.bytes
    }

    /// Rebuilds the replica entry from a WAL entry; nil if the payload is malformed or the
    /// rebuilt entry's checksum is not the stored one.
    static func entry(from logEntry: LogEntry) -> Entry? {
        let p = logEntry.payload
        guard p.count >= fixedBytes, logEntry.op >= 1 else { return nil }
        var r = LittleEndianReader(p[...])
        guard let client = try? r.u64(), let request = try? r.u64(),
              let parent = try? r.take(32), let claimed = try? r.take(32) else { return nil }
        let entry = Entry(op: logEntry.op, view: logEntry.view, clientId: client, requestNumber: request,
                          body: Array(p[fixedBytes...]), parent: Replication.Checksum(digest: Array(parent)))
        guard entry.checksum == Replication.Checksum(digest: Array(claimed)) else { return nil }
        return entry
    }
}

/// How a replica `Checkpoint` (state machine snapshot, client table, op and checksum) is stored
/// in a Storage snapshot file: as the frame of a NewState message whose journal holds only the
/// checkpoint. This reuses Replication's versioned, checksummed and validating codec for the
/// client table instead of a second encoding of it.
enum CheckpointImage {
    /// The snapshot payload for `checkpoint` (which must carry its state).
    static func payload(of checkpoint: Checkpoint) -> [UInt8] {
        precondition(checkpoint.state != nil, "only a checkpoint with its state is stored")
        return Message.newState(view: 0, journal: Journal(checkpoint: checkpoint), commitNumber: checkpoint.op).encode()
    }

    /// The checkpoint stored in `payload`; nil if it is not a valid image.
    static func checkpoint(from payload: [UInt8]) -> Checkpoint? {
        guard case let .newState(_, journal, _)? = try? Message.decode(payload), journal.entries.isEmpty,
              journal.checkpoint.state != nil else { return nil }
        return journal.checkpoint
    }
}
