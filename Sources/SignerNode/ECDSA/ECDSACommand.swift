import Membership
import Primitives

/// The session log's threshold-ECDSA commands (CGGMP21, docs/protocols/cggmp21.md "In the
/// node"). Aux-info and presigning run *through the log*: every round message is a signed entry,
/// so each party sees the same messages in the same order, a new primary loses nothing, and the
/// consumption of a presignature is ordered before any σ_i exists.
///
/// Encoding (inside ``SessionEntry``'s tag `0x09`): `sub:u8 ‖ body`, by sub-tag:
/// - `1` round: `key:str ‖ session:32 ‖ member:str ‖ round:u8 ‖ payload:blob ‖ signature:64`
///   (payload: ``ECDSARoundPayload``)
/// - `2` presign start: `key:str ‖ count:u16 ‖ count × signer:u16`
/// - `3` presign consume: `key:str ‖ session:32 ‖ requestID:u64`
/// - `4` partial: `key:str ‖ requestID:u64 ‖ session:32 ‖ member:str ‖ r:32 ‖ σ:32 ‖ signature:64`
/// - `5` discard: `key:str ‖ session:32 ‖ member:str ‖ signature:64`
public enum ECDSACommand: Sendable, Hashable {
    /// *Signed.* Member `member`'s message of round `round` (1…4) of session `sessionID`.
    case round(keyID: KeyID, sessionID: [UInt8], member: MemberID, round: UInt8, payload: [UInt8], signature: [UInt8])
    /// Starts one presigning of `keyID` with the signer set `signers` (committee indices, ≥ t).
    /// The state machine names the session (``ECDSAState/presignSessionID(keyID:number:)``).
    case presignStart(keyID: KeyID, signers: [Int])
    /// Consumes the complete presignature `sessionID` for the pending sign request `requestID`.
    /// Committed before any signer releases σ_i; a second consumption of the same presignature
    /// is refused (``SessionRejection/presignatureUnavailable``).
    case presignConsume(keyID: KeyID, sessionID: [UInt8], requestID: UInt64)
    /// *Signed.* A signer's σ_i (with its r) for request `requestID`, after the consumption.
    /// CGGMP21's online round broadcasts σ_i to the signers; here the log is that broadcast, and
    /// once every signer's σ_i is in, every replica combines and verifies the same signature
    /// (no coordinator: the stored answer is a pure function of the log).
    case partial(keyID: KeyID, requestID: UInt64, sessionID: [UInt8], member: MemberID, r: [UInt8], sigma: [UInt8], signature: [UInt8])
    /// *Signed.* A party of presigning `sessionID` no longer holds its part (it restarted, was
    /// restored from a backup, or its checks failed): the presignature is removed from the pool
    /// — or, if a request already consumed it, that request goes back to waiting for another
    /// presignature. Nothing is ever signed twice with one presignature: its id is gone for good.
    case discard(keyID: KeyID, sessionID: [UInt8], member: MemberID, signature: [UInt8])

    func write(_ w: inout SessionWriter, includeSignature: Bool) {
        switch self {
        case let .round(keyID, sessionID, member, round, payload, signature):
            w.u8(1); w.string(keyID.rawValue); w.fixed(sessionID); w.string(member.rawValue); w.u8(round); w.blob(payload)
            if includeSignature { w.fixed(signature) }
        case let .presignStart(keyID, signers):
            w.u8(2); w.string(keyID.rawValue); w.u16(UInt16(signers.count))
            for s in signers { w.u16(UInt16(s)) }
        case let .presignConsume(keyID, sessionID, requestID):
            w.u8(3); w.string(keyID.rawValue); w.fixed(sessionID); w.u64(requestID)
        case let .partial(keyID, requestID, sessionID, member, r, sigma, signature):
            w.u8(4); w.string(keyID.rawValue); w.u64(requestID); w.fixed(sessionID); w.string(member.rawValue); w.fixed(r); w.fixed(sigma)
            if includeSignature { w.fixed(signature) }
        case let .discard(keyID, sessionID, member, signature):
            w.u8(5); w.string(keyID.rawValue); w.fixed(sessionID); w.string(member.rawValue)
            if includeSignature { w.fixed(signature) }
        }
    }

    static func read(_ r: inout SessionReader) throws(SessionDecodingError) -> ECDSACommand {
        switch try r.u8("ecdsa command") {
        case 1:
            let keyID = try SessionEntry.keyID(&r), session = try r.take(32, "session id")
            let member = try SessionEntry.memberID(&r, "member")
            let round = try r.u8("round")
            guard (1...ECDSAState.rounds).contains(round) else { throw .invalidField("round") }
            let payload = try r.blob("payload", limit: SessionEntry.maximumPayload)
            return .round(keyID: keyID, sessionID: session, member: member, round: round, payload: payload,
                          signature: try r.take(Ed25519.signatureLength, "signature"))
        case 2:
            let keyID = try SessionEntry.keyID(&r)
            let count = Int(try r.u16("signers"))
            guard count >= 2, count <= SessionEntry.maximumCommittee else { throw .invalidField("signers") }
            var signers: [Int] = []
            for _ in 0..<count { signers.append(Int(try r.u16("signer"))) }
            // Canonical: strictly ascending indices ≥ 1 (one encoding per set).
            guard signers[0] >= 1, zip(signers, signers.dropFirst()).allSatisfy({ $0 < $1 }) else { throw .invalidField("signers") }
            return .presignStart(keyID: keyID, signers: signers)
        case 3:
            let keyID = try SessionEntry.keyID(&r)
            return .presignConsume(keyID: keyID, sessionID: try r.take(32, "session id"), requestID: try r.u64("request id"))
        case 4:
            let keyID = try SessionEntry.keyID(&r), requestID = try r.u64("request id"), session = try r.take(32, "session id")
            let member = try SessionEntry.memberID(&r, "member")
            return .partial(keyID: keyID, requestID: requestID, sessionID: session, member: member, r: try r.take(32, "r"),
                            sigma: try r.take(32, "sigma"), signature: try r.take(Ed25519.signatureLength, "signature"))
        case 5:
            let keyID = try SessionEntry.keyID(&r), session = try r.take(32, "session id")
            let member = try SessionEntry.memberID(&r, "member")
            return .discard(keyID: keyID, sessionID: session, member: member, signature: try r.take(Ed25519.signatureLength, "signature"))
        case let sub:
            throw .invalidField("ecdsa command \(sub)")
        }
    }
}

/// What an ECDSA op did, for the node's ECDSA driver.
public enum ECDSAEvent: Sendable, Hashable {
    /// An aux-info or presigning session opened (round 1 is open).
    case sessionStarted(sessionID: [UInt8])
    /// A party's round message was accepted (form checked; proofs are the recipients' to check).
    case roundMessage(sessionID: [UInt8], from: Int, round: UInt8, payload: [UInt8])
    /// Every party sent its message of `round`; the next round opens.
    case roundClosed(sessionID: [UInt8], round: UInt8)
    /// Every party acknowledged the session's output (round 4): aux info or a presignature is
    /// ready at every party.
    case sessionComplete(sessionID: [UInt8])
    /// The presignature was consumed for request `requestID`: now, and only now, its signers
    /// release σ_i.
    case presignConsumed(sessionID: [UInt8], requestID: UInt64)
    /// A presigning ran past ``ECDSAState/presignTimeoutMillis``, or a party discarded it: dropped.
    case sessionAbandoned(sessionID: [UInt8])
    /// The σ_i (`r ‖ σ_i` by signer) of a consumed presignature did not combine into a valid
    /// signature, and the request was answered `signing-failed`. Its signers hold the
    /// presignature's public part and find whose σ_i is wrong (CGGMP21 §4.3, σ_j·Γ = m·Δ_j + r·S_j).
    case signingFailed(sessionID: [UInt8], requestID: UInt64, digest: [UInt8], partials: [Int: [UInt8]])
}
