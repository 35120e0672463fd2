import Primitives

/// One aux-info or presigning session as the log knows it: its parties and which round is open.
public struct ECDSASession: Sendable, Hashable {
    /// What the session produces.
    public enum Kind: UInt8, Sendable, Hashable {
        /// CGGMP21 aux-info (Paillier keys, ring-Pedersen parameters, Πprm/Πmod/Πfac), once per key.
        case auxInfo = 1
        /// One presignature (CGGMP21 Figure 7) for the signer set `parties`.
        case presign = 2
    }
    /// The session id (bound into every proof of the session).
    public let sessionID: [UInt8]
    /// The key.
    public let keyID: KeyID
    /// Aux-info or presigning.
    public let kind: Kind
    /// Creation number: for presignatures, counting up per cluster (pool order); for aux-info,
    /// the attempt (0, then one more each time a run is abandoned at its deadline).
    public let number: UInt64
    /// Committee indices taking part, ascending.
    public let parties: [Int]
    /// Log time the session started: a presigning still running ``ECDSAState/presignTimeoutMillis``
    /// later (a signer down) is abandoned at the key's next presigning start.
    public let startedAtMillis: UInt64
    /// The open round (1…``ECDSAState/rounds``); one more once complete.
    public internal(set) var round: UInt8
    /// Parties that sent their message of the open round.
    public internal(set) var sent: Set<Int>

    /// Every round closed: aux info, or a presignature, is ready at every party.
    public var isComplete: Bool { round > ECDSAState.rounds }
}

/// The replicated threshold-ECDSA state: open and complete sessions. A consumed presignature's
/// session is removed at once, and presignature numbers only grow, so its id can never come
/// back: "used once, ever" holds without remembering every id (DESIGN.md, "Threshold ECDSA").
public struct ECDSAState: Sendable, Hashable {
    /// Rounds of a session: three protocol rounds, then an acknowledgement that the party's
    /// output checked out (so "complete" means every party holds its part).
    public static let rounds: UInt8 = 4
    /// How long a presigning may run, in log milliseconds.
    public static let presignTimeoutMillis: UInt64 = 60_000
    /// How long a consumed presignature waits for its signers' σ_i (log time).
    public static let signingTimeoutMillis: UInt64 = 30_000
    /// How long an aux-info run may take (log time) before it is abandoned and a new attempt
    /// starts: generous, since a member without safe primes in stock generates two first.
    public static let auxInfoTimeoutMillis: UInt64 = 600_000
    /// Attempts a sealed aux-info record may come from (``auxAttempt(of:keyID:)``).
    public static let maxAuxAttempts: UInt64 = 256
    /// Sessions by id.
    public internal(set) var sessions: [[UInt8]: ECDSASession] = [:]
    /// The number the next presigning session gets.
    public internal(set) var nextPresignNumber: UInt64 = 1
    /// Sign requests whose presignature was consumed, waiting for their signers' σ_i.
    public internal(set) var signings: [UInt64: ECDSASigning] = [:]

    /// An empty state.
    public init() {}

    /// The aux-info session id of a key's `attempt`: SHA-256("thresig/cggmp21/aux-info/v1" ‖
    /// key id) for the first, SHA-256(that tag ‖ key id ‖ u64 attempt) for later ones.
    public static func auxSessionID(keyID: KeyID, attempt: UInt64 = 0) -> [UInt8] {
        let base = Array("thresig/cggmp21/aux-info/v1".utf8) + keyID.bytes
        guard attempt > 0 else { return SHA256.hash(base) }
        var w = SessionWriter()
        w.fixed(base); w.u64(attempt)
        return SHA256.hash(w.bytes)
    }

    /// The attempt whose aux-info session id is `sessionID` for `keyID`, if any below
    /// ``maxAuxAttempts``.
    public static func auxAttempt(of sessionID: [UInt8], keyID: KeyID) -> UInt64? {
        (0..<maxAuxAttempts).first { auxSessionID(keyID: keyID, attempt: $0) == sessionID }
    }

    /// The key's current aux-info session (running or complete; an abandoned one is gone).
    public func auxSession(_ keyID: KeyID) -> ECDSASession? {
        sessions.values.first { $0.kind == .auxInfo && $0.keyID == keyID }
    }

    /// The id of presigning session `number`: SHA-256("thresig/cggmp21/presign/v1" ‖ key id ‖ u64).
    public static func presignSessionID(keyID: KeyID, number: UInt64) -> [UInt8] {
        var w = SessionWriter()
        w.fixed(Array("thresig/cggmp21/presign/v1".utf8)); w.string(keyID.rawValue); w.u64(number)
        return SHA256.hash(w.bytes)
    }

    /// Whether `keyID`'s aux-info has completed (it can presign).
    public func isAuxReady(_ keyID: KeyID) -> Bool {
        auxSession(keyID)?.isComplete == true
    }

    /// Complete, unconsumed presignatures of `keyID`, oldest first.
    public func availablePresignatures(_ keyID: KeyID) -> [ECDSASession] {
        sessions.values.filter { $0.keyID == keyID && $0.kind == .presign && $0.isComplete }.sorted { $0.number < $1.number }
    }

    /// Presigning sessions of `keyID` still running (including timed-out ones not yet abandoned).
    public func runningPresignings(_ keyID: KeyID) -> [ECDSASession] {
        sessions.values.filter { $0.keyID == keyID && $0.kind == .presign && !$0.isComplete }.sorted { $0.number < $1.number }
    }

    /// Running presignings of `keyID` that started more than ``presignTimeoutMillis`` before `now`.
    public func stalledPresignings(_ keyID: KeyID, now: UInt64) -> [ECDSASession] {
        runningPresignings(keyID).filter { now >= $0.startedAtMillis &+ Self.presignTimeoutMillis }
    }

    func write(_ w: inout SessionWriter) {
        w.u64(nextPresignNumber)
        w.u32(UInt32(sessions.count))
        for id in sessions.keys.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
            let s = sessions[id]!
            w.fixed(s.sessionID); w.string(s.keyID.rawValue); w.u8(s.kind.rawValue); w.u64(s.number); w.u64(s.startedAtMillis)
            w.u16(UInt16(s.parties.count))
            for p in s.parties { w.u16(UInt16(p)) }
            w.u8(s.round)
            w.u16(UInt16(s.sent.count))
            for p in s.sent.sorted() { w.u16(UInt16(p)) }
        }
        w.u32(UInt32(signings.count))
        for id in signings.keys.sorted() {
            let g = signings[id]!
            w.u64(g.requestID); w.fixed(g.sessionID); w.u16(UInt16(g.signers.count))
            for p in g.signers { w.u16(UInt16(p)) }
            w.u16(UInt16(g.partials.count))
            for p in g.partials.keys.sorted() { w.u16(UInt16(p)); w.fixed(g.partials[p]!) }
        }
        // Consumption times, in the signings' order: a trailing section, so that a snapshot
        // written before it existed still reads (its signings then have no deadline, the same on
        // every replica: UInt64.max).
        for id in signings.keys.sorted() { w.u64(signings[id]!.consumedAtMillis) }
    }

    static func read(_ r: inout SessionReader, clockMillis: UInt64) throws(SessionDecodingError) -> ECDSAState {
        var state = ECDSAState()
        state.nextPresignNumber = try r.u64("next presign number")
        let count = try r.count("ecdsa sessions", minimumBytesEach: 32 + 2 + 1 + 8 + 2 + 1 + 2)
        for _ in 0..<count {
            let id = try r.take(32, "session id")
            let keyID = try SessionEntry.keyID(&r)
            guard let kind = ECDSASession.Kind(rawValue: try r.u8("session kind")) else { throw .invalidField("session kind") }
            let number = try r.u64("session number"), started = try r.u64("session start")
            var parties: [Int] = []
            for _ in 0..<Int(try r.u16("parties")) { parties.append(Int(try r.u16("party"))) }
            let round = try r.u8("round")
            var sent = Set<Int>()
            for _ in 0..<Int(try r.u16("sent")) { sent.insert(Int(try r.u16("sent party"))) }
            guard state.sessions[id] == nil, (1...rounds + 1).contains(round), sent.isSubset(of: parties) else {
                throw .invalidField("ecdsa session")
            }
            state.sessions[id] = ECDSASession(sessionID: id, keyID: keyID, kind: kind, number: number, parties: parties, startedAtMillis: started,
                                              round: round, sent: sent)
        }
        let signingCount = try r.count("ecdsa signings", minimumBytesEach: 8 + 32 + 2 + 2)
        for _ in 0..<signingCount {
            let requestID = try r.u64("request id"), session = try r.take(32, "session id")
            var signers: [Int] = []
            for _ in 0..<Int(try r.u16("signers")) { signers.append(Int(try r.u16("signer"))) }
            var partials: [Int: [UInt8]] = [:]
            for _ in 0..<Int(try r.u16("partials")) {
                let i = Int(try r.u16("partial index"))
                guard signers.contains(i), partials[i] == nil else { throw .invalidField("partial index") }
                partials[i] = try r.take(64, "partial")
            }
            guard state.signings[requestID] == nil else { throw .invalidField("ecdsa signing repeated") }
            state.signings[requestID] = ECDSASigning(requestID: requestID, sessionID: session, signers: signers, partials: partials,
                                                     consumedAtMillis: .max)
        }
        if r.remaining > 0 {
            for id in state.signings.keys.sorted() {
                let at = try r.u64("signing consumption time")
                guard at <= clockMillis else { throw .invalidField("signing consumption time") }
                let g = state.signings[id]!
                state.signings[id] = ECDSASigning(requestID: g.requestID, sessionID: g.sessionID, signers: g.signers, partials: g.partials,
                                                  consumedAtMillis: at)
            }
        }
        return state
    }
}
