/// A member's partial signature for a committed sign request, sent to the coordinator over the
/// transport (DESIGN.md: "partial signatures … go over the transport directly, not through the
/// log"). The transport authenticates the sender; the coordinator checks that the index is the
/// sender's committee position.
///
/// Encoding (version 1, big-endian): `version:u8 = 1 ‖ requestID:u64 ‖ keyID:str ‖ index:u16 ‖
/// partial:96` (ZCash-compressed G2 point). Nothing may follow.
public struct PartialMessage: Sendable, Hashable {
    /// The format version written and read.
    public static let version: UInt8 = 1
    /// The committed request.
    public let requestID: UInt64
    /// Its key.
    public let keyID: KeyID
    /// The signer's committee index (1…n).
    public let index: Int
    /// `x_i · H(m)`, compressed.
    public let partial: [UInt8]

    /// A partial message.
    public init(requestID: UInt64, keyID: KeyID, index: Int, partial: [UInt8]) {
        self.requestID = requestID
        self.keyID = keyID
        self.index = index
        self.partial = partial
    }

    /// The frame bytes.
    public func encoded() -> [UInt8] {
        var w = SessionWriter()
        w.u8(Self.version); w.u64(requestID); w.string(keyID.rawValue); w.u16(UInt16(index)); w.fixed(partial)
        return w.bytes
    }

    /// Decodes a frame; the point itself is validated where it is combined.
    public static func decode(_ bytes: [UInt8]) throws(SessionDecodingError) -> PartialMessage {
        var r = SessionReader(bytes)
        let v = try r.u8("version")
        guard v == version else { throw .unknownVersion(v) }
        let requestID = try r.u64("request id")
        let keyID = try SessionEntry.keyID(&r)
        let index = Int(try r.u16("index"))
        guard index >= 1, index <= SessionEntry.maximumCommittee else { throw .invalidField("index") }
        let partial = try r.take(96, "partial")
        try r.finish()
        return PartialMessage(requestID: requestID, keyID: keyID, index: index, partial: partial)
    }
}
