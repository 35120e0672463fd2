import Primitives
import Sharing

/// Why a simulation could not produce an outcome.
public enum SimulationError: Error, Equatable, Sendable {
    case parameters(DKGParameterError)
    /// Behaviours were assigned to indices outside `1…n`.
    case invalidBehaviourIndex(Int)
    /// The ceremony failed at the honest members (more misbehaviour than tolerated).
    case ceremonyFailed(CeremonyFailure)
    /// Two honest members ended with different public outputs (a bug: cannot happen
    /// over a perfect broadcast).
    case honestMembersDisagree
    /// No member is honest, so there is no honest view to report.
    case noHonestMember
    /// The state machine did not finish within the expected number of phases.
    case didNotTerminate
}

/// The outcome of an in-process ceremony.
public struct DKGSimulationOutcome<G: PrimeOrderGroup>: Sendable {
    public let parameters: CeremonyParameters
    /// Which members misbehaved, and how.
    public let behaviours: [Int: Behaviour]
    /// The public output every honest member agrees on (checked).
    public let publicOutput: DKGPublicOutput<G>
    /// The shares of the honest members, by index.
    public let honestShares: [KeyShare<G>]
    /// Log entries the members refused (e.g. a reveal for a dealer nobody reconstructs);
    /// every member refuses the same entries.
    public let refusedEntries: Int
    /// Total wall-clock time spent inside the state machines, divided by the number of
    /// members that ran one: the per-member CPU cost of the whole ceremony.
    public let timePerMember: Duration
    /// The phases the ceremony went through, in order.
    public let phases: [Phase]
    /// Every broadcast, in log order (sender and encoded message): the ceremony's
    /// transcript as the session log would carry it.
    public let log: [LoggedBroadcast]

    public var summary: DKGSummary { publicOutput.summary(scheme: G.name) }
}

/// One broadcast of a simulated ceremony: who sent it and its encoding.
public struct LoggedBroadcast: Sendable, Equatable {
    public let from: Int
    public let bytes: [UInt8]
}

/// Runs a GJKR ceremony in-process over a perfect broadcast channel (one shared log,
/// every entry delivered to every member in order; each phase closed once every member
/// has handled the entries of that phase).
///
/// Reproducible from a seed: the members' X25519 keys and every polynomial coefficient
/// (honest and malicious) come from `SHA-256(seed ‖ …)` through the simulation-only
/// seeded scalar source — never use a seeded ceremony's key — and so do the sealed boxes'
/// ephemeral keys: the same seed gives the same log, byte for byte, and the same
/// transcript hash.
public enum DKGSimulation<G: PrimeOrderGroup> {
    /// The K malicious members are the highest indices, all with the same behaviour.
    public static func run(n: Int, t: Int, malicious k: Int = 0, behaviour: Behaviour = .silent, seed: UInt64) throws(SimulationError) -> DKGSimulationOutcome<G> {
        var behaviours: [Int: Behaviour] = [:]
        if k > 0 { for i in max(1, n - k + 1)...n { behaviours[i] = behaviour } }
        return try run(n: n, t: t, behaviours: behaviours, seed: seed)
    }

    /// Runs with an explicit behaviour per member (absent members are honest).
    public static func run(n: Int, t: Int, behaviours: [Int: Behaviour], seed: UInt64) throws(SimulationError) -> DKGSimulationOutcome<G> {
        var sw = ByteWriter()
        sw.raw(Array("thresig/dkg/simulate/v1".utf8)); sw.raw(Array(G.name.utf8)); sw.u64(seed)
        sw.u16(min(n, 0xffff)); sw.u16(min(max(t, 0), 0xffff))
        let seedBytes = SHA256.hash(sw.bytes)
        for i in behaviours.keys where i < 1 || i > n { throw .invalidBehaviourIndex(i) }

        guard n >= 1, n <= Shamir.maxShareCount else { throw .parameters(.invalidThreshold(t: t, n: n)) }
        let keyPairs = (1...n).map { i -> X25519.KeyPair in
            var w = ByteWriter(); w.u16(i)
            var sk = SHA256.hash(seedBytes + Array("x25519".utf8) + w.bytes)
            return try! X25519.KeyPair(secretKey: SecretBytes(consuming: &sk))
        }
        let parameters: CeremonyParameters
        do {
            parameters = try CeremonyParameters(sessionID: Array("simulation".utf8) + seedBytes.prefix(8), n: n, t: t,
                                                members: keyPairs.enumerated().map { Member(index: $0.offset + 1, encryptionKey: $0.element.publicKey) })
        } catch { throw .parameters(error) }

        let h = PedersenVSS<G>.defaultH()
        var members: [Int: Ceremony<G>] = [:]
        for i in 1...n where behaviours[i] != .silent {
            var w = ByteWriter(); w.u16(i)
            let source = ScalarSource.seeded(SHA256.hash(seedBytes + Array("member".utf8) + w.bytes))
            members[i] = try! Ceremony<G>(parameters: parameters, index: i, encryptionKeyPair: keyPairs[i - 1],
                                           source: source, behaviour: behaviours[i], h: h)
        }
        let honest = (1...n).filter { behaviours[$0] == nil }
        guard !honest.isEmpty else { throw .noHonestMember }

        let clock = ContinuousClock()
        var elapsed = Duration.zero
        var pending: [(from: Int, bytes: [UInt8])] = []
        for i in members.keys.sorted() {
            let start = clock.now
            let out = try! members[i]!.start()
            elapsed += clock.now - start
            pending += out.encodedBroadcasts.map { (i, $0) }
        }
        var log = pending.map { LoggedBroadcast(from: $0.from, bytes: $0.bytes) }
        var refused = 0
        var results: [Int: DKGResult<G>] = [:]
        var failures: [Int: CeremonyFailure] = [:]
        var phases: [Phase] = []
        for _ in 0..<Phase.allCases.count {
            let entries = pending
            pending = []
            guard let phase = members[honest[0]]!.phase else { break }
            phases.append(phase)
            for i in members.keys.sorted() where members[i]!.phase != nil {
                let start = clock.now
                for e in entries {
                    do { _ = try members[i]!.handle(.message(from: e.from, bytes: e.bytes)) } catch { if i == honest[0] { refused += 1 } }
                }
                let out = try! members[i]!.handle(.deadline(phase))
                elapsed += clock.now - start
                pending += out.encodedBroadcasts.map { (i, $0) }
                log += out.encodedBroadcasts.map { LoggedBroadcast(from: i, bytes: $0) }
                if let r = out.result { results[i] = r }
                if let f = out.failure { failures[i] = f }
            }
        }
        if let f = failures[honest[0]] { throw .ceremonyFailed(f) }
        guard let first = results[honest[0]] else { throw .didNotTerminate }
        for i in honest where results[i]?.publicOutput != first.publicOutput { throw .honestMembersDisagree }
        return DKGSimulationOutcome(parameters: parameters, behaviours: behaviours, publicOutput: first.publicOutput,
                                    honestShares: honest.map { results[$0]!.share }, refusedEntries: refused,
                                    timePerMember: elapsed / max(members.count, 1), phases: phases, log: log)
    }
}
