import BLS12381
import HTTPAPI
import Primitives
import SignerNode

/// An in-memory `SignerService`: keys and ceremonies in dictionaries, signatures from a fixed
/// BLS key, idempotency by (key, Idempotency-Key) → (request digest, stored response).
actor FakeSignerService: SignerService {
    var keyViews: [String: KeyView] = [:]
    var ceremonies: [String: CeremonyView] = [:]
    var stored: [String: (digest: [UInt8], response: StoredSignResponse)] = [:]
    var nextRequestID: UInt64 = 1
    var unavailable = false
    var ready = true
    /// When set, `sign` waits forever (to exercise the request timeout).
    var hang = false
    let secretKey = try! BLSSecretKey.keyGen(ikm: Array(repeating: 7, count: 32))
    private(set) var signCalls = 0

    init() {
        let pk = "0x" + secretKey.publicKey.compressed.hexString
        keyViews["ready-key"] = KeyView(keyID: "ready-key", scheme: "bls", t: 1, n: 1, committee: ["node-1"], label: "fake",
                                        groupPublicKey: pk, sharePublicKeys: [pk], epoch: 0,
                                        transcriptHash: "0x" + String(repeating: "00", count: 32))
        ceremonies["ready-key"] = CeremonyView(keyID: "ready-key", scheme: "bls", t: 1, n: 1, committee: ["node-1"], label: "fake",
                                               status: "complete", phase: nil, dealt: ["node-1"], complained: [], finished: ["node-1"])
        ceremonies["pending-key"] = CeremonyView(keyID: "pending-key", scheme: "bls", t: 2, n: 3, committee: ["node-1", "node-2", "node-3"],
                                                 label: "p", status: "running", phase: "dealing", dealt: [], complained: [], finished: [])
    }

    func set(unavailable: Bool? = nil, ready: Bool? = nil, hang: Bool? = nil) {
        if let unavailable { self.unavailable = unavailable }
        if let ready { self.ready = ready }
        if let hang { self.hang = hang }
    }

    func createKey(_ request: CreateKeyRequest) async throws(ServiceError) -> CeremonyView {
        if unavailable { throw .unavailable(detail: "no quorum", retryAfterSeconds: 2) }
        let id = "k-\(ceremonies.count + 1)"
        let view = CeremonyView(keyID: id, scheme: request.scheme, t: request.threshold, n: request.committeeSize,
                                committee: (1...request.committeeSize).map { "node-\($0)" }, label: request.label,
                                status: "running", phase: "dealing", dealt: [], complained: [], finished: [])
        ceremonies[id] = view
        return view
    }

    func ceremony(_ keyID: KeyID) async throws(ServiceError) -> CeremonyView {
        guard let c = ceremonies[keyID.rawValue] else { throw .unknownCeremony }
        return c
    }

    func keys() async throws(ServiceError) -> [KeyView] { keyViews.keys.sorted().map { keyViews[$0]! } }

    func key(_ keyID: KeyID) async throws(ServiceError) -> KeyView {
        guard let k = keyViews[keyID.rawValue] else { throw ceremonies[keyID.rawValue] != nil ? .keyNotReady : .unknownKey }
        return k
    }

    func sign(keyID: KeyID, message: [UInt8], idempotencyKey: String?) async throws(ServiceError) -> StoredSignResponse {
        signCalls += 1
        if hang {
            // Hangs until the API's timeout cancels the request (Task.sleep throws on cancellation).
            do { try await Task.sleep(for: .seconds(3_600)) } catch { throw .internalError("cancelled") }
        }
        if unavailable { throw .unavailable(detail: "2 of 4 members down", retryAfterSeconds: 1) }
        guard keyViews[keyID.rawValue] != nil else { throw ceremonies[keyID.rawValue] != nil ? .keyNotReady : .unknownKey }
        let digest = SHA256.hash(message)
        let slot = idempotencyKey.map { keyID.rawValue + "\u{0}" + $0 }
        if let slot, let s = stored[slot] {
            guard s.digest == digest else { throw .idempotencyConflict }
            return s.response
        }
        let signature = secretKey.sign(message)
        let response = StoredSignResponse(status: 200, body: SignResponseBody.render(keyID: keyID, requestID: nextRequestID,
                                                                                      signature: signature.compressed))
        nextRequestID += 1
        if let slot { stored[slot] = (digest, response) }
        return response
    }

    func cluster() async throws(ServiceError) -> ClusterView {
        ClusterView(name: "fake", members: [.init(id: "node-1", apiAddress: "127.0.0.1:7201", logAddress: "127.0.0.1:7101", lag: 0)],
                    view: 3, primary: 1, commitIndex: 42, op: 43, status: "normal")
    }

    func readiness() async -> Readiness { ready ? .ready : .notReady(reason: "catching up", retryAfterSeconds: 3) }
}
