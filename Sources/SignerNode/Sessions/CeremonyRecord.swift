import DKG
import Membership

/// Where a ceremony stands in the replicated state.
public enum CeremonyProgress: Sendable, Hashable {
    /// Accepting broadcasts of `phase` until the log's clock reaches `deadlineMillis` or every
    /// committee member has logged `phaseDone` for it.
    case running(phase: Phase, deadlineMillis: UInt64)
    /// Every phase has closed; waiting for `t` matching registrations until the deadline.
    case awaitingRegistration(deadlineMillis: UInt64)
    /// The key is registered.
    case complete
    /// The ceremony ended without a key.
    case failed(CeremonyFailureReason)
}

/// Why a ceremony ended without a key.
public enum CeremonyFailureReason: UInt8, Sendable, Hashable {
    /// No `t` committee members logged the same public output in time.
    case noRegistrationQuorum = 1
}

/// One broadcast of a ceremony as the log carried it: the sender's committee index (1…n) and
/// the `DKGMessage` encoding.
public struct CeremonyBroadcast: Sendable, Hashable {
    /// Sender's committee index (1…n).
    public let from: Int
    /// The `DKGMessage` encoding.
    public let bytes: [UInt8]
}

/// The replicated record of one ceremony. The key's spec fields read through
/// (`record.t`, `record.committee`, …).
@dynamicMemberLookup
public struct CeremonyRecord: Sendable, Hashable {
    /// The key being created.
    public let spec: KeySpec
    /// Longest a phase stays open, in log milliseconds.
    public let phaseMillis: UInt64
    /// The DKG ceremony id every broadcast carries (`CeremonyParameters.ceremonyID(for:)` over
    /// the session id of the key, t, n and the committee's X25519 keys).
    public let ceremonyID: [UInt8]
    /// Where the ceremony stands.
    public internal(set) var progress: CeremonyProgress
    /// Every accepted broadcast, in log order.
    public internal(set) var broadcasts: [CeremonyBroadcast]
    /// Members (indices) that logged `phaseDone` for the current phase.
    public internal(set) var done: Set<Int>
    /// Registrations logged so far, by committee index.
    public internal(set) var registrations: [Int: RegisteredKeyOutput]

    public subscript<T>(dynamicMember path: KeyPath<KeySpec, T>) -> T { spec[keyPath: path] }

    /// The committee index (1…n) of `member`, if it is on the committee.
    public func index(of member: MemberID) -> Int? { spec.index(of: member) }

    /// Indices that logged a broadcast of `phase`.
    public func senders(in phase: Phase, n: Int) -> Set<Int> {
        Set(broadcasts.filter { PhaseOfMessage.phase(of: $0.bytes) == phase }.map(\.from))
    }
}

/// Reads a `DKGMessage`'s phase from its tag byte (version ‖ tag ‖ …) without decoding the body.
enum PhaseOfMessage {
    static func phase(of bytes: [UInt8]) -> Phase? {
        bytes.count >= 2 ? Phase(rawValue: bytes[1]) : nil
    }
}
