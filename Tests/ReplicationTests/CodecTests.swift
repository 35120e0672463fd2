import Testing
@testable import Replication

/// The versioned binary message codec: round trips, and refusal of malformed frames.
struct CodecTests {
    static func sampleJournal(withState: Bool) -> Journal {
        var table = ClientTable()
        table.record(clientId: 3, requestNumber: 9, reply: [1, 2])
        table.record(clientId: 1, requestNumber: 4, reply: [])
        let anchor = Checksum(hashing: [7])
        let checkpoint = Checkpoint(op: 8, checksum: anchor,
                                    state: withState ? .init(snapshot: [5, 6, 7], clientTable: table) : nil)
        return Journal(checkpoint: checkpoint, entries: chain(from: anchor, firstOp: 9, count: 3, view: 2, client: 4))!
    }

    static let samples: [Message] = [
        .prepare(view: 3, entries: chain(from: .root, firstOp: 1, count: 2, view: 3, client: 1), commitNumber: 0),
        .prepare(view: 3, entries: [], commitNumber: 7),
        .prepareOk(view: 3, op: 99),
        .commit(view: 4, commitNumber: 12),
        .startViewChange(view: 5),
        .doViewChange(view: 6, journal: sampleJournal(withState: true), lastNormalView: 4, commitNumber: 9),
        .startView(view: 6, journal: journal(chain(from: .root, firstOp: 1, count: 1, view: 6, client: 2)), commitNumber: 1),
        .recovery(nonce: 0xDEAD_BEEF),
        .recoveryResponse(view: 7, nonce: 1, journal: nil, commitNumber: 3),
        .recoveryResponse(view: 7, nonce: 1, journal: sampleJournal(withState: true), commitNumber: 10),
        .getState(view: 8, op: 2),
        .newState(view: 8, journal: sampleJournal(withState: false), commitNumber: 11),
        .requestPrepare(op: 9, checksum: Checksum(hashing: [7])),
        .repairPrepare(entry: sampleJournal(withState: false).entries[1]),
        .inEpoch(epoch: 3, message: .prepareOk(view: 2, op: 9)),
        .inEpoch(epoch: 1, message: .startView(view: 0, journal: sampleJournal(withState: true), commitNumber: 9)),
        .startEpoch(epoch: 2, op: 40, previous: [0, 1, 2], members: [4, 0, 1, 2, 3]),
        .epochStarted(epoch: 5),
        .getEpochState(op: 12),
    ]

    @Test(arguments: samples)
    func roundTrip(_ message: Message) throws {
        let frame = message.encode()
        #expect(Array(frame.prefix(4)) == Array("TSVR".utf8))
        #expect(try Message.decode(frame) == message)
    }

    @Test func encodingIsDeterministic() {
        for message in CodecTests.samples { #expect(message.encode() == message.encode()) }
    }

    @Test func everyTruncationIsRefused() {
        let frame = CodecTests.samples[5].encode()
        for length in 0..<frame.count {
            #expect(throws: CodecError.self) { try Message.decode(Array(frame.prefix(length))) }
        }
    }

    @Test func everyFlippedBitIsRefused() {
        let frame = CodecTests.samples[0].encode()
        for index in frame.indices {
            for bit in 0..<8 {
                var bad = frame
                bad[index] ^= 1 << UInt8(bit)
                #expect(throws: CodecError.self) { try Message.decode(bad) }
            }
        }
    }

    /// Builds a frame with a valid checksum around arbitrary header fields and body, to reach the
    /// checks behind the checksum.
    func frame(version: UInt16 = 1, command: UInt8, flags: UInt8 = 0, body: [UInt8]) -> [UInt8] {
        var covered = ByteWriter()
        covered.u16(version); covered.u8(command); covered.u8(flags); covered.u32(UInt32(body.count))
        return Array("TSVR".utf8) + covered.bytes + Checksum(hashing: covered.bytes + body).bytes + body
    }

    @Test func headerErrorsAreTyped() {
        var body = ByteWriter()
        body.u64(5)
        #expect(throws: CodecError.badMagic) { try Message.decode(Array("XXXX".utf8) + Array(repeating: 0, count: 50)) }
        #expect(throws: CodecError.unsupportedVersion(3)) { try Message.decode(frame(version: 3, command: 4, body: body.bytes)) }
        // A repair command in a version-1 frame: version 1 does not define it.
        var repair = ByteWriter()
        repair.u64(3); repair.checksum(Checksum(hashing: [1]))
        #expect(throws: CodecError.unknownCommand(11)) { try Message.decode(frame(version: 1, command: 11, body: repair.bytes)) }
        #expect(throws: Never.self) { try Message.decode(frame(version: 2, command: 11, body: repair.bytes)) }
        var opZero = ByteWriter()
        opZero.u64(0); opZero.checksum(Checksum(hashing: [1]))
        #expect(throws: CodecError.invalidField("request_prepare op 0")) { try Message.decode(frame(version: 2, command: 11, body: opZero.bytes)) }
        // Epoch envelopes: never nested, never for epoch 0; configurations are non-empty and distinct.
        var nested = ByteWriter()
        nested.u64(2); nested.blob(Message.inEpoch(epoch: 1, message: .epochStarted(epoch: 1)).encode())
        #expect(throws: CodecError.invalidField("nested epoch envelope")) { try Message.decode(frame(version: 2, command: 13, body: nested.bytes)) }
        var zero = ByteWriter()
        zero.u64(0); zero.blob(Message.commit(view: 1, commitNumber: 1).encode())
        #expect(throws: CodecError.invalidField("epoch 0 messages are not wrapped")) { try Message.decode(frame(version: 2, command: 13, body: zero.bytes)) }
        for members in [[1, 1, 2], [0, 0], [Int]()] {
            var start = ByteWriter()
            start.u64(1); start.u64(5); start.members([0, 1, 2]); start.members(members)
            #expect(throws: CodecError.invalidField("configuration")) { try Message.decode(frame(version: 2, command: 14, body: start.bytes)) }
        }
        #expect(throws: CodecError.unknownCommand(18)) { try Message.decode(frame(version: 1, command: 18, body: body.bytes)) }
        // Old commands keep version-1 frames, so a version-1 peer still reads them.
        #expect(Message.startViewChange(view: 1).encode()[4] == 1)
        #expect(Message.requestPrepare(op: 1, checksum: .root).encode()[4] == 2)
        #expect(throws: CodecError.unknownCommand(77)) { try Message.decode(frame(command: 77, body: body.bytes)) }
        #expect(throws: CodecError.reservedBitsSet) { try Message.decode(frame(command: 4, flags: 1, body: body.bytes)) }
        #expect(throws: CodecError.trailingBytes(1)) { try Message.decode(frame(command: 4, body: body.bytes + [0])) }
        var long = frame(command: 4, body: body.bytes)
        long.append(0)
        #expect(throws: CodecError.lengthMismatch(announced: 8, actual: 9)) { try Message.decode(long) }
        #expect(throws: CodecError.frameTooLarge(Message.maxFrameBytes + 1)) {
            try Message.decode([UInt8](repeating: 0, count: Message.maxFrameBytes + 1))
        }
    }

    @Test func corruptOrUnchainedEntriesBehindAValidChecksumAreRefused() {
        let entries = chain(from: .root, firstOp: 1, count: 2, view: 1, client: 1)
        // An entry whose own checksum is wrong.
        var body = ByteWriter()
        body.u64(1); body.u64(0); body.u32(1)
        let e = entries[0]
        body.u64(e.op); body.u64(e.view); body.u64(e.clientId); body.u64(e.requestNumber + 1); body.blob(e.body)
        body.checksum(e.parent); body.checksum(e.checksum)
        #expect(throws: CodecError.corruptEntry(op: 1)) { try Message.decode(frame(command: 1, body: body.bytes)) }
        // Two intact entries out of order.
        var swapped = ByteWriter()
        swapped.u64(1); swapped.u64(0); swapped.u32(2); swapped.entry(entries[1]); swapped.entry(entries[0])
        #expect(throws: CodecError.brokenChain) { try Message.decode(frame(command: 1, body: swapped.bytes)) }
        // A hostile entry count larger than the frame could hold.
        var huge = ByteWriter()
        huge.u64(1); huge.u64(0); huge.u32(UInt32.max)
        #expect(throws: CodecError.truncated) { try Message.decode(frame(command: 1, body: huge.bytes)) }
        // A DoViewChange whose last normal view is not before its view.
        var dvc = ByteWriter()
        dvc.u64(3); dvc.u64(3); dvc.u64(0); dvc.journal(journal([]))
        #expect(throws: CodecError.invalidField("last normal view must precede the view")) {
            try Message.decode(frame(command: 5, body: dvc.bytes))
        }
    }

    @Test func clientFramesRoundTripAndAreNotConfusedWithReplicaMessages() throws {
        let request = Request(clientId: 9, requestNumber: 4, body: [1, 2, 3])
        let reply = Reply(clientId: 9, requestNumber: 4, view: 2, body: [7])
        #expect(try Request.decode(request.encode()) == request)
        #expect(try Reply.decode(reply.encode()) == reply)
        #expect(throws: CodecError.unknownCommand(16)) { try Message.decode(request.encode()) }
        #expect(throws: CodecError.unknownCommand(17)) { try Request.decode(reply.encode()) }
        #expect(throws: CodecError.unknownCommand(4)) { try Reply.decode(Message.startViewChange(view: 1).encode()) }
        let frame = request.encode()
        for length in 0..<frame.count {
            #expect(throws: CodecError.self) { try Request.decode(Array(frame.prefix(length))) }
        }
    }

    @Test func simulatedTrafficRoundTrips() {
        // Every message of a short simulated run survives encode/decode unchanged.
        var cluster = TestCluster(checkpointInterval: 4)
        cluster.commit(client: 1, numbers: 1...9)
        cluster.down = [0]
        cluster.tick(150)
        var checked = 0
        for outputs in cluster.outputs {
            for case let .send(message, _) in outputs {
                #expect((try? Message.decode(message.encode())) == message)
                checked += 1
            }
        }
        #expect(checked > 20)
    }
}
