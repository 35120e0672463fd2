import HTTPAPI
import Membership
import Primitives
import SignerNode

/// The HTTP API's `SignerService` over a live node: every request goes into the session log
/// through the node's log clients (any node accepts any request; the client follows the primary),
/// and the answer is read from this node's own applied state once the log has committed it — so
/// an idempotent replay, a failover or a restart of every node gives the bytes the log stored.
struct NodeSignerService: SignerService {
    let engine: NodeEngine
    let definition: Membership.ClusterDefinition
    /// Longest a request waits for its result (a little under the HTTP request timeout, so the
    /// caller gets a 503 with Retry-After rather than a bare timeout).
    let resultTimeout: Duration
    /// Longest a ceremony phase stays open (log time).
    let phaseMillis: UInt64

    func createKey(_ request: CreateKeyRequest) async throws(ServiceError) -> CeremonyView {
        guard let scheme = Scheme(name: request.scheme) else { throw .invalidRequest("scheme must be \"bls\" or \"ecdsa-secp256k1\"") }
        if scheme == .ecdsaSecp256k1, request.committeeSize < 2 {
            throw .invalidRequest("an ecdsa-secp256k1 key needs committee_size ≥ 2 (CGGMP21 presigning is between ≥ 2 parties)")
        }
        let members = definition.memberIDs
        guard (1...members.count).contains(request.committeeSize) else {
            throw .invalidRequest("committee_size must be 1…\(members.count) (the cluster's members)")
        }
        guard (1...request.committeeSize).contains(request.threshold) else {
            throw .invalidRequest("threshold must be 1…committee_size")
        }
        // A fresh random id: two operators creating keys at once never collide.
        guard let keyID = KeyID("k-" + SecureRandom.bytes(8).hexString),
              let committee = Rendezvous.committee(keyID: keyID.bytes, size: request.committeeSize, members: members)
        else { throw .internalError("key id") }
        let reply = try await submit(.ceremonyStart(keyID: keyID, scheme: scheme, t: request.threshold, n: request.committeeSize,
                                                    committee: committee, label: request.label, phaseMillis: phaseMillis))
        switch reply {
        case .ceremonyStarted: break
        case .rejected(.invalidCommittee): throw .invalidRequest("t, n or the committee do not fit the cluster")
        case let other: throw .internalError("the log refused the ceremony: \(other)")
        }
        guard let view = await engine.wait(timeout: resultTimeout, { e in e.state.ceremonies[keyID].map(CeremonyView.init) }) else {
            throw .unavailable(detail: "the ceremony is committed but not yet applied here", retryAfterSeconds: 1)
        }
        return view
    }

    func ceremony(_ keyID: KeyID) async throws(ServiceError) -> CeremonyView {
        guard let view = await engine.read({ e in e.state.ceremonies[keyID].map(CeremonyView.init) }) ?? nil else {
            throw .unknownCeremony
        }
        return view
    }

    func keys() async throws(ServiceError) -> [KeyView] {
        await engine.read { e in e.state.keys.keys.sorted().map { KeyView(e.state.keys[$0]!) } } ?? []
    }

    func key(_ keyID: KeyID) async throws(ServiceError) -> KeyView {
        let found: (KeyView?, Bool)? = await engine.read { e in
            (e.state.keys[keyID].map(KeyView.init), e.state.ceremonies[keyID] != nil)
        }
        guard let found else { throw .unavailable(detail: "node stopping", retryAfterSeconds: 1) }
        if let view = found.0 { return view }
        throw found.1 ? .keyNotReady : .unknownKey
    }

    func sign(keyID: KeyID, message: [UInt8], idempotencyKey: String?) async throws(ServiceError) -> StoredSignResponse {
        // One budget for getting the request committed and waiting for its result, so that the
        // caller gets this 503 with Retry-After before the HTTP layer's own timeout.
        let deadline = ContinuousClock.now + resultTimeout
        try await checkECDSA(keyID: keyID, message: message, idempotencyKey: idempotencyKey)
        let reply = try await submit(.signRequest(keyID: keyID, message: message, idempotencyKey: idempotencyKey,
                                                  requestDigest: SHA256.hash(message)), timeout: resultTimeout)
        switch reply {
        case let .signReplay(stored): return StoredSignResponse(status: Int(stored.status), body: stored.body)
        case .idempotencyConflict: throw .idempotencyConflict
        case .rejected(.keyNotReady): throw .keyNotReady
        case .rejected(.unknownKey): throw .unknownKey
        case .rejected(.invalidECDSAMessage):
            throw .invalidDigest("message is \(message.count) bytes; an ECDSA key signs a 32-byte digest")
        case let .signPending(requestID):
            let outcome = await engine.wait(timeout: max(.zero, ContinuousClock.now.duration(to: deadline))) { e in
                e.outcome(of: requestID) ?? Self.storedOutcome(e.state, keyID: keyID, idempotencyKey: idempotencyKey)
            }
            switch outcome {
            case let .completed(stored)?: return StoredSignResponse(status: Int(stored.status), body: stored.body)
            case .expired?: throw .unavailable(detail: "the request expired unanswered", retryAfterSeconds: 1)
            case nil:
                throw .unavailable(detail: "fewer than t committee members answered in time; retry with the same Idempotency-Key",
                                   retryAfterSeconds: 1)
            }
        case let other: throw .internalError("unexpected log reply \(other)")
        }
    }

    /// For an ECDSA key: the message must be a 32-byte digest, and a presignature must be ready
    /// (or the request be an idempotent replay): else 503 with Retry-After while the primary
    /// refills the pool, rather than a request that waits in the log (docs/api.md).
    func checkECDSA(keyID: KeyID, message: [UInt8], idempotencyKey: String?) async throws(ServiceError) {
        let status: (auxReady: Bool, available: Int, replay: Bool)? = await engine.read { e in
            guard let key = e.state.keys[keyID], key.scheme == .ecdsaSecp256k1 else { return nil }
            let replay = Self.storedOutcome(e.state, keyID: keyID, idempotencyKey: idempotencyKey) != nil
            let waiting = e.state.pending.values.filter { $0.keyID == keyID && e.state.ecdsa.signings[$0.requestID] == nil }.count
            return (e.state.ecdsa.isAuxReady(keyID), e.state.ecdsa.availablePresignatures(keyID).count - waiting, replay)
        } ?? nil
        guard let status else { return }
        guard message.count == 32 else { throw .invalidDigest("message is \(message.count) bytes; an ECDSA key signs a 32-byte digest") }
        guard !status.replay else { return }
        guard status.auxReady else { throw .unavailable(detail: "the key's aux-info (CGGMP21) is still running", retryAfterSeconds: 2) }
        guard status.available > 0 else {
            throw .unavailable(detail: "no presignature ready; the pool is refilling", retryAfterSeconds: 1)
        }
    }

    /// The idempotency table's stored answer (the request completed while this node was not
    /// watching, e.g. before a restart).
    static func storedOutcome(_ state: SessionStateMachine, keyID: KeyID, idempotencyKey: String?) -> NodeEngine.SignOutcome? {
        guard let idempotencyKey,
              case let .completed(stored)? = state.idempotency.entries[IdempotencyTable.Slot(keyID: keyID, idempotencyKey: idempotencyKey)]?.state
        else { return nil }
        return .completed(stored)
    }

    func cluster() async throws(ServiceError) -> ClusterView {
        let snapshot: (ReplicaProgress?, UInt64)? = await engine.read { e in (e.progress, e.appliedOp) }
        guard let snapshot, let progress = snapshot.0 else { throw .unavailable(detail: "the log is starting", retryAfterSeconds: 1) }
        let members = definition.members.map { m in
            ClusterView.MemberView(id: m.id.rawValue, apiAddress: m.apiAddress.description, logAddress: m.logAddress.description,
                                   lag: m.id == engine.me ? progress.op - min(progress.op, progress.commitNumber) : nil)
        }
        return ClusterView(name: definition.name, members: members, view: progress.view, primary: progress.primaryIndex + 1,
                           commitIndex: progress.commitNumber, op: progress.op, status: Self.statusName(progress))
    }

    /// The replica status as `GET /v1/cluster` spells it (docs/openapi.yaml, `Cluster.status`).
    static func statusName(_ progress: ReplicaProgress) -> String {
        switch progress.status {
        case .normal: "normal"
        case .viewChange: "view-change"
        case .recovering: "recovering"
        }
    }

    func readiness() async -> Readiness {
        let status: String? = await engine.read { e in
            guard let p = e.progress else { return "the log is starting" }
            guard p.status == .normal else { return "the log is in a view change or recovering" }
            guard e.appliedOp == p.commitNumber else { return "catching up" }
            guard e.state.members != nil else { return "waiting for the cluster's genesis entry" }
            return nil
        } ?? "stopping"
        if let status { return .notReady(reason: status, retryAfterSeconds: 1) }
        return .ready
    }

    private func submit(_ command: SessionCommand, timeout: Duration? = nil) async throws(ServiceError) -> SessionReply {
        do { return try await engine.submit(command, timeout: timeout ?? resultTimeout) } catch {
            throw .unavailable(detail: "the session log did not commit the request (no primary reachable)", retryAfterSeconds: 1)
        }
    }
}
