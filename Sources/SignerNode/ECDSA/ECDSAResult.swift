import Primitives
import Secp256k1

/// Combines a consumed presignature's σ_i into the stored answer of an ECDSA sign request —
/// the same bytes on every replica, so a retry, a failover or a restart replays them.
///
/// s = Σσ_i with the signers' common r, verified as an ordinary ECDSA signature under the
/// group key before anything is answered, then normalised to low s (BIP-62), with the recovery
/// id found by recovery against the group key. Body (keys in this order, no spaces):
/// `{"key_id":"…","request_id":N,"signature":"0x<r‖s>","der":"0x…","r":"0x…","s":"0x…","recovery_id":N}`.
/// A combination that does not verify is terminal: the presignature is already burnt and the
/// request is answered `500` with problem type `signing-failed`; the state machine then emits
/// `signingFailed`, and the signers, who hold the presignature's public part, name the bad σ_i
/// (``ECDSADriver``).
public enum ECDSAResult {
    /// The stored response for `partials` (`r ‖ σ_i` by signer index).
    public static func response(keyID: KeyID, requestID: UInt64, digest: [UInt8], groupPublicKey: [UInt8],
                                partials: [Int: [UInt8]]) -> StoredResponse {
        guard let signature = combine(digest: digest, groupPublicKey: groupPublicKey, partials: partials) else {
            let body = #"{"type":"urn:thresig:problem:signing-failed","title":"The combined signature does not verify","status":500,"detail":"a signer sent a wrong σ_i; the presignature is burnt","request_id":\#(requestID)}"#
            return StoredResponse(status: 500, body: Array(body.utf8))
        }
        let (sig, recid) = signature
        let body = #"{"key_id":"\#(keyID.rawValue)","request_id":\#(requestID),"signature":"0x\#(sig.compact.hexString)","der":"0x\#(sig.der.hexString)","r":"0x\#(sig.r.bytes.hexString)","s":"0x\#(sig.s.bytes.hexString)","recovery_id":\#(recid)}"#
        return StoredResponse(status: 200, body: Array(body.utf8))
    }

    /// The low-s signature and its recovery id, or nil when the σ_i disagree on r or the sum
    /// does not verify under the group key.
    public static func combine(digest: [UInt8], groupPublicKey: [UInt8], partials: [Int: [UInt8]]) -> (ECDSA.Signature, UInt8)? {
        guard digest.count == 32, let pk = try? Point(sec1: groupPublicKey), let first = partials.values.first,
              partials.values.allSatisfy({ $0.count == 64 && $0.prefix(32) == first.prefix(32) }),
              let r = try? Scalar(bytes: Array(first.prefix(32)))
        else { return nil }
        var s = Scalar.zero
        for p in partials.values {
            guard let sigma = try? Scalar(bytes: Array(p.suffix(32))) else { return nil }
            s += sigma
        }
        guard let raw = try? ECDSA.Signature(r: r, s: s), ECDSA.verify(signature: raw, digest: digest, publicKey: pk) else { return nil }
        let sig = raw.normalizedLowS()
        for id in UInt8(0)...3 where (try? ECDSA.recoverPublicKey(digest: digest, signature: sig, recoveryId: id)) == pk {
            return (sig, id)
        }
        return nil
    }
}
