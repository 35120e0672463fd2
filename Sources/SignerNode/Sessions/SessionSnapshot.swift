import DKG
import Membership

/// The snapshot encoding of ``SessionStateMachine`` (version 1): every field, dictionaries in
/// key order, so that two replicas with the same state produce the same bytes — the determinism
/// the replication layer's checkpoints compare.
enum SessionSnapshot {
    static let version: UInt8 = 1
    static let maximumBlob = SessionEntry.maximumPayload

    static func encode(_ s: SessionStateMachine) -> [UInt8] {
        var w = SessionWriter()
        w.u8(version)
        w.bool(s.members != nil)
        if let members = s.members {
            w.u32(UInt32(members.count))
            for m in members { w.string(m.id.rawValue); w.fixed(m.x25519PublicKey); w.fixed(m.ed25519PublicKey) }
        }
        w.u64(s.idempotencyTTLMillis); w.u64(s.clockMillis); w.u64(s.nextRequestID)
        w.u32(UInt32(s.ceremonies.count))
        for k in s.ceremonies.keys.sorted() { writeCeremony(s.ceremonies[k]!, &w) }
        w.u32(UInt32(s.keys.count))
        for k in s.keys.keys.sorted() { writeKey(s.keys[k]!, &w) }
        w.u32(UInt32(s.pending.count))
        for id in s.pending.keys.sorted() { writePending(s.pending[id]!, &w) }
        // Creation order matters (it is expiry order): write the live slots in that order.
        let live = s.idempotency.order.filter { s.idempotency.entries[$0] != nil }
        w.u32(UInt32(live.count))
        for slot in live {
            let e = s.idempotency.entries[slot]!
            w.string(slot.keyID.rawValue); w.string(slot.idempotencyKey); w.fixed(e.requestDigest); w.u64(e.createdAtMillis)
            switch e.state {
            case let .pending(id): w.u8(0); w.u64(id)
            case let .completed(r): w.u8(1); w.u16(r.status); w.blob(r.body)
            }
        }
        s.ecdsa.write(&w)
        return w.bytes
    }

    static func writeSpec(_ k: KeySpec, _ w: inout SessionWriter) {
        w.string(k.keyID.rawValue); w.u8(k.scheme.rawValue); w.u16(UInt16(k.t)); w.u16(UInt16(k.n))
        for m in k.committee { w.string(m.rawValue) }
        w.string(k.label)
    }

    static func writeCeremony(_ c: CeremonyRecord, _ w: inout SessionWriter) {
        writeSpec(c.spec, &w); w.u64(c.phaseMillis); w.fixed(c.ceremonyID)
        switch c.progress {
        case let .running(phase, deadline): w.u8(1); w.u8(phase.rawValue); w.u64(deadline)
        case let .awaitingRegistration(deadline): w.u8(2); w.u64(deadline)
        case .complete: w.u8(3)
        case let .failed(reason): w.u8(4); w.u8(reason.rawValue)
        }
        w.u32(UInt32(c.broadcasts.count))
        for b in c.broadcasts { w.u16(UInt16(b.from)); w.blob(b.bytes) }
        w.u32(UInt32(c.done.count))
        for i in c.done.sorted() { w.u16(UInt16(i)) }
        w.u32(UInt32(c.registrations.count))
        for i in c.registrations.keys.sorted() { w.u16(UInt16(i)); writeOutput(c.registrations[i]!, &w) }
    }

    static func writeOutput(_ o: RegisteredKeyOutput, _ w: inout SessionWriter) {
        w.fixed(o.groupPublicKey); w.u32(UInt32(o.sharePublicKeys.count))
        for k in o.sharePublicKeys { w.fixed(k) }
        w.u64(o.epoch); w.fixed(o.transcriptHash)
    }

    static func writeKey(_ k: KeyRecord, _ w: inout SessionWriter) {
        writeSpec(k.spec, &w); writeOutput(k.output, &w); w.u64(k.registeredAtMillis)
    }

    static func writePending(_ p: PendingSignRequest, _ w: inout SessionWriter) {
        w.u64(p.requestID); w.string(p.keyID.rawValue); w.blob(p.message); w.fixed(p.requestDigest)
        w.bool(p.idempotencyKey != nil)
        if let k = p.idempotencyKey { w.string(k) }
        w.u64(p.createdAtMillis)
    }

    // MARK: Decoding

    static func decode(_ bytes: [UInt8]) throws(SessionDecodingError) -> SessionStateMachine {
        var r = SessionReader(bytes)
        let v = try r.u8("snapshot version")
        guard v == version else { throw .unknownVersion(v) }
        var s = SessionStateMachine()
        if try r.bool("has genesis") {
            var members: [LoggedMember] = []
            let memberCount = try r.count("members", minimumBytesEach: 67)
            for _ in 0..<memberCount {
                let id = try SessionEntry.memberID(&r, "member id")
                members.append(LoggedMember(id: id, x25519PublicKey: try r.take(32, "x25519"), ed25519PublicKey: try r.take(32, "ed25519")))
            }
            s.members = members
        }
        s.idempotencyTTLMillis = try r.u64("ttl"); s.clockMillis = try r.u64("clock"); s.nextRequestID = try r.u64("next request id")
        let ceremonyCount = try r.count("ceremonies", minimumBytesEach: 8)
        for _ in 0..<ceremonyCount {
            let c = try readCeremony(&r)
            guard s.ceremonies[c.keyID] == nil else { throw .invalidField("ceremony repeated") }
            s.ceremonies[c.keyID] = c
            switch c.progress {
            case .running, .awaitingRegistration: s.activeCeremonies.insert(c.keyID)
            case .complete, .failed: break
            }
        }
        let keyCount = try r.count("keys", minimumBytesEach: 8)
        for _ in 0..<keyCount {
            let k = try readKey(&r)
            s.keys[k.keyID] = k
        }
        let pendingCount = try r.count("pending", minimumBytesEach: 8)
        for _ in 0..<pendingCount {
            let p = try readPending(&r)
            guard s.pending[p.requestID] == nil, p.requestID < s.nextRequestID else { throw .invalidField("pending request id") }
            s.pending[p.requestID] = p
            s.pendingOrder.append(p.requestID)  // written in id order
        }
        let slotCount = try r.count("idempotency", minimumBytesEach: 8)
        for _ in 0..<slotCount {
            guard let keyID = KeyID(try r.string("key id")) else { throw .invalidField("key id") }
            let key = try r.string("idempotency key")
            let digest = try r.take(32, "digest"), created = try r.u64("created")
            let slot = IdempotencyTable.Slot(keyID: keyID, idempotencyKey: key)
            guard s.idempotency.entries[slot] == nil else { throw .invalidField("idempotency slot repeated") }
            switch try r.u8("idempotency state") {
            case 0:
                s.idempotency.insert(slot, digest: digest, now: created, requestID: try r.u64("request id"))
            case 1:
                let status = try r.u16("status")
                let body = try r.blob("body", limit: maximumBlob)
                s.idempotency.insert(slot, digest: digest, now: created, requestID: 0)
                s.idempotency.complete(slot, with: StoredResponse(status: status, body: body))
            default: throw .invalidField("idempotency state")
            }
        }
        // The threshold-ECDSA section follows; a snapshot written before it existed ends here.
        if r.remaining > 0 { s.ecdsa = try ECDSAState.read(&r, clockMillis: s.clockMillis) }
        try r.finish()
        return s
    }

    static func readSpec(_ r: inout SessionReader) throws(SessionDecodingError) -> KeySpec {
        let keyID = try SessionEntry.keyID(&r)
        guard let scheme = Scheme(rawValue: try r.u8("scheme")) else { throw .invalidField("scheme") }
        let t = Int(try r.u16("t")), n = Int(try r.u16("n"))
        guard n >= 1, t >= 1, t <= n else { throw .invalidField("t/n") }
        var committee: [MemberID] = []
        for _ in 0..<n { committee.append(try SessionEntry.memberID(&r, "committee member")) }
        return KeySpec(keyID: keyID, scheme: scheme, t: t, n: n, committee: committee, label: try r.string("label"))
    }

    static func readCeremony(_ r: inout SessionReader) throws(SessionDecodingError) -> CeremonyRecord {
        let spec = try readSpec(&r)
        let phaseMillis = try r.u64("phase duration")
        let ceremonyID = try r.take(32, "ceremony id")
        let progress: CeremonyProgress
        switch try r.u8("progress") {
        case 1:
            guard let phase = Phase(rawValue: try r.u8("phase")) else { throw .invalidField("phase") }
            progress = .running(phase: phase, deadlineMillis: try r.u64("deadline"))
        case 2: progress = .awaitingRegistration(deadlineMillis: try r.u64("deadline"))
        case 3: progress = .complete
        case 4:
            guard let reason = CeremonyFailureReason(rawValue: try r.u8("failure")) else { throw .invalidField("failure") }
            progress = .failed(reason)
        default: throw .invalidField("progress")
        }
        var broadcasts: [CeremonyBroadcast] = []
        let broadcastCount = try r.count("broadcasts", minimumBytesEach: 6)
        for _ in 0..<broadcastCount {
            let from = Int(try r.u16("from"))
            guard (1...spec.n).contains(from) else { throw .invalidField("broadcast sender") }
            broadcasts.append(CeremonyBroadcast(from: from, bytes: try r.blob("broadcast", limit: maximumBlob)))
        }
        var done = Set<Int>()
        let doneCount = try r.count("done", minimumBytesEach: 2)
        for _ in 0..<doneCount {
            let i = Int(try r.u16("done"))
            guard (1...spec.n).contains(i), done.insert(i).inserted else { throw .invalidField("done") }
        }
        var registrations: [Int: RegisteredKeyOutput] = [:]
        let registrationCount = try r.count("registrations", minimumBytesEach: 2 + 33 + 4 + 8 + 32)
        for _ in 0..<registrationCount {
            let i = Int(try r.u16("registrant"))
            guard (1...spec.n).contains(i), registrations[i] == nil else { throw .invalidField("registrant") }
            registrations[i] = try readOutput(&r)
        }
        return CeremonyRecord(spec: spec, phaseMillis: phaseMillis, ceremonyID: ceremonyID,
                              progress: progress, broadcasts: broadcasts, done: done, registrations: registrations)
    }

    static func readOutput(_ r: inout SessionReader) throws(SessionDecodingError) -> RegisteredKeyOutput {
        let group = try SessionEntry.groupElement(&r, "group key")
        var shares: [[UInt8]] = []
        let shareKeyCount = try r.count("share keys", minimumBytesEach: group.count)
        for _ in 0..<shareKeyCount { shares.append(try r.take(group.count, "share key")) }
        return RegisteredKeyOutput(groupPublicKey: group, sharePublicKeys: shares, epoch: try r.u64("epoch"),
                                   transcriptHash: try r.take(32, "transcript hash"))
    }

    static func readKey(_ r: inout SessionReader) throws(SessionDecodingError) -> KeyRecord {
        let spec = try readSpec(&r)
        let output = try readOutput(&r)
        return KeyRecord(spec: spec, output: output, registeredAtMillis: try r.u64("registered at"))
    }

    static func readPending(_ r: inout SessionReader) throws(SessionDecodingError) -> PendingSignRequest {
        let id = try r.u64("request id")
        guard let keyID = KeyID(try r.string("key id")) else { throw .invalidField("key id") }
        let message = try r.blob("message", limit: maximumBlob), digest = try r.take(32, "digest")
        let key: String? = try r.bool("has idempotency key") ? r.string("idempotency key") : nil
        return PendingSignRequest(requestID: id, keyID: keyID, message: message, requestDigest: digest, idempotencyKey: key,
                                  createdAtMillis: try r.u64("created at"))
    }
}
