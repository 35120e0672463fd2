/// One entry of the write-ahead log: an opaque payload (the replica's prepare body) with
/// the metadata the replica needs, sealed by a checksum that also chains it to its parent.
///
/// `checksum` covers the frame's length and magic, `parent`, `op`, `view` and `payload`
/// (docs/storage.md), so it is a function of the entry's content and its position in the
/// chain only: every replica that holds the same log computes the same checksums, and the
/// replica may use `checksum` as the prepare's identity on the wire. A value of this type
/// always has a correct checksum: the memberwise initialiser computes it, and the
/// initialiser that takes a received checksum verifies it.
public struct LogEntry: Sendable, Equatable {
    /// The operation number (VSR `op`), contiguous across the log.
    public let op: UInt64
    /// The view in which the entry was prepared.
    public let view: UInt64
    /// The checksum of the entry with op `op − 1` (or of the log's base, see
    /// `WriteAheadLog.head`).
    public let parent: Checksum
    /// Opaque bytes.
    public let payload: [UInt8]
    /// This entry's checksum (its identity in the hash chain).
    public let checksum: Checksum

    /// Seals a new entry, computing its checksum.
    public init(op: UInt64, view: UInt64, parent: Checksum, payload: [UInt8]) {
        self.op = op
        self.view = view
        self.parent = parent
        self.payload = payload
        self.checksum = EntryFrame.checksum(op: op, view: view, parent: parent, payload: payload[...])
    }

    /// An entry received with its checksum (from a peer, say): verifies it.
    /// - Throws: `WALError.checksumMismatch(op:)` when `checksum` does not match the content.
    public init(op: UInt64, view: UInt64, parent: Checksum, payload: [UInt8], checksum: Checksum) throws {
        self.init(op: op, view: view, parent: parent, payload: payload)
        guard self.checksum == checksum else { throw WALError.checksumMismatch(op: op) }
    }

    /// Internal: built from a frame whose checksum was just verified.
    init(verified header: EntryHeader, payload: [UInt8]) {
        op = header.op
        view = header.view
        parent = header.parent
        self.payload = payload
        checksum = header.checksum
    }

    /// The metadata without the payload.
    public var header: EntryHeader {
        EntryHeader(op: op, view: view, parent: parent, checksum: checksum, payloadLength: payload.count)
    }
}

/// An entry's metadata, available from the WAL's in-memory index without reading the
/// payload from disk (for DoViewChange/StartView headers, repair requests and the like).
public struct EntryHeader: Sendable, Hashable {
    public let op: UInt64
    public let view: UInt64
    public let parent: Checksum
    public let checksum: Checksum
    public let payloadLength: Int

    public init(op: UInt64, view: UInt64, parent: Checksum, checksum: Checksum, payloadLength: Int) {
        self.op = op
        self.view = view
        self.parent = parent
        self.checksum = checksum
        self.payloadLength = payloadLength
    }
}
