import ThresholdECDSA

/// One CGGMP21 step of this member — an aux-info or presigning round's proofs and Paillier
/// work, tens of milliseconds to seconds of CPU — packaged to run on a worker thread, so that
/// the node's event loop (which also runs the session log's replica) never waits for it. The
/// party or presigner travels with the job by value; ``ECDSADriver/complete(_:state:)`` puts it
/// back and emits its round's entry, or drops the result if the session was abandoned meanwhile.
///
/// A session never has two jobs at once: its next round closes only after this member's entry
/// for the current one is in the log, and that entry is what the job makes.
public struct ECDSAJob: Sendable {
    /// What a step ends with.
    public enum Outcome: Sendable {
        /// Aux-info goes on: the party, and its entry for `round`.
        case auxParty(AuxInfoParty, round: UInt8, messages: [Int: [UInt8]])
        /// Aux-info finished here.
        case auxInfo(AuxInfo)
        /// Presigning goes on: the presigner, and its entry for `round`.
        case presigner(Presigner, round: UInt8, messages: [Int: [UInt8]])
        /// Presigning finished here.
        case presignature(Presignature)
        /// The step refused (a blamed party, a bad parameter): this member does not go on.
        case failed(String)
    }

    /// A finished job, for ``ECDSADriver/complete(_:state:)``.
    public struct Result: Sendable {
        /// The session.
        public let sessionID: [UInt8]
        let token: UInt64
        let outcome: Outcome
    }

    /// The session the job belongs to.
    public let sessionID: [UInt8]
    let token: UInt64
    let step: @Sendable () -> Outcome

    init(sessionID: [UInt8], token: UInt64, step: @escaping @Sendable () -> Outcome) {
        self.sessionID = sessionID
        self.token = token
        self.step = step
    }

    /// Runs the step (any thread).
    public func run() -> Result { Result(sessionID: sessionID, token: token, outcome: step()) }
}
