/// The versioned binary encoding of replica-to-replica messages.
///
/// Frame (all integers little-endian):
///
/// | bytes | field |
/// |---|---|
/// | 4 | magic `TSVR` |
/// | 2 | version (1 or 2, see below) |
/// | 1 | command (`Message` case) |
/// | 1 | flags, zero |
/// | 4 | body length |
/// | 32 | SHA-256 over bytes 4..<12 (version, command, flags, length) and the body |
/// | n | body |
///
/// Versions: 1 defines commands 1–10 (normal operation, view change, recovery, state transfer)
/// and the client frames 16–17; 2 adds the repair commands 11–12 and the reconfiguration
/// commands (VRR §7) 13–15 and 18. A frame is stamped with the lowest version that defines its command,
/// so a version-1 peer still reads everything it understands; a command that its frame's version
/// does not define is refused (`CodecError.unknownCommand`), as is a version above 2.
///
/// Entries keep their own checksums and logs their hash chain, which decoding verifies too:
/// a frame whose outer checksum is right but whose entries are corrupt or unchained is refused.
extension Message {
    /// The highest frame format version this build writes and reads.
    public static let codecVersion: UInt16 = 2

    /// The lowest version that defines `command` (the version a frame carrying it is stamped with).
    static func version(of command: UInt8) -> UInt16 {
        (11...15).contains(command) || command == 18 ? 2 : 1
    }
    /// Frames larger than this are refused (a bound on memory per message).
    public static let maxFrameBytes = 64 << 20
    /// Bytes before the body.
    public static let headerBytes = 44

    static let magic: [UInt8] = Array("TSVR".utf8)

    var command: UInt8 {
        switch self {
        case .prepare: 1
        case .prepareOk: 2
        case .commit: 3
        case .startViewChange: 4
        case .doViewChange: 5
        case .startView: 6
        case .recovery: 7
        case .recoveryResponse: 8
        case .getState: 9
        case .newState: 10
        case .requestPrepare: 11
        case .repairPrepare: 12
        case .inEpoch: 13
        case .startEpoch: 14
        case .epochStarted: 15
        case .getEpochState: 18
        }
    }

    /// Encodes the message as one frame.
    public func encode() -> [UInt8] {
        var body = ByteWriter()
        switch self {
        case let .prepare(view, entries, commit):
            body.u64(view); body.u64(commit); body.u32(UInt32(entries.count))
            for entry in entries { body.entry(entry) }
        case let .prepareOk(view, op):
            body.u64(view); body.u64(op)
        case let .commit(view, commit):
            body.u64(view); body.u64(commit)
        case let .startViewChange(view):
            body.u64(view)
        case let .doViewChange(view, journal, lastNormal, commit):
            body.u64(view); body.u64(lastNormal); body.u64(commit); body.journal(journal)
        case let .startView(view, journal, commit):
            body.u64(view); body.u64(commit); body.journal(journal)
        case let .recovery(nonce):
            body.u64(nonce)
        case let .recoveryResponse(view, nonce, journal, commit):
            body.u64(view); body.u64(nonce); body.u64(commit)
            if let journal { body.u8(1); body.journal(journal) } else { body.u8(0) }
        case let .getState(view, op):
            body.u64(view); body.u64(op)
        case let .newState(view, journal, commit):
            body.u64(view); body.u64(commit); body.journal(journal)
        case let .requestPrepare(op, checksum):
            body.u64(op); body.checksum(checksum)
        case let .repairPrepare(entry):
            body.entry(entry)
        case let .inEpoch(epoch, inner):
            body.u64(epoch); body.blob(inner.encode())
        case let .startEpoch(epoch, op, previous, members):
            body.u64(epoch); body.u64(op); body.members(previous); body.members(members)
        case let .epochStarted(epoch):
            body.u64(epoch)
        case let .getEpochState(op):
            body.u64(op)
        }
        return Message.seal(command: command, body: body.bytes)
    }

    /// Wraps a body in a frame header with its checksum.
    static func seal(command: UInt8, body: [UInt8]) -> [UInt8] {
        var covered = ByteWriter()
        covered.u16(version(of: command)); covered.u8(command); covered.u8(0); covered.u32(UInt32(body.count))
        let checksum = Checksum(hashing: covered.bytes + body)
        return magic + covered.bytes + checksum.bytes + body
    }

    /// Checks a frame's header and checksum and returns its command and a reader on its body.
    static func open(_ frame: [UInt8]) throws(CodecError) -> (command: UInt8, body: ByteReader) {
        guard frame.count <= maxFrameBytes else { throw .frameTooLarge(frame.count) }
        guard frame.count >= headerBytes else {
            if frame.count >= 4 && Array(frame[0..<4]) != magic { throw .badMagic }
            throw .truncated
        }
        guard Array(frame[0..<4]) == magic else { throw .badMagic }
        var header = ByteReader(frame[4..<12])
        let version = try header.u16()
        let command = try header.u8()
        let flags = try header.u8()
        let length = try header.u32()
        guard version >= 1 && version <= codecVersion else { throw .unsupportedVersion(version) }
        guard Int(length) == frame.count - headerBytes else {
            throw .lengthMismatch(announced: length, actual: frame.count - headerBytes)
        }
        let claimed = Checksum(digest: Array(frame[12..<44]))
        guard Checksum(hashing: Array(frame[4..<12]) + Array(frame[44...])) == claimed else { throw .checksumMismatch }
        guard flags == 0 else { throw .reservedBitsSet }
        guard version >= Message.version(of: command) else { throw .unknownCommand(command) }
        return (command, ByteReader(frame[44...]))
    }

    /// Decodes one frame, refusing anything malformed with a typed error.
    public static func decode(_ frame: [UInt8]) throws(CodecError) -> Message {
        var (command, body) = try open(frame)
        let message: Message
        switch command {
        case 1:
            let view = try body.u64(), commit = try body.u64()
            let count = try body.count(minimumBytesEach: Entry.minimumEncodedBytes)
            var entries: [Entry] = []
            for _ in 0..<count { entries.append(try body.entry()) }
            for (a, b) in zip(entries, entries.dropFirst()) where b.op != a.op + 1 || b.parent != a.checksum {
                throw .brokenChain
            }
            message = .prepare(view: view, entries: entries, commitNumber: commit)
        case 2: message = .prepareOk(view: try body.u64(), op: try body.u64())
        case 3: message = .commit(view: try body.u64(), commitNumber: try body.u64())
        case 4: message = .startViewChange(view: try body.u64())
        case 5:
            let view = try body.u64(), lastNormal = try body.u64(), commit = try body.u64()
            guard lastNormal < view else { throw .invalidField("last normal view must precede the view") }
            message = .doViewChange(view: view, journal: try body.journal(), lastNormalView: lastNormal, commitNumber: commit)
        case 6:
            let view = try body.u64(), commit = try body.u64()
            message = .startView(view: view, journal: try body.journal(), commitNumber: commit)
        case 7: message = .recovery(nonce: try body.u64())
        case 8:
            let view = try body.u64(), nonce = try body.u64(), commit = try body.u64()
            let journal: Journal?
            switch try body.u8() {
            case 0: journal = nil
            case 1: journal = try body.journal()
            default: throw .invalidField("journal presence flag")
            }
            message = .recoveryResponse(view: view, nonce: nonce, journal: journal, commitNumber: commit)
        case 9: message = .getState(view: try body.u64(), op: try body.u64())
        case 10:
            let view = try body.u64(), commit = try body.u64()
            message = .newState(view: view, journal: try body.journal(), commitNumber: commit)
        case 11:
            let op = try body.u64()
            guard op >= 1 else { throw .invalidField("request_prepare op 0") }
            message = .requestPrepare(op: op, checksum: try body.checksum())
        case 12: message = .repairPrepare(entry: try body.entry())
        case 13:
            let epoch = try body.u64()
            guard epoch >= 1 else { throw .invalidField("epoch 0 messages are not wrapped") }
            let inner = try Message.decode(try body.blob())
            if case .inEpoch = inner { throw .invalidField("nested epoch envelope") }
            message = .inEpoch(epoch: epoch, message: inner)
        case 14:
            let epoch = try body.u64(), op = try body.u64()
            guard epoch >= 1, op >= 1 else { throw .invalidField("start_epoch epoch or op 0") }
            let previous = try body.members(), members = try body.members()
            message = .startEpoch(epoch: epoch, op: op, previous: previous, members: members)
        case 15:
            let epoch = try body.u64()
            guard epoch >= 1 else { throw .invalidField("epoch_started epoch 0") }
            message = .epochStarted(epoch: epoch)
        case 18: message = .getEpochState(op: try body.u64())
        default:
            throw .unknownCommand(command)
        }
        guard body.remaining == 0 else { throw .trailingBytes(body.remaining) }
        return message
    }
}

extension Request {
    /// The frame command of a client request.
    static let command: UInt8 = 16

    /// Encodes the request as one frame (same header and checksum as `Message`).
    public func encode() -> [UInt8] {
        var body = ByteWriter()
        body.u64(clientId); body.u64(requestNumber); body.blob(self.body)
        return Message.seal(command: Request.command, body: body.bytes)
    }

    /// Decodes a request frame, refusing anything malformed with a typed error.
    public static func decode(_ frame: [UInt8]) throws(CodecError) -> Request {
        var (command, body) = try Message.open(frame)
        guard command == Request.command else { throw .unknownCommand(command) }
        let request = Request(clientId: try body.u64(), requestNumber: try body.u64(), body: try body.blob())
        guard body.remaining == 0 else { throw .trailingBytes(body.remaining) }
        return request
    }
}

extension Reply {
    /// The frame command of a reply.
    static let command: UInt8 = 17

    /// Encodes the reply as one frame (same header and checksum as `Message`).
    public func encode() -> [UInt8] {
        var body = ByteWriter()
        body.u64(clientId); body.u64(requestNumber); body.u64(view); body.blob(self.body)
        return Message.seal(command: Reply.command, body: body.bytes)
    }

    /// Decodes a reply frame, refusing anything malformed with a typed error.
    public static func decode(_ frame: [UInt8]) throws(CodecError) -> Reply {
        var (command, body) = try Message.open(frame)
        guard command == Reply.command else { throw .unknownCommand(command) }
        let reply = Reply(clientId: try body.u64(), requestNumber: try body.u64(), view: try body.u64(),
                          body: try body.blob())
        guard body.remaining == 0 else { throw .trailingBytes(body.remaining) }
        return reply
    }
}

extension Entry {
    /// Bytes of an entry with an empty body.
    static let minimumEncodedBytes = 8 * 4 + 4 + 32 + 32
}

/// Appends little-endian fields.
struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func u8(_ v: UInt8) { bytes.append(v) }
    mutating func u16(_ v: UInt16) { for i in 0..<2 { bytes.append(UInt8(truncatingIfNeeded: v >> UInt16(8 * i))) } }
    mutating func u32(_ v: UInt32) { for i in 0..<4 { bytes.append(UInt8(truncatingIfNeeded: v >> UInt32(8 * i))) } }
    mutating func u64(_ v: UInt64) { bytes.appendLittleEndian(v) }
    mutating func blob(_ b: [UInt8]) { u32(UInt32(b.count)); bytes.append(contentsOf: b) }
    mutating func checksum(_ c: Checksum) { bytes.append(contentsOf: c.bytes) }

    mutating func members(_ ids: [Int]) {
        u8(UInt8(truncatingIfNeeded: ids.count))
        for id in ids { u8(UInt8(truncatingIfNeeded: id)) }
    }

    mutating func entry(_ e: Entry) {
        u64(e.op); u64(e.view); u64(e.clientId); u64(e.requestNumber); blob(e.body)
        checksum(e.parent); checksum(e.checksum)
    }

    mutating func journal(_ j: Journal) {
        u64(j.checkpoint.op); checksum(j.checkpoint.checksum)
        if let state = j.checkpoint.state {
            u8(1)
            blob(state.snapshot)
            let rows = state.clientTable.rows.sorted { $0.key < $1.key } // Deterministic bytes.
            u32(UInt32(rows.count))
            for (client, row) in rows { u64(client); u64(row.requestNumber); blob(row.reply) }
        } else {
            u8(0)
        }
        u32(UInt32(j.entries.count))
        for e in j.entries { entry(e) }
    }
}

/// Reads little-endian fields, throwing `CodecError.truncated` past the end.
struct ByteReader {
    let bytes: ArraySlice<UInt8>
    var position: Int

    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        self.position = bytes.startIndex
    }

    var remaining: Int { bytes.endIndex - position }

    mutating func take(_ n: Int) throws(CodecError) -> ArraySlice<UInt8> {
        guard n >= 0, remaining >= n else { throw .truncated }
        defer { position += n }
        return bytes[position..<(position + n)]
    }

    mutating func u8() throws(CodecError) -> UInt8 { try take(1).first! }

    mutating func u16() throws(CodecError) -> UInt16 {
        try take(2).reversed().reduce(0) { ($0 << 8) | UInt16($1) }
    }

    mutating func u32() throws(CodecError) -> UInt32 {
        try take(4).reversed().reduce(0) { ($0 << 8) | UInt32($1) }
    }

    mutating func u64() throws(CodecError) -> UInt64 {
        try take(8).reversed().reduce(0) { ($0 << 8) | UInt64($1) }
    }

    mutating func blob() throws(CodecError) -> [UInt8] {
        let n = try u32()
        return Array(try take(Int(n)))
    }

    mutating func checksum() throws(CodecError) -> Checksum { Checksum(digest: Array(try take(32))) }

    /// A count of items, refused if the remaining bytes cannot possibly hold them (so a hostile
    /// count never drives a large allocation).
    mutating func count(minimumBytesEach: Int) throws(CodecError) -> Int {
        let n = Int(try u32())
        guard n * minimumBytesEach <= remaining else { throw .truncated }
        return n
    }

    /// A configuration: a count byte and that many distinct replica ids, an odd number.
    mutating func members() throws(CodecError) -> [Int] {
        let ids = try take(Int(try u8())).map(Int.init)
        guard Reconfiguration(members: ids).isValid(slots: 256) else { throw .invalidField("configuration") }
        return ids
    }

    mutating func entry() throws(CodecError) -> Entry {
        let op = try u64(), view = try u64(), client = try u64(), request = try u64()
        let body = try blob()
        let parent = try checksum(), claimed = try checksum()
        guard op >= 1 else { throw .invalidField("entry op 0") }
        let entry = Entry(op: op, view: view, clientId: client, requestNumber: request, body: body, parent: parent,
                          claimedChecksum: claimed)
        guard entry.isIntact else { throw .corruptEntry(op: op) }
        return entry
    }

    mutating func journal() throws(CodecError) -> Journal {
        let op = try u64()
        let sum = try checksum()
        let state: Checkpoint.State?
        switch try u8() {
        case 0:
            state = nil
        case 1:
            let snapshot = try blob()
            let rows = try count(minimumBytesEach: 20)
            var table = ClientTable()
            var previous: UInt64?
            for _ in 0..<rows {
                let client = try u64(), request = try u64(), reply = try blob()
                guard previous.map({ client > $0 }) ?? true else { throw .invalidField("client table order") }
                previous = client
                table.record(clientId: client, requestNumber: request, reply: reply)
            }
            state = Checkpoint.State(snapshot: snapshot, clientTable: table)
        default:
            throw .invalidField("checkpoint state flag")
        }
        if op == 0 && sum != .root { throw .invalidField("root checkpoint checksum") }
        let count = try count(minimumBytesEach: Entry.minimumEncodedBytes)
        var entries: [Entry] = []
        for _ in 0..<count { entries.append(try entry()) }
        guard let journal = Journal(checkpoint: Checkpoint(op: op, checksum: sum, state: state), entries: entries) else {
            throw .brokenChain
        }
        return journal
    }
}
