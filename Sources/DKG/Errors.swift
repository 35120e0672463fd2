import Sharing

/// Why ceremony parameters were refused (`CeremonyParameters.init`,
/// `ResharingParameters.init`). Cases are stable; callers match on them.
public enum DKGParameterError: Error, Equatable, Sendable {
    /// Not `1 ≤ t ≤ n ≤ 1024`.
    case invalidThreshold(t: Int, n: Int)
    /// The member list does not hold exactly the indices `1…n`.
    case invalidMemberIndex(Int)
    /// A member index occurs twice.
    case duplicateMemberIndex(Int)
    /// The member list has `got` entries where `n` was declared.
    case memberCountMismatch(expected: Int, got: Int)
    /// A member's X25519 public key is not 32 bytes, or is all zeros.
    case invalidEncryptionKey(member: Int)
    /// Two members announced the same X25519 public key (a copied key would let one
    /// member read another's shares).
    case duplicateEncryptionKey(member: Int)
    /// The session id is empty or longer than 255 bytes.
    case invalidSessionID
    /// The local member index is not one of the members.
    case notAMember(Int)
    /// The local X25519 key pair does not match the key announced for the local member.
    case encryptionKeyMismatch
    /// A resumable ceremony's seed is not 32 bytes.
    case invalidSeed(length: Int)
    /// Resharing: the old share public keys do not interpolate to the group public key,
    /// their count is not the old `n`, or an old share/new key is otherwise inconsistent.
    case inconsistentOldCommittee(String)
    /// Resharing: the old share given to a dealer does not match its share public key.
    case oldShareMismatch(index: Int)
}

/// Why a message could not be decoded. Decoding is total: any byte string yields a
/// message or one of these errors, never a trap. Cases are stable.
public enum DKGDecodingError: Error, Equatable, Sendable {
    /// The input ended before a field of `needed` bytes; `context` names the field.
    case truncated(context: String)
    /// Bytes remained after a complete message.
    case trailingBytes(Int)
    /// The version byte is not one this implementation speaks.
    case unknownVersion(UInt8)
    /// The message-type tag is unknown (or belongs to the other protocol).
    case unknownTag(UInt8)
    /// The message belongs to another ceremony (its 32-byte ceremony id differs).
    case wrongCeremony
    /// An index (sender, complainer, dealer, recipient) is outside its committee.
    case indexOutOfRange(field: String, value: Int)
    /// A list count is outside the allowed range.
    case countOutOfRange(field: String, value: Int)
    /// A list of indices is not strictly increasing (each message has one encoding).
    case notStrictlyIncreasing(field: String)
    /// A ciphertext has the wrong length for a sealed pair of scalars.
    case wrongCiphertextLength(expected: Int, got: Int)
    /// A member accused or revealed itself where that is meaningless.
    case selfReference(field: String)
    /// A group element, scalar or commitment vector was refused by `Sharing`
    /// (invalid element, identity, non-canonical scalar, wrong commitment count).
    case sharing(SharingError)
}

/// Why the state machine refused an input. A refused input changes nothing (the state
/// machine stays where it was, and the input is not bound into the transcript), so a node
/// can log it and go on.
public enum CeremonyError: Error, Equatable, Sendable {
    /// The message could not be decoded.
    case decoding(DKGDecodingError)
    /// The authenticated sender of a log entry is not the sender the message names.
    case senderMismatch(authenticated: Int, claimed: Int)
    /// A message for a phase that is not the current one (early, or after its deadline).
    case wrongPhase(expected: Phase, got: Phase)
    /// The sender already sent a message of this type in this ceremony.
    case duplicateMessage(sender: Int)
    /// A deadline input for a phase that is not the current one.
    case unexpectedDeadline(current: Phase, got: Phase)
    /// A dealing whose proof of knowledge of the opening of `C_i0` fails for its sender
    /// (a forged dealing, or another member's dealing replayed under a new index). The
    /// sender is treated as not having dealt unless it sends a valid dealing in time.
    case invalidDealingProof(sender: Int)
    /// Phase-2 extraction from a dealer outside QUAL.
    case senderNotQualified(Int)
    /// The ceremony has already finished or failed; nothing more is accepted.
    case ceremonyOver
    /// A message references a dealer/complaint that this phase does not concern (e.g. a
    /// justification for a complaint nobody made, a reveal for a dealer not being
    /// reconstructed).
    case irrelevant(String)
    /// `start()` called twice, or a message handled before `start()`.
    case notStarted
}

/// Why a ceremony ended without a key. Only possible when more members misbehave than
/// the threshold tolerates (see docs/protocols/dkg.md).
public enum CeremonyFailure: Error, Hashable, Sendable, CustomStringConvertible {
    /// Every dealer was disqualified.
    case emptyQualifiedSet
    /// Fewer than `t` valid shares were revealed to reconstruct a dealer's polynomial.
    case reconstructionFailed(dealer: Int, validShares: Int, needed: Int)
    /// Resharing: fewer than `t_old` old holders dealt acceptably.
    case notEnoughQualifiedDealers(qualified: Int, needed: Int)
    /// Resharing: the recombined public key differs from the group public key (cannot
    /// happen once each dealer's constant term was checked; kept as a tripwire).
    case groupKeyChanged
    /// This member's own share does not match its share public key (it missed a share it
    /// should have complained about). Other members are unaffected.
    case ownShareInconsistent

    public var description: String {
        switch self {
        case .emptyQualifiedSet: "every dealer was disqualified"
        case let .reconstructionFailed(d, v, n): "dealer \(d): only \(v) valid revealed shares, \(n) needed"
        case let .notEnoughQualifiedDealers(q, n): "only \(q) old holders qualified, \(n) needed"
        case .groupKeyChanged: "the recombined group public key differs from the old one"
        case .ownShareInconsistent: "own share does not match its share public key"
        }
    }
}
