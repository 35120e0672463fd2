import Membership
import Primitives
@testable import SignerNode

/// One simulated node: its ids and keys.
struct TestNode {
    let id: MemberID
    let signing: Ed25519.SigningKey
    let encryption: X25519.KeyPair
    var logged: LoggedMember { LoggedMember(id: id, x25519PublicKey: encryption.publicKey, ed25519PublicKey: signing.publicKey) }
}

/// A cluster of `count` nodes and helpers to build signed log ops.
struct SessionFixture {
    let nodes: [TestNode]
    let ttl: UInt64

    init(count: Int = 4, ttl: UInt64 = 60_000) {
        nodes = (1...count).map { k in
            TestNode(id: try! MemberID("node-\(k)"), signing: .generate(), encryption: .generate())
        }
        self.ttl = ttl
    }

    var memberIDs: [MemberID] { nodes.map(\.id) }

    func genesis(at ts: UInt64 = 1) -> [UInt8] {
        op(ts, .genesis(members: nodes.map(\.logged), idempotencyTTLMillis: ttl))
    }

    func op(_ ts: UInt64, _ command: SessionCommand) -> [UInt8] {
        SessionEntry(timestampMillis: ts, command: command).encoded()
    }

    /// A ceremony start with the rendezvous committee.
    func ceremonyStart(_ key: String, t: Int = 3, n: Int = 4, phaseMillis: UInt64 = 1_000) -> SessionCommand {
        let keyID = KeyID(key)!
        return .ceremonyStart(keyID: keyID, scheme: .bls, t: t, n: n,
                              committee: Rendezvous.committee(keyID: keyID.bytes, size: n, members: memberIDs)!,
                              label: "test \(key)", phaseMillis: phaseMillis)
    }

    /// A sign request with the request digest the API would compute (SHA-256 of the message).
    func signRequest(_ key: String, message: [UInt8], idempotencyKey: String?) -> SessionCommand {
        .signRequest(keyID: KeyID(key)!, message: message, idempotencyKey: idempotencyKey, requestDigest: SHA256.hash(message))
    }

    /// `command` signed by `node`.
    func signed(_ command: SessionCommand, by node: TestNode) -> SessionCommand {
        CeremonyDriver(me: node.id, signingKey: node.signing, encryptionKey: node.encryption).sign(command)
    }
}

/// A log shared by simulated nodes: every op is applied by each node's state machine in order;
/// each live node's ceremony driver turns the events into commands, appended at the end.
extension SessionFixture {
    /// `command` as the op at `clock`, applied by every state not `down`, in node order; the
    /// replicas must agree on the reply. Returns the op, the reply and each node's events.
    func applyEverywhere(_ command: SessionCommand, at clock: UInt64, to states: inout [SessionStateMachine],
                         down: Set<Int>) -> (op: [UInt8], reply: SessionReply, events: [(node: Int, events: [SessionEvent])]) {
        let bytes = op(clock, command)
        var reply: SessionReply?
        var events: [(node: Int, events: [SessionEvent])] = []
        for k in states.indices where !down.contains(k) {
            let (r, e) = states[k].applyCommitted(bytes)
            if let reply { precondition(reply == r, "replicas disagree") } else { reply = r }
            events.append((k, e))
        }
        return (bytes, reply!, events)
    }
}

struct SimulatedLog {
    let fixture: SessionFixture
    var states: [SessionStateMachine]
    var drivers: [CeremonyDriver]
    /// Nodes (indices into `fixture.nodes`) that are down: they apply nothing and say nothing.
    var down: Set<Int>
    var ops: [[UInt8]] = []
    var clock: UInt64 = 1
    var completed: [Int: [CeremonyDriver.Completed]] = [:]
    var replies: [SessionReply] = []
    /// Rewrites the commands a node's driver emits before they reach the log (a faulty member).
    var tamper: (@Sendable (_ node: Int, SessionCommand) -> SessionCommand)?
    /// Ceremony seeds each node's driver asked to seal (what its vault would hold).
    var sealedSeeds: [Int: [(keyID: KeyID, seed: SecretBytes)]] = [:]
    /// Restart `node` once the log holds `afterOps` ops: a fresh driver given its sealed seeds,
    /// a fresh state machine, and the whole log replayed into both (as thresigd's WAL replay).
    var restart: (node: Int, afterOps: Int)?

    init(_ fixture: SessionFixture, down: Set<Int> = []) {
        self.fixture = fixture
        states = fixture.nodes.map { _ in SessionStateMachine() }
        drivers = fixture.nodes.map { CeremonyDriver(me: $0.id, signingKey: $0.signing, encryptionKey: $0.encryption) }
        self.down = down
    }

    /// Appends `command` at the next timestamp and applies it everywhere, then whatever the
    /// drivers answer, until the log is quiet.
    mutating func submit(_ command: SessionCommand, advance: UInt64 = 1) {
        // Each queued command with the node whose driver emitted it (nil: the test's own).
        var queue: [(from: Int?, command: SessionCommand)] = [(nil, command)]
        var first = true
        while !queue.isEmpty {
            let next = queue.removeFirst().command
            clock += first ? advance : 1
            first = false
            let (bytes, reply, events) = fixture.applyEverywhere(next, at: clock, to: &states, down: down)
            ops.append(bytes)
            for (k, events) in events {
                let out = drivers[k].handle(events, state: states[k])
                queue += out.commands.map { (k, tamper?(k, $0) ?? $0) }
                completed[k, default: []] += out.completed
                sealedSeeds[k, default: []] += out.seeds
                for keyID in out.ended { sealedSeeds[k]?.removeAll { $0.keyID == keyID } }
            }
            replies.append(reply)
            if let plan = restart, ops.count == plan.afterOps {
                restart = nil
                let k = plan.node, node = fixture.nodes[k]
                // What the crashed process had not appended yet is lost with it.
                queue.removeAll { $0.from == k }
                drivers[k] = CeremonyDriver(me: node.id, signingKey: node.signing, encryptionKey: node.encryption)
                for (keyID, seed) in sealedSeeds[k] ?? [] { drivers[k].resume(keyID, seed: seed) }
                states[k] = SessionStateMachine()
                for op in ops {
                    let events = states[k].applyCommitted(op).events
                    let out = drivers[k].handle(events, state: states[k], replaying: true)
                    queue += out.commands.map { (k, $0) }
                    completed[k, default: []] += out.completed
                    for keyID in out.ended { sealedSeeds[k]?.removeAll { $0.keyID == keyID } }
                }
            }
        }
    }
}
