import BLS12381
import DKG
import Membership
import Primitives
import Sharing

/// Runs this node's side of every ceremony it is a committee member of, from committed log
/// entries: sans-I/O (committed events in, commands to append out), the GJKR `Ceremony` state
/// machine inside (DESIGN.md: "the log *is* GJKR's broadcast channel").
///
/// Feed it the events of each applied op, in log order, with the state they were applied to.
/// It returns the signed commands to submit to the log (its broadcasts, `phaseDone` once it has
/// said all it will in a phase, and its `keyRegistered`), and each finished key's share for the
/// node to seal into its vault.
public struct CeremonyDriver: Sendable {
    /// This node.
    public let me: MemberID
    private let signingKey: Ed25519.SigningKey
    private let encryptionKey: X25519.KeyPair
    private var running: [KeyID: Ceremony<BLS12381G1Group>] = [:]
    /// ECDSA keys' ceremonies: the same GJKR over secp256k1 (the DKG module is generic).
    private var runningSecp256k1: [KeyID: Ceremony<Secp256k1Group>] = [:]

    /// A finished ceremony's result for this member.
    public struct Completed: Sendable {
        /// The key the ceremony created.
        public let keyID: KeyID
        /// This member's share and the public output.
        public let result: DKGResult<BLS12381G1Group>
    }

    /// A finished secp256k1 ceremony's result for this member (an ECDSA key: aux-info follows).
    public struct CompletedECDSA: Sendable {
        /// The key the ceremony created.
        public let keyID: KeyID
        /// This member's share and the public output.
        public let result: DKGResult<Secp256k1Group>
    }

    /// What one step produced.
    public struct Output: Sendable {
        /// Signed commands to append, in order.
        public var commands: [SessionCommand] = []
        /// Ceremonies that finished at this member.
        public var completed: [Completed] = []
        /// secp256k1 ceremonies that finished at this member.
        public var completedECDSA: [CompletedECDSA] = []
        /// Ceremonies that failed at this member, with the DKG's reason.
        public var failed: [(KeyID, CeremonyFailure)] = []
        /// Ceremonies this member just started, with the seed of its secrets: seal each in the
        /// vault *before* appending the commands, so a restart can resume the ceremony.
        public var seeds: [(keyID: KeyID, seed: SecretBytes)] = []
        /// Ceremonies that ended (registered or failed): their seeds can go.
        public var ended: [KeyID] = []
        /// Entries the DKG refused (the state machine already filters on public data, so this
        /// stays 0 unless the two disagree — worth a metric).
        public var refused = 0
    }

    /// The driver of member `me`, with its ceremony signing key and X25519 key pair.
    public init(me: MemberID, signingKey: Ed25519.SigningKey, encryptionKey: X25519.KeyPair) {
        self.me = me
        self.signingKey = signingKey
        self.encryptionKey = encryptionKey
    }

    /// Seeds sealed before a restart, by key: a replayed `ceremonyStarted` with a seed here
    /// rebuilds the member (``Ceremony/init(parameters:index:encryptionKeyPair:resumableSeed:)``)
    /// and the replayed log brings it back to where it was.
    private var resumable: [KeyID: SecretBytes] = [:]

    /// Makes the ceremony of `keyID` resumable from `seed` (read from the vault at start).
    public mutating func resume(_ keyID: KeyID, seed: SecretBytes) { resumable[keyID] = seed }

    /// Drops the seeds no replayed start used.
    public mutating func forgetResumable() { resumable = [:] }

    /// Key ids of the ceremonies this member is running.
    public var runningCeremonies: [KeyID] { (Array(running.keys) + Array(runningSecp256k1.keys)).sorted() }

    /// Handles the events of one applied op; `state` is the state machine after that op.
    ///
    /// `replaying`: the op was applied before this process started (the WAL's replay). A
    /// ceremony starts then only if its seed was sealed before the restart — the member is
    /// rebuilt and re-fed the logged ceremony, and its commands come out again (the state
    /// machine refuses those already logged, and appends those a crash cut off). Without a seed
    /// the member sits the ceremony out: dealing anew could derive a share that is not the one
    /// the others computed from the dealing already in the log.
    public mutating func handle(_ events: [SessionEvent], state: SessionStateMachine, replaying: Bool = false) -> Output {
        var out = Output()
        for event in events {
            switch event {
            case let .ceremonyStarted(keyID):
                if replaying {
                    guard let seed = resumable.removeValue(forKey: keyID) else { continue }
                    start(keyID, seed: seed, state: state, &out)
                } else {
                    let seed = SecretBytes.random(count: 32)
                    if start(keyID, seed: seed, state: state, &out) { out.seeds.insert((keyID, seed), at: 0) }
                }
            case let .ceremonyBroadcast(keyID, from, bytes):
                step(keyID, .message(from: from, bytes: bytes), &out)
            case let .phaseClosed(keyID, phase):
                step(keyID, .deadline(phase), &out)
            case let .keyRegistered(keyID), let .ceremonyFailed(keyID, _):
                if running.removeValue(forKey: keyID) != nil || runningSecp256k1.removeValue(forKey: keyID) != nil {
                    out.ended.append(keyID)
                }
                resumable[keyID] = nil
            default:
                break
            }
        }
        return out
    }

    /// Starts this member's side of `keyID` with its secrets derived from `seed`; false if it is
    /// not on the committee (or the parameters do not hold).
    @discardableResult
    mutating func start(_ keyID: KeyID, seed: SecretBytes, state: SessionStateMachine, _ out: inout Output) -> Bool {
        guard let record = state.ceremonies[keyID], let index = record.index(of: me),
              let parameters = try? state.ceremonyParameters(keyID: keyID, t: record.t, n: record.n, committee: record.committee)
        else { return false }
        if record.scheme == .ecdsaSecp256k1 {
            guard let ceremony = begin(Secp256k1Group.self, keyID, parameters, index, seed, &out) else { return false }
            if !out.ended.contains(keyID) { runningSecp256k1[keyID] = ceremony }
        } else {
            guard let ceremony = begin(BLS12381G1Group.self, keyID, parameters, index, seed, &out) else { return false }
            if !out.ended.contains(keyID) { running[keyID] = ceremony }
        }
        return true
    }

    /// This member's ceremony over `G`, started: its dealing is emitted.
    mutating func begin<G: PrimeOrderGroup>(_: G.Type, _ keyID: KeyID, _ parameters: CeremonyParameters, _ index: Int,
                                            _ seed: SecretBytes, _ out: inout Output) -> Ceremony<G>? {
        guard var ceremony = try? Ceremony<G>(parameters: parameters, index: index, encryptionKeyPair: encryptionKey, resumableSeed: seed),
              let first = try? ceremony.start() else { return nil }
        emit(keyID, first, phase: .dealing, &out)
        return ceremony
    }

    mutating func step(_ keyID: KeyID, _ input: CeremonyInput, _ out: inout Output) {
        if var ceremony = runningSecp256k1[keyID] {
            guard advance(&ceremony, keyID, input, &out) else { return }
            // `emit` drops a finished ceremony from the table; keep it only while it runs.
            if runningSecp256k1[keyID] != nil { runningSecp256k1[keyID] = ceremony }
        } else if var ceremony = running[keyID] {
            guard advance(&ceremony, keyID, input, &out) else { return }
            if running[keyID] != nil { running[keyID] = ceremony }
        }
    }

    /// Feeds `input` to `ceremony` and emits what it says; false (and counted) if the DKG refused
    /// the input.
    mutating func advance<G: PrimeOrderGroup>(_ ceremony: inout Ceremony<G>, _ keyID: KeyID, _ input: CeremonyInput,
                                              _ out: inout Output) -> Bool {
        let result: CeremonyOutput<G>
        do { result = try ceremony.handle(input) } catch {
            out.refused += 1
            return false
        }
        // A message changes nothing to say in the phase; a deadline opens the next phase, whose
        // broadcasts (and "done") follow.
        if case .deadline = input {
            emit(keyID, result, phase: ceremony.phase, &out)
        } else {
            emit(keyID, result, phase: nil, &out)
        }
        return true
    }

    /// Turns a DKG step's output into log commands: its broadcasts, then `phaseDone` for the
    /// phase now open (nothing more will come from this member in it), or the registration when
    /// the ceremony finished.
    mutating func emit<G: PrimeOrderGroup>(_ keyID: KeyID, _ result: CeremonyOutput<G>, phase: Phase?, _ out: inout Output) {
        for bytes in result.encodedBroadcasts {
            out.commands.append(sign(.ceremonyMessage(keyID: keyID, member: me, message: bytes, signature: [])))
        }
        if let done = result.result {
            let p = done.publicOutput
            let output = RegisteredKeyOutput(
                groupPublicKey: G.encode(p.groupPublicKey),
                sharePublicKeys: p.sharePublicKeys.map(G.encode),
                epoch: p.epoch, transcriptHash: p.transcriptHash)
            out.commands.append(sign(.keyRegistered(keyID: keyID, member: me, output: output, signature: [])))
            if let bls = done as? DKGResult<BLS12381G1Group> { out.completed.append(Completed(keyID: keyID, result: bls)) }
            if let secp = done as? DKGResult<Secp256k1Group> { out.completedECDSA.append(CompletedECDSA(keyID: keyID, result: secp)) }
            running[keyID] = nil
            runningSecp256k1[keyID] = nil
            out.ended.append(keyID)
        } else if let failure = result.failure {
            out.failed.append((keyID, failure))
            running[keyID] = nil
            runningSecp256k1[keyID] = nil
            out.ended.append(keyID)
        } else if let phase {
            out.commands.append(sign(.phaseDone(keyID: keyID, member: me, phase: phase, signature: [])))
        }
    }

    /// The command with this member's Ed25519 signature over its signing bytes.
    func sign(_ command: SessionCommand) -> SessionCommand {
        let signature = signingKey.sign(SessionEntry.signingBytes(command))
        switch command {
        case let .ceremonyMessage(k, m, bytes, _): return .ceremonyMessage(keyID: k, member: m, message: bytes, signature: signature)
        case let .phaseDone(k, m, p, _): return .phaseDone(keyID: k, member: m, phase: p, signature: signature)
        case let .keyRegistered(k, m, o, _): return .keyRegistered(keyID: k, member: m, output: o, signature: signature)
        default: return command
        }
    }
}
