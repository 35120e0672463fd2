import DKG
import Membership
import Primitives

/// One op of the session log: the primary's logical timestamp and a command.
///
/// ## Encoding (version 1), big-endian
/// `version:u8 = 1 ‖ timestampMillis:u64 ‖ tag:u8 ‖ body`, where body is, by tag:
/// - `0x01` genesis: `count:u32 ‖ count × (id:str ‖ x25519:32 ‖ ed25519:32) ‖ ttlMillis:u64`
/// - `0x02` tick: empty
/// - `0x03` ceremony start: `key:str ‖ scheme:u8 ‖ t:u16 ‖ n:u16 ‖ n × member:str ‖ label:str ‖ phaseMillis:u64`
/// - `0x04` ceremony message: `key:str ‖ member:str ‖ message:blob ‖ signature:64`
/// - `0x05` phase done: `key:str ‖ member:str ‖ phase:u8 ‖ signature:64`
/// - `0x06` key registered: `key:str ‖ member:str ‖ groupKey:48 ‖ count:u32 ‖ count × shareKey:48 ‖
///   epoch:u64 ‖ transcriptHash:32 ‖ signature:64`
/// - `0x07` sign request: `key:str ‖ message:blob ‖ hasKey:u8 ‖ [idempotencyKey:str] ‖ digest:32`
/// - `0x08` sign result: `requestID:u64 ‖ hasSignature:u8 ‖ [signature:blob] ‖ status:u16 ‖ body:blob`
/// - `0x09` threshold ECDSA: ``ECDSACommand``'s own sub-tag and body
///
/// Group elements (`groupKey`, `shareKey`) are 48-byte compressed G1 points, or 33-byte SEC1
/// points for secp256k1 keys: the group key's first byte tells them apart (`02`/`03` vs. the
/// compression bit set), and the share keys have the group key's length.
///
/// `str` is `u16 length ‖ UTF-8`, `blob` is `u32 length ‖ bytes`. Nothing may follow the body.
/// The signed commands' signature covers ``signingBytes(_:)``: a domain tag, the tag and the body
/// up to (not including) the signature — never the timestamp, which the primary chooses.
public struct SessionEntry: Sendable, Hashable {
    /// The format version written and read.
    public static let version: UInt8 = 1
    /// Largest message to sign or DKG broadcast carried in one entry.
    public static let maximumPayload = 1 << 20
    /// Longest ceremony label, in UTF-8 bytes.
    public static let maximumLabel = 128
    /// Largest committee.
    public static let maximumCommittee = 255
    static let signingDomain = Array("thresig/session-entry/v1".utf8)

    /// The primary's logical clock when it appended the entry, milliseconds.
    public let timestampMillis: UInt64
    /// What the entry does.
    public let command: SessionCommand

    /// An entry at `timestampMillis` of the primary's clock.
    public init(timestampMillis: UInt64, command: SessionCommand) {
        self.timestampMillis = timestampMillis
        self.command = command
    }

    /// The op bytes for the log.
    public func encoded() -> [UInt8] {
        var w = SessionWriter()
        w.u8(Self.version)
        w.u64(timestampMillis)
        w.u8(Self.tag(command))
        Self.writeBody(command, &w, includeSignature: true)
        return w.bytes
    }

    /// What a member signs for a signed command.
    public static func signingBytes(_ command: SessionCommand) -> [UInt8] {
        var w = SessionWriter()
        w.fixed(signingDomain)
        w.u8(tag(command))
        writeBody(command, &w, includeSignature: false)
        return w.bytes
    }

    static func tag(_ c: SessionCommand) -> UInt8 {
        switch c {
        case .genesis: 1
        case .tick: 2
        case .ceremonyStart: 3
        case .ceremonyMessage: 4
        case .phaseDone: 5
        case .keyRegistered: 6
        case .signRequest: 7
        case .signResult: 8
        case .ecdsa: 9
        }
    }

    static func writeBody(_ c: SessionCommand, _ w: inout SessionWriter, includeSignature: Bool) {
        switch c {
        case let .genesis(members, ttl):
            w.u32(UInt32(members.count))
            for m in members { w.string(m.id.rawValue); w.fixed(m.x25519PublicKey); w.fixed(m.ed25519PublicKey) }
            w.u64(ttl)
        case .tick:
            break
        case let .ceremonyStart(keyID, scheme, t, n, committee, label, phaseMillis):
            w.string(keyID.rawValue); w.u8(scheme.rawValue); w.u16(UInt16(t)); w.u16(UInt16(n))
            for m in committee { w.string(m.rawValue) }
            w.string(label); w.u64(phaseMillis)
        case let .ceremonyMessage(keyID, member, message, signature):
            w.string(keyID.rawValue); w.string(member.rawValue); w.blob(message)
            if includeSignature { w.fixed(signature) }
        case let .phaseDone(keyID, member, phase, signature):
            w.string(keyID.rawValue); w.string(member.rawValue); w.u8(phase.rawValue)
            if includeSignature { w.fixed(signature) }
        case let .keyRegistered(keyID, member, output, signature):
            w.string(keyID.rawValue); w.string(member.rawValue); w.fixed(output.groupPublicKey)
            w.u32(UInt32(output.sharePublicKeys.count))
            for k in output.sharePublicKeys { w.fixed(k) }
            w.u64(output.epoch); w.fixed(output.transcriptHash)
            if includeSignature { w.fixed(signature) }
        case let .signRequest(keyID, message, idempotencyKey, digest):
            w.string(keyID.rawValue); w.blob(message)
            w.bool(idempotencyKey != nil)
            if let idempotencyKey { w.string(idempotencyKey) }
            w.fixed(digest)
        case let .signResult(requestID, signature, response):
            w.u64(requestID); w.optionalBlob(signature); w.u16(response.status); w.blob(response.body)
        case let .ecdsa(command):
            command.write(&w, includeSignature: includeSignature)
        }
    }

    /// Decodes and validates an op. Checks form only (lengths, ranges, canonical encodings);
    /// whether the command is acceptable in the current state is the state machine's business.
    public static func decode(_ bytes: [UInt8]) throws(SessionDecodingError) -> SessionEntry {
        var r = SessionReader(bytes)
        let version = try r.u8("version")
        guard version == Self.version else { throw .unknownVersion(version) }
        let timestamp = try r.u64("timestamp")
        let tag = try r.u8("tag")
        let command: SessionCommand
        switch tag {
        case 1:
            let count = try r.count("members", minimumBytesEach: 2 + 1 + 64)
            guard count >= 1 else { throw .invalidField("members") }
            var members: [LoggedMember] = []
            for _ in 0..<count {
                let id = try memberID(&r, "member id")
                members.append(LoggedMember(id: id, x25519PublicKey: try r.take(32, "x25519"), ed25519PublicKey: try r.take(32, "ed25519")))
            }
            command = .genesis(members: members, idempotencyTTLMillis: try r.u64("ttl"))
        case 2:
            command = .tick
        case 3:
            let keyID = try keyID(&r)
            let schemeByte = try r.u8("scheme")
            guard let scheme = Scheme(rawValue: schemeByte) else { throw .invalidField("scheme") }
            let t = Int(try r.u16("t")), n = Int(try r.u16("n"))
            guard n >= 1, n <= maximumCommittee, t >= 1, t <= n else { throw .invalidField("t/n") }
            var committee: [MemberID] = []
            for _ in 0..<n { committee.append(try memberID(&r, "committee member")) }
            let label = try r.string("label")
            guard label.utf8.count <= maximumLabel else { throw .invalidField("label") }
            command = .ceremonyStart(keyID: keyID, scheme: scheme, t: t, n: n, committee: committee, label: label,
                                     phaseMillis: try r.u64("phase duration"))
        case 4:
            let keyID = try keyID(&r), member = try memberID(&r, "member")
            let message = try r.blob("message", limit: maximumPayload)
            command = .ceremonyMessage(keyID: keyID, member: member, message: message,
                                       signature: try r.take(Ed25519.signatureLength, "signature"))
        case 5:
            let keyID = try keyID(&r), member = try memberID(&r, "member")
            guard let phase = Phase(rawValue: try r.u8("phase")) else { throw .invalidField("phase") }
            command = .phaseDone(keyID: keyID, member: member, phase: phase,
                                 signature: try r.take(Ed25519.signatureLength, "signature"))
        case 6:
            let keyID = try keyID(&r), member = try memberID(&r, "member")
            let group = try groupElement(&r, "group public key")
            let count = try r.count("share public keys", minimumBytesEach: group.count)
            guard count >= 1, count <= maximumCommittee else { throw .invalidField("share public keys") }
            var shares: [[UInt8]] = []
            for _ in 0..<count { shares.append(try r.take(group.count, "share public key")) }
            let epoch = try r.u64("epoch")
            let transcript = try r.take(32, "transcript hash")
            command = .keyRegistered(keyID: keyID, member: member,
                                     output: RegisteredKeyOutput(groupPublicKey: group, sharePublicKeys: shares, epoch: epoch, transcriptHash: transcript),
                                     signature: try r.take(Ed25519.signatureLength, "signature"))
        case 7:
            let keyID = try keyID(&r)
            let message = try r.blob("message", limit: maximumPayload)
            var idempotencyKey: String? = nil
            if try r.bool("has idempotency key") {
                let k = try r.string("idempotency key")
                guard IdempotencyKey.isValid(k) else { throw .invalidField("idempotency key") }
                idempotencyKey = k
            }
            // The digest is what idempotency compares; it must be the message's own, or a faulty
            // primary could make two different messages "the same request".
            let digest = try r.take(32, "request digest")
            guard digest == SHA256.hash(message) else { throw .invalidField("request digest") }
            command = .signRequest(keyID: keyID, message: message, idempotencyKey: idempotencyKey, requestDigest: digest)
        case 8:
            let requestID = try r.u64("request id")
            let signature = try r.optionalBlob("signature", limit: 1024)
            let status = try r.u16("status")
            guard (100...599).contains(status) else { throw .invalidField("status") }
            command = .signResult(requestID: requestID, signature: signature,
                                  response: StoredResponse(status: status, body: try r.blob("body", limit: maximumPayload)))
        case 9:
            command = .ecdsa(try ECDSACommand.read(&r))
        default:
            throw .unknownCommand(tag)
        }
        try r.finish()
        return SessionEntry(timestampMillis: timestamp, command: command)
    }

    /// A group public key: a 48-byte compressed G1 point or a 33-byte compressed SEC1 point, told
    /// apart by the first byte (form only: the drivers decode the point itself).
    static func groupElement(_ r: inout SessionReader, _ field: String) throws(SessionDecodingError) -> [UInt8] {
        let first = try r.take(1, field)
        let rest = try r.take(first[0] == 0x02 || first[0] == 0x03 ? 32 : 47, field)
        return first + rest
    }

    static func keyID(_ r: inout SessionReader) throws(SessionDecodingError) -> KeyID {
        guard let k = KeyID(try r.string("key id")) else { throw .invalidField("key id") }
        return k
    }

    static func memberID(_ r: inout SessionReader, _ field: String) throws(SessionDecodingError) -> MemberID {
        do { return try MemberID(try r.string(field)) } catch let e as SessionDecodingError { throw e } catch {
            throw .invalidField(field)
        }
    }
}
