/// A message on a replica's client port (docs/replication.md, "Client protocol").
///
/// Clients speak to replicas over plain TCP (loopback by default) in length-prefixed frames:
/// a `UInt32` big-endian payload length, then the payload encoded by `encode()`. The payload
/// is versioned and every field is validated by `decode(_:)`, which refuses malformed input
/// with a typed `ClientCodecError` and never traps.
///
/// Payload layout (integers little-endian):
///
/// | bytes | field |
/// |---|---|
/// | 4 | magic `TSCP` |
/// | 2 | version (1) |
/// | 1 | kind (the case below) |
/// | 1 | flags, zero |
/// | … | the case's fields |
public enum ClientMessage: Equatable, Sendable {
    /// Client → replica: run `body` on the replicated state machine (VRR §4.1 `<REQUEST op, c, s>`).
    /// A retry carries the same `requestNumber`; the replicas' client table applies it once.
    case request(clientId: UInt64, requestNumber: UInt64, body: [UInt8])
    /// Client → replica: ask for the replica's `StatusReport`.
    case statusQuery
    /// Replica → client: the committed request's result, from the primary of `view`.
    case reply(requestNumber: UInt64, view: UInt64, body: [UInt8])
    /// Replica → client: this replica is not a normal primary; `primaryIndex` is the primary of
    /// the view it knows (`view`), a hint the client follows.
    case notPrimary(requestNumber: UInt64, view: UInt64, primaryIndex: UInt32)
    /// Replica → client: the primary has too many requests outstanding; retry later.
    case busy(requestNumber: UInt64)
    /// Replica → client: the answer to `statusQuery`.
    case status(StatusReport)

    /// The payload format version written by `encode()`.
    public static let version: UInt16 = 1
    /// Largest payload a client or a replica accepts (a read reply of the whole test log fits).
    public static let maxFrameBytes = 8 << 20
    /// Bytes before a case's fields.
    static let headerBytes = 8
    static let magic: [UInt8] = Array("TSCP".utf8)

    var kind: UInt8 {
        switch self {
        case .request: 1
        case .statusQuery: 2
        case .reply: 16
        case .notPrimary: 17
        case .busy: 18
        case .status: 19
        }
    }

    /// Encodes the payload (without the length prefix; see `framed()`).
    public func encode() -> [UInt8] {
        var w = LittleEndianWriter()
        w.bytes.append(contentsOf: ClientMessage.magic)
        w.u16(ClientMessage.version)
        w.u8(kind)
        w.u8(0)
        switch self {
        case let .request(clientId, requestNumber, body):
            w.u64(clientId); w.u64(requestNumber); w.blob(body)
        case .statusQuery:
            break
        case let .reply(requestNumber, view, body):
            w.u64(requestNumber); w.u64(view); w.blob(body)
        case let .notPrimary(requestNumber, view, primaryIndex):
            w.u64(requestNumber); w.u64(view); w.u32(primaryIndex)
        case let .busy(requestNumber):
            w.u64(requestNumber)
        case let .status(report):
            report.encode(into: &w)
        }
        return w.bytes
    }

    /// The payload with its 4-byte big-endian length prefix, ready for the socket.
    public func framed() -> [UInt8] {
        let payload = encode()
        let n = UInt32(payload.count)
        return [UInt8(n >> 24), UInt8((n >> 16) & 0xFF), UInt8((n >> 8) & 0xFF), UInt8(n & 0xFF)] + payload
    }

    /// Decodes one payload, refusing anything malformed with a typed error.
    public static func decode(_ payload: [UInt8]) throws(ClientCodecError) -> ClientMessage {
        guard payload.count <= maxFrameBytes else { throw .frameTooLarge(payload.count) }
        var r = LittleEndianReader(payload[...])
        guard Array(try r.take(4)) == magic else { throw .badMagic }
        let version = try r.u16()
        guard version == ClientMessage.version else { throw .unsupportedVersion(version) }
        let kind = try r.u8()
        guard try r.u8() == 0 else { throw .reservedBitsSet }
        let message: ClientMessage
        switch kind {
        case 1: message = .request(clientId: try r.u64(), requestNumber: try r.u64(), body: try r.blob())
        case 2: message = .statusQuery
        case 16: message = .reply(requestNumber: try r.u64(), view: try r.u64(), body: try r.blob())
        case 17: message = .notPrimary(requestNumber: try r.u64(), view: try r.u64(), primaryIndex: try r.u32())
        case 18: message = .busy(requestNumber: try r.u64())
        case 19: message = .status(try StatusReport.decode(from: &r))
        default: throw .unknownKind(kind)
        }
        guard r.remaining == 0 else { throw .trailingBytes(r.remaining) }
        return message
    }
}
