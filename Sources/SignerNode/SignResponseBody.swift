import Primitives

/// The body of a successful `POST /v1/keys/{id}/sign`, rendered once by the coordinator and
/// stored in the log, so that a retry with the same `Idempotency-Key` gets the same bytes from
/// any node, also after a failover or a restart (issue 6, "Idempotency").
///
/// `{"key_id":"…","request_id":N,"signature":"0x…"}` — keys in this fixed order, no spaces.
public enum SignResponseBody {
    /// Renders the body. `keyID` is a ``KeyID`` (no character needs JSON escaping).
    public static func render(keyID: KeyID, requestID: UInt64, signature: [UInt8]) -> [UInt8] {
        Array(#"{"key_id":"\#(keyID.rawValue)","request_id":\#(requestID),"signature":"0x\#(signature.hexString)"}"#.utf8)
    }
}
