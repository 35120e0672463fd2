import Foundation
import HTTPAPI
import Membership
import Primitives
import SignerNode

/// A whole cluster in one process behind the real `SignerService` seam: N `NodeRuntime`s apply
/// one shared, totally ordered op list (a stand-in for the replicated log: every op is
/// "committed" at once), partials go straight to the primary's coordinator. Lets the HTTP API be
/// tested end to end over the real state machine, ceremony and threshold signing.
actor InProcessCluster: SignerService {
    struct Node {
        let id: MemberID
        let signing: Ed25519.SigningKey
        let encryption: X25519.KeyPair
        var runtime: NodeRuntime
        var up = true
    }

    private var nodes: [Node]
    private var clock: UInt64 = 1
    private(set) var ops: [[UInt8]] = []
    let primary = 0
    private var nextKey = 1

    init(size: Int, ttlMillis: UInt64 = 86_400_000) {
        nodes = (1...size).map { k in
            let id = try! MemberID("node-\(k)")
            let signing = Ed25519.SigningKey.generate(), encryption = X25519.KeyPair.generate()
            return Node(id: id, signing: signing, encryption: encryption,
                        runtime: NodeRuntime(me: id, signingKey: signing, encryptionKey: encryption))
        }
        let members = nodes.map { LoggedMember(id: $0.id, x25519PublicKey: $0.encryption.publicKey, ed25519PublicKey: $0.signing.publicKey) }
        _ = Self.commit(.genesis(members: members, idempotencyTTLMillis: ttlMillis), nodes: &nodes, clock: &clock, ops: &ops, primary: primary)
    }

    func setUp(_ k: Int, _ up: Bool) { nodes[k].up = up }

    /// Appends `command` and everything it causes until the log is quiet; returns the first
    /// op's reply as the primary applied it.
    private func submit(_ command: SessionCommand) -> SessionReply {
        Self.commit(command, nodes: &nodes, clock: &clock, ops: &ops, primary: primary)
    }

    private static func commit(_ command: SessionCommand, nodes: inout [Node], clock: inout UInt64, ops: inout [[UInt8]],
                               primary: Int) -> SessionReply {
        var queue = [command]
        var first: SessionReply?
        while !queue.isEmpty {
            clock += 1
            let op = SessionEntry(timestampMillis: clock, command: queue.removeFirst()).encoded()
            ops.append(op)
            var partials: [(MemberID, PartialMessage)] = []
            for k in nodes.indices {
                // A node that is down still applies the log when it comes back (state transfer);
                // here it applies but says nothing, which is what the others observe.
                let actions = nodes[k].runtime.apply(op)
                if k == primary, first == nil { first = actions.reply }
                guard nodes[k].up else { continue }
                queue += actions.append
                partials += actions.computePartials().map { (nodes[k].id, $0) }
            }
            for (sender, partial) in partials {
                if case let .signed(result, _, _) = try? nodes[primary].runtime.receiveInline(partial, from: sender) { queue.append(result) }
            }
        }
        return first!
    }

    // MARK: SignerService

    func createKey(_ request: CreateKeyRequest) async throws(ServiceError) -> CeremonyView {
        let keyID = KeyID("key-\(nextKey)")!
        nextKey += 1
        guard let members = nodes[primary].runtime.state.members,
              let committee = Rendezvous.committee(keyID: keyID.bytes, size: request.committeeSize, members: members.map(\.id))
        else { throw .invalidRequest("committee size larger than the cluster") }
        let reply = submit(.ceremonyStart(keyID: keyID, scheme: .bls, t: request.threshold, n: request.committeeSize,
                                          committee: committee, label: request.label, phaseMillis: 1_000))
        guard case .ceremonyStarted = reply else { throw .invalidRequest("\(reply)") }
        return try await ceremony(keyID)
    }

    func ceremony(_ keyID: KeyID) async throws(ServiceError) -> CeremonyView {
        guard let record = nodes[primary].runtime.state.ceremonies[keyID] else { throw .unknownCeremony }
        return CeremonyView(record)
    }

    func keys() async throws(ServiceError) -> [KeyView] {
        let state = nodes[primary].runtime.state
        return state.keys.keys.sorted().map { KeyView(state.keys[$0]!) }
    }

    func key(_ keyID: KeyID) async throws(ServiceError) -> KeyView {
        let state = nodes[primary].runtime.state
        guard let record = state.keys[keyID] else { throw state.ceremonies[keyID] != nil ? .keyNotReady : .unknownKey }
        return KeyView(record)
    }

    func sign(keyID: KeyID, message: [UInt8], idempotencyKey: String?) async throws(ServiceError) -> StoredSignResponse {
        let reply = submit(.signRequest(keyID: keyID, message: message, idempotencyKey: idempotencyKey,
                                        requestDigest: SHA256.hash(message)))
        switch reply {
        case let .signReplay(r): return StoredSignResponse(status: Int(r.status), body: r.body)
        case .idempotencyConflict: throw .idempotencyConflict
        case let .signPending(requestID):
            // Everything ran synchronously: the result, if t members were up, is in the log now.
            for op in ops.reversed() {
                guard let e = try? SessionEntry.decode(op), case let .signResult(id, _, response) = e.command, id == requestID else { continue }
                return StoredSignResponse(status: Int(response.status), body: response.body)
            }
            throw .unavailable(detail: "fewer than t committee members answered", retryAfterSeconds: 1)
        case .rejected(.keyNotReady): throw .keyNotReady
        case .rejected(.unknownKey): throw .unknownKey
        default: throw .internalError("\(reply)")
        }
    }

    func cluster() async throws(ServiceError) -> ClusterView {
        ClusterView(name: "in-process",
                    members: nodes.map { .init(id: $0.id.rawValue, apiAddress: "-", logAddress: "-", lag: 0) },
                    view: 0, primary: primary + 1, commitIndex: UInt64(ops.count))
    }

    func readiness() async -> Readiness { .ready }

    /// Every node's snapshot (replicas must agree).
    func snapshots() -> [[UInt8]] { nodes.map { $0.runtime.state.snapshot() } }
}
