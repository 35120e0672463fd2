/// The payload of an ECDSA round entry: the sender's message for each recipient, or one
/// broadcast (recipient 0). Encoding: `count:u16 ‖ count × (recipient:u16 ‖ message:blob)`,
/// recipients strictly ascending. CGGMP21's point-to-point messages are public values
/// (Paillier ciphertexts under the recipient's or sender's key, and zero-knowledge proofs):
/// they need authentication — the entry's signature — not secrecy, so they travel in clear.
public struct ECDSARoundPayload: Sendable, Hashable {
    /// Recipient index (0 = everyone) → the message's bytes.
    public var messages: [Int: [UInt8]]

    /// A payload.
    public init(messages: [Int: [UInt8]]) { self.messages = messages }

    /// The payload's bytes.
    public func encoded() -> [UInt8] {
        var w = SessionWriter()
        w.u16(UInt16(messages.count))
        for k in messages.keys.sorted() { w.u16(UInt16(k)); w.blob(messages[k]!) }
        return w.bytes
    }

    /// Decodes the framing (the messages themselves are the protocol's to decode).
    public static func decode(_ bytes: [UInt8]) throws(SessionDecodingError) -> ECDSARoundPayload {
        var r = SessionReader(bytes)
        let count = Int(try r.u16("recipients"))
        var messages: [Int: [UInt8]] = [:]
        var last = -1
        for _ in 0..<count {
            let k = Int(try r.u16("recipient"))
            guard k > last else { throw .invalidField("recipients") }
            last = k
            messages[k] = try r.blob("message", limit: SessionEntry.maximumPayload)
        }
        try r.finish()
        return ECDSARoundPayload(messages: messages)
    }
}
