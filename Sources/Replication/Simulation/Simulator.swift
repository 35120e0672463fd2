/// A deterministic simulator of a VSR cluster in the style of TigerBeetle's VOPR.
///
/// One step is one tick of simulated time: faults are injected, due packets are delivered (in a
/// random order), due disk writes complete, every replica ticks and clients act. The network
/// drops, duplicates, delays and reorders packets and can be partitioned (symmetrically or in
/// one direction only); replicas crash and restart with their disk intact (un-fsync'd writes
/// are lost, a random prefix surviving — a torn tail) or with their disk lost (they recover by
/// §4.3). After every output the safety invariants are checked:
///
/// - replicas agree on the committed prefix (same checksum at every committed op, ever);
/// - an op is committed only once a quorum has made it durable;
/// - no request is applied twice by any state machine;
/// - at most one replica commits as primary in a view.
///
/// After the safety phase, the liveness phase heals the network, restarts every replica and
/// requires every outstanding request to complete and all replicas to converge within a bound.
/// Finally the client-visible history must be linearizable.
public struct Simulator {
    enum Endpoint: Equatable { case replica(Int), client(UInt64) }

    enum Payload {
        case message(Message)
        case request(Request)
        case reply(Reply)
    }

    struct Packet {
        var deliverAt: Int
        var from: Endpoint
        var to: Endpoint
        var payload: Payload
    }

    struct Disk {
        var durable: DurableState
        var pending: [(writeId: UInt64, entries: [Entry], completeAt: Int)] = []
    }

    struct Node {
        var replica: Replica<AppendLog>?
        var disk: Disk
        var restartAt = 0
        var pausedUntil = 0
        /// Shut down by reconfiguration (§7): never restarted.
        var retired = false
    }

    /// A configuration epoch as first made durable by any replica.
    struct Epoch: Equatable {
        var members: [Int]
        var startOp: UInt64
    }

    struct Client {
        var session: ClientSession
        var history: Int? // Index in `history` of the outstanding request.
    }

    struct DurableKey: Hashable {
        var op: UInt64
        var checksum: Checksum
    }

    /// The options of this run.
    public let options: SimulationOptions
    let configuration: Configuration
    var rng: SplitMix64
    var now = 0
    var nodes: [Node] = []
    var packets: [Packet] = []
    var blocked: Set<[Int]> = []
    var clients: [Client] = []
    var history: [AppendOperation] = []
    var committed: [UInt64: Checksum] = [:]
    var everDurable: [DurableKey: Set<Int>] = [:]
    var primaryCommitter: [String: Int] = [:]
    var epochs: [UInt64: Epoch] = [:]
    /// The administrator's session submitting reconfigurations, and the steps it does so at.
    var admin: ClientSession?
    var adminPlan: [Int] = []
    /// The configuration of the reconfiguration in flight (crashes respect its bound too).
    var pendingTarget: [Int]?
    var liveness = false
    var result: SimulationResult
    let log: ((String) -> Void)?

    /// A simulator for `options`; `log`, if given, receives one line per event (verbose replay).
    public init(options: SimulationOptions, log: ((String) -> Void)? = nil) {
        self.options = options
        let slots = options.reconfigurations > 0 ? 5 : options.replicaCount
        let initialMembers = Array(0..<options.replicaCount)
        var configuration = Configuration(slots: slots, initialMembers: initialMembers)
        configuration.allowsReconfiguration = true
        configuration.testOnlyCommitWithoutQuorum = options.brokenPrimary
        configuration.testOnlySkipViewPersistence = options.brokenViewPersistence
        configuration.testOnlyTruncateCorruptEntries = options.brokenRepair
        configuration.checkpointInterval = options.checkpointInterval
        configuration.pipelineDepth = options.pipelineDepth
        configuration.maxBatch = options.maxBatch
        configuration.commitEagerly = options.commitEagerly
        self.configuration = configuration
        self.rng = SplitMix64(seed: options.seed)
        self.log = log
        self.result = SimulationResult(seed: options.seed)
        let initial = DurableState.initial(emptySnapshot: AppendLog().snapshot())
        for i in 0..<slots {
            let replica = initialMembers.contains(i) ? Replica<AppendLog>(configuration: configuration, index: i, seed: options.seed)
                : Replica<AppendLog>.joining(configuration: configuration, index: i, seed: options.seed)
            nodes.append(Node(replica: replica, disk: Disk(durable: initial)))
        }
        epochs[0] = Epoch(members: initialMembers, startOp: 0)
        if options.reconfigurations > 0 {
            admin = ClientSession(clientId: Reconfiguration.clientId, replicaCount: slots, retryTicks: options.clientRetryTicks)
            for _ in 0..<options.reconfigurations {
                adminPlan.append(100 + rng.below(max(1, options.safetySteps * 6 / 10)))
            }
            adminPlan.sort()
        }
        for c in 0..<options.clientCount {
            clients.append(Client(session: ClientSession(clientId: UInt64(c + 1), replicaCount: slots,
                                                         retryTicks: options.clientRetryTicks)))
        }
    }

    /// Runs the safety phase, the liveness phase and the final checks.
    public mutating func run() -> SimulationResult {
        trace("seed \(options.seed): \(options.replicaCount) replicas; \(options.profile)")
        while now < options.safetySteps && result.violation == nil { step() }
        if result.violation == nil { startLiveness() }
        let livenessStart = now
        let deadline = now + options.livenessSteps
        while result.violation == nil && !converged() {
            if now >= deadline {
                fail("liveness: not converged \(options.livenessSteps) steps after faults stopped: \(describe())")
                break
            }
            step()
        }
        result.convergenceSteps = now - livenessStart
        if result.violation == nil {
            let answered = history.filter { $0.returnedAt != nil }.count
            result.completedRequests = answered
            if let values = nodes[newestEpoch.members[0]].replica?.stateMachine.values {
                var digests: [UInt64] = [AppendLog.emptyDigest]
                for v in values { digests.append(AppendLog.fold(digests.last!, v)) }
                for op in history where op.returnedAt != nil {
                    let p = Int(op.position)
                    if p < 1 || p > values.count || values[p - 1] != op.value || digests[p] != op.digest {
                        fail("client history: value \(op.value) answered position \(op.position), not in the final log there")
                    }
                }
            }
            if result.violation == nil && !Linearizability.check(history) {
                fail("linearizability: the client-visible history of \(history.count) ops is not linearizable")
            }
        }
        result.steps = now
        result.committedOps = committed.keys.max() ?? 0
        trace(result.violation.map { "FAILED: \($0)" } ?? "passed: \(result.committedOps) ops committed")
        return result
    }

    // MARK: - Steps

    mutating func step() {
        now += 1
        if !liveness { injectFaults() }
        restartDue()
        deliverDue()
        completeWrites()
        for i in nodes.indices where nodes[i].replica != nil && nodes[i].pausedUntil <= now && result.violation == nil {
            let outputs = nodes[i].replica!.handle(.tick)
            process(outputs, from: i)
        }
        clientsAct()
        adminActs()
        checkReplicas()
    }

    mutating func injectFaults() {
        if rng.chance(options.crashChance) {
            let up = nodes.indices.filter { nodes[$0].replica != nil && mayCrash($0) }
            if !up.isEmpty {
                crash(up[rng.below(up.count)])
            }
        }
        if rng.chance(options.pauseChance) {
            let running = nodes.indices.filter { nodes[$0].replica != nil && nodes[$0].pausedUntil <= now }
            if !running.isEmpty {
                let i = running[rng.below(running.count)]
                nodes[i].pausedUntil = now + 10 + rng.below(150)
                trace("pause r\(i) until step \(nodes[i].pausedUntil)")
            }
        }
        if rng.chance(options.partitionChance) {
            if blocked.isEmpty { partition() } else { blocked = []; trace("network healed") }
        }
    }

    /// Whether replica `i` may crash now: in the newest configuration and the one before it,
    /// the members that are down, recovering their lost state, repairing a corrupt entry or (in
    /// the newest) not yet holding its state — none of which may vote — stay at most f.
    func mayCrash(_ i: Int) -> Bool {
        let newest = newestEpochNumber
        var groups: [(members: [Int], epoch: UInt64)] = []
        for e in Set([newest, newest > 0 ? newest - 1 : 0]) { if let epoch = epochs[e] { groups.append((epoch.members, e)) } }
        if let target = pendingTarget { groups.append((target, newest + 1)) }
        for (members, e) in groups {
            var faulty = faultyMembers(of: members, epoch: e)
            if members.contains(i) { faulty.insert(i) }
            if faulty.count > (members.count - 1) / 2 { return false }
        }
        return true
    }

    /// The members of `members` (a configuration of epoch `e`) that could not vote in it now.
    func faultyMembers(of members: [Int], epoch e: UInt64) -> Set<Int> {
        let newest = newestEpochNumber
        return Set(members.filter { m in
            guard let r = nodes[m].replica else { return true }
            if r.status == .recovering || r.isRepairing || r.awaitingEpochState { return true }
            if e > newest { return r.epoch != newest || !r.isMember } // Only running members count.
            return e == newest && r.epoch < newest
        })
    }

    func faultyCount(of members: [Int], epoch e: UInt64) -> Int { faultyMembers(of: members, epoch: e).count }

    /// The newest epoch any replica made durable, and its configuration.
    var newestEpochNumber: UInt64 { epochs.keys.max() ?? 0 }
    var newestEpoch: Epoch { epochs[newestEpochNumber]! }

    mutating func partition() {
        let n = options.replicaCount
        if rng.chance(0.5) {
            var side = Set<Int>()
            for i in 0..<n where rng.chance(0.5) { side.insert(i) }
            for a in 0..<n { for b in 0..<n where a != b && side.contains(a) != side.contains(b) { blocked.insert([a, b]) } }
            trace("partition: \(side.sorted()) | \(Set(0..<n).subtracting(side).sorted())")
        } else {
            for a in 0..<n { for b in 0..<n where a != b && rng.chance(0.25) { blocked.insert([a, b]) } }
            trace("asymmetric partition: blocked \(blocked.sorted { $0.lexicographicallyPrecedes($1) }.map { "\($0[0])->\($0[1])" })")
        }
    }

    mutating func crash(_ i: Int) {
        var disk = nodes[i].disk
        let survive = rng.below(disk.pending.count + 1) // A random prefix of unsynced writes survives.
        for write in disk.pending.prefix(survive) { persist(write.entries, on: &disk, replica: i) }
        disk.pending = []
        nodes[i].disk = disk
        nodes[i].replica = nil
        nodes[i].restartAt = now + 20 + rng.below(200)
        result.crashes += 1
        trace("crash r\(i) (\(survive) unsynced writes survived)")
    }

    mutating func restartDue() {
        for i in nodes.indices where nodes[i].retired && newestEpoch.members.contains(i) {
            // Named again after it was shut down: a fresh disk, formatted for recovery, since
            // this id may have made promises in an earlier epoch (VRR §4.3).
            nodes[i].retired = false
            nodes[i].disk = Disk(durable: .formattedForRecovery(emptySnapshot: AppendLog().snapshot()))
            let (replica, out) = Replica<AppendLog>.recovering(configuration: configuration, index: i,
                                                               seed: rng.next(), nonce: rng.next())
            nodes[i].replica = replica
            trace("r\(i) rejoins in epoch \(newestEpochNumber) with a new disk: recovering")
            process(out, from: i)
        }
        for i in nodes.indices where nodes[i].replica == nil && !nodes[i].retired && (nodes[i].restartAt <= now || liveness) {
            let disk = nodes[i].disk.durable
            if disk.epoch > 0, let members = disk.members, !members.contains(i) {
                // Its own disk says it was removed: the operator does not start it again.
                nodes[i].retired = true
                trace("r\(i) stays down: its disk says it is not in epoch \(disk.epoch)")
                continue
            }
            let seed = rng.next()
            let outputs: [Output]
            var diskLost = !liveness && rng.chance(options.diskLossChance)
            let stillRecovering = nodes[i].disk.durable.isRecovering
            var started: (Replica<AppendLog>, [Output])?
            if !diskLost && !stillRecovering {
                var corrupted: UInt64?
                if !liveness && rng.chance(options.corruptionChance) {
                    // A latent sector error: one bit of one entry flips while the replica is down.
                    let journal = nodes[i].disk.durable.journal
                    if journal.op > journal.checkpoint.op {
                        let op = journal.checkpoint.op + 1 + UInt64(rng.below(Int(journal.op - journal.checkpoint.op)))
                        nodes[i].disk.durable.journal = journal.corrupting(op: op)
                        // Flipping the same bit of a still-unrepaired entry twice restores it.
                        if nodes[i].disk.durable.journal.entry(at: op)?.isIntact == false { corrupted = op }
                        result.corruptions += 1
                    }
                }
                let disk = nodes[i].disk.durable
                if disk.lastNormalView == disk.view,
                   let newest = disk.journal.entries(after: disk.epochStartOp).map(\.view).max(), newest > disk.view {
                    fail("durability: r\(i)'s disk says normal in view \(disk.view) but holds entries of view \(newest)")
                    return
                }
                do {
                    started = try Replica<AppendLog>.restarting(configuration: configuration, index: i, seed: seed, from: disk)
                } catch {
                    // Only a corrupt entry with no intact successor to vouch for its checksum (the
                    // last one, or a run) may be refused; the host then recovers (VRR §4.3).
                    guard case let .corruptJournal(op) = error, let bad = disk.journal.entry(at: op), !bad.isIntact,
                          op == disk.journal.op || disk.journal.entry(at: op + 1)?.isIntact == false else {
                        fail("r\(i) refused its disk with \(error)")
                        return
                    }
                    trace("r\(i) refused its log: corrupt entry at op \(op) without an intact successor; wiping the disk")
                    diskLost = true
                }
                if let (replica, _) = started, let op = corrupted, !replica.faultyOps.contains(op), !options.brokenRepair {
                    fail("r\(i) restarted from a log with a corrupt entry at op \(op) without noticing it")
                    return
                }
            }
            if stillRecovering && !diskLost {
                // A recovery that a crash interrupted: the disk says so, and the replica refuses it.
                do {
                    _ = try Replica<AppendLog>.restarting(configuration: configuration, index: i, seed: seed,
                                                          from: nodes[i].disk.durable)
                    fail("r\(i) started normally from a disk marked as recovering")
                    return
                } catch {
                    guard error == .recoveryIncomplete else { fail("r\(i) refused a recovering disk with \(error)"); return }
                }
                let (replica, out) = Replica<AppendLog>.recovering(configuration: configuration, index: i,
                                                                   seed: seed, nonce: rng.next())
                nodes[i].replica = replica
                outputs = out
                trace("restart r\(i): its recovery was interrupted, recovering again")
            } else if diskLost {
                nodes[i].disk = Disk(durable: .formattedForRecovery(emptySnapshot: AppendLog().snapshot()))
                let (replica, out) = Replica<AppendLog>.recovering(configuration: configuration, index: i,
                                                                   seed: seed, nonce: rng.next())
                nodes[i].replica = replica
                outputs = out
                result.diskLosses += 1
                trace("restart r\(i) with its disk lost: recovering")
            } else if let (replica, out) = started {
                nodes[i].replica = replica
                outputs = out
                if replica.isRepairing { result.repairs += 1 }
                trace("restart r\(i) from its disk: view \(replica.view) op \(replica.journal.op)"
                      + (replica.isRepairing ? ", repairing corrupt op(s) \(replica.faultyOps.sorted())" : ""))
            } else {
                preconditionFailure("simulator: a restart that neither started nor lost its disk")
            }
            process(outputs, from: i)
        }
    }

    mutating func deliverDue() {
        var due: [Packet] = []
        var rest: [Packet] = []
        for var packet in packets {
            if case let .replica(to) = packet.to, nodes[to].pausedUntil > now {
                packet.deliverAt = max(packet.deliverAt, nodes[to].pausedUntil) // Held until it resumes.
            }
            if packet.deliverAt <= now { due.append(packet) } else { rest.append(packet) }
        }
        packets = rest
        due.shuffle(using: &rng)
        for packet in due where result.violation == nil {
            if !liveness && rng.chance(options.dropChance) { continue }
            switch (packet.from, packet.to, packet.payload) {
            case let (.replica(a), .replica(b), .message(sent)):
                guard !blocked.contains([a, b]), nodes[b].replica != nil else { continue }
                guard let message = overTheWire(sent, from: a, to: b) else { continue }
                result.delivered += 1
                traceMessage(message, from: a, to: b)
                let outputs = nodes[b].replica!.handle(.message(message, from: a))
                process(outputs, from: b)
            case let (.client, .replica(b), .request(request)):
                guard nodes[b].replica != nil else { continue }
                result.delivered += 1
                let outputs = nodes[b].replica!.handle(.request(request))
                process(outputs, from: b)
            case let (.replica, .client(c), .reply(reply)):
                result.delivered += 1
                if c == Reconfiguration.clientId {
                    adminReceived(reply)
                } else {
                    clientReceived(reply, client: Int(c - 1))
                }
            default:
                preconditionFailure("simulator: misrouted packet")
            }
        }
    }

    /// With `throughCodec`, a message travels as a frame: encoded, perhaps hit by a bit flip,
    /// decoded. A flipped frame must be refused (then it is lost); an intact one must decode to
    /// the message that was sent.
    mutating func overTheWire(_ message: Message, from a: Int, to b: Int) -> Message? {
        guard options.throughCodec else { return message }
        var frame = message.encode()
        let flipped = rng.chance(options.bitFlipChance)
        if flipped {
            let bit = rng.below(frame.count * 8)
            frame[bit / 8] ^= 1 << UInt8(bit % 8)
        }
        do {
            let decoded = try Message.decode(frame)
            if flipped {
                fail("codec: a frame with a flipped bit was accepted (\(message.name) r\(a) -> r\(b))")
                return nil
            }
            if decoded != message {
                fail("codec: \(message.name) r\(a) -> r\(b) decoded to a different message")
                return nil
            }
            return decoded
        } catch {
            if !flipped { fail("codec: an intact \(message.name) frame was refused: \(error)") }
            trace("r\(a) -> r\(b) \(message.name) frame corrupted on the wire, refused: \(error)")
            return nil
        }
    }

    mutating func completeWrites() {
        for i in nodes.indices where nodes[i].replica != nil && nodes[i].pausedUntil <= now {
            while let write = nodes[i].disk.pending.first, write.completeAt <= now, result.violation == nil {
                var disk = nodes[i].disk
                disk.pending.removeFirst()
                persist(write.entries, on: &disk, replica: i)
                nodes[i].disk = disk
                let outputs = nodes[i].replica!.handle(.appendCompleted(writeId: write.writeId))
                process(outputs, from: i)
            }
        }
    }

    // MARK: - Outputs

    mutating func process(_ outputs: [Output], from i: Int) {
        for output in outputs where result.violation == nil {
            if nodes[i].replica == nil { return } // Crashed part-way through its outputs.
            switch output {
            case let .send(message, to):
                checkDurableBeforeSend(message, replica: i)
                enqueue(Packet(deliverAt: 0, from: .replica(i), to: .replica(to), payload: .message(message)))
            case let .reply(reply):
                enqueue(Packet(deliverAt: 0, from: .replica(i), to: .client(reply.clientId), payload: .reply(reply)))
            case let .append(writeId, entries):
                nodes[i].disk.pending.append((writeId, entries, now + 1 + rng.below(3)))
            case let .persistViewState(view, lastNormalView):
                flush(i)
                if view < nodes[i].disk.durable.view { fail("r\(i) persisted view \(view) below its durable view \(nodes[i].disk.durable.view)") }
                nodes[i].disk.durable.view = view
                nodes[i].disk.durable.lastNormalView = lastNormalView
                nodes[i].disk.durable.isRecovering = false
                result.maxView = max(result.maxView, view)
                trace("r\(i) durable view \(view) (last normal \(lastNormalView))")
                maybeCrashBetweenWrites(i)
            case let .persistJournal(journal):
                flush(i)
                nodes[i].disk.durable.journal = journal
                for entry in journal.entries { everDurable[DurableKey(op: entry.op, checksum: entry.checksum), default: []].insert(i) }
                maybeCrashBetweenWrites(i)
            case let .persistCheckpoint(checkpoint):
                flush(i)
                guard nodes[i].disk.durable.journal.checksum(at: checkpoint.op) == checkpoint.checksum else {
                    fail("r\(i) checkpoint at op \(checkpoint.op) is not on its durable log")
                    return
                }
                nodes[i].disk.durable.journal.install(checkpoint)
                trace("r\(i) checkpoint at op \(checkpoint.op)")
                maybeCrashBetweenWrites(i)
            case let .committed(entry, reply, applied, asPrimaryOf):
                checkCommitted(entry, reply: reply, applied: applied, asPrimaryOf: asPrimaryOf, replica: i)
            case let .persistEpoch(epoch, members, startOp):
                flush(i)
                let record = Epoch(members: members, startOp: startOp)
                if let known = epochs[epoch], known != record {
                    fail("reconfiguration: r\(i) entered epoch \(epoch) as \(record), others as \(known)")
                    return
                }
                if epochs[epoch] == nil {
                    guard committed[startOp] != nil else {
                        fail("reconfiguration: r\(i) entered epoch \(epoch) at op \(startOp), which is not committed")
                        return
                    }
                    epochs[epoch] = record
                    result.epochs = max(result.epochs, epoch)
                    trace("epoch \(epoch) starts after op \(startOp): members \(members)")
                }
                if epoch < nodes[i].disk.durable.epoch { fail("r\(i) persisted epoch \(epoch) below its durable epoch") }
                nodes[i].disk.durable.epoch = epoch
                nodes[i].disk.durable.members = members
                nodes[i].disk.durable.epochStartOp = startOp
                nodes[i].disk.durable.view = 0
                nodes[i].disk.durable.lastNormalView = 0
                nodes[i].disk.durable.isRecovering = true
                trace("r\(i) durable epoch \(epoch)")
                maybeCrashBetweenWrites(i)
            case let .shutDown(epoch):
                guard !(epochs[epoch]?.members.contains(i) ?? true) else {
                    fail("reconfiguration: r\(i) shut down although a member of epoch \(epoch)")
                    return
                }
                nodes[i].replica = nil
                nodes[i].retired = true
                trace("r\(i) shut down: not in epoch \(epoch)")
                return
            }
        }
    }

    /// The process may die between two synchronous writes of one input's outputs: the later
    /// outputs never happen. This is what makes the order of durable writes matter.
    mutating func maybeCrashBetweenWrites(_ i: Int) {
        guard !liveness, rng.chance(options.crashChance * 10), mayCrash(i) else { return }
        trace("r\(i) crashes between two writes")
        crash(i)
    }

    mutating func enqueue(_ packet: Packet) {
        var packet = packet
        packet.deliverAt = now + 1 + rng.below(options.maxDelay)
        packets.append(packet)
        if rng.chance(options.duplicateChance) {
            packet.deliverAt = now + 1 + rng.below(options.maxDelay)
            packets.append(packet)
        }
    }

    mutating func flush(_ i: Int) {
        var disk = nodes[i].disk
        for write in disk.pending { persist(write.entries, on: &disk, replica: i) }
        disk.pending = []
        nodes[i].disk = disk
    }

    mutating func persist(_ entries: [Entry], on disk: inout Disk, replica i: Int) {
        for entry in entries {
            let journal = disk.durable.journal
            guard entry.op == journal.op + 1, entry.parent == journal.checksum(at: journal.op) else {
                fail("r\(i) wrote op \(entry.op) that does not extend its durable log (op \(journal.op))")
                return
            }
            disk.durable.journal.append(entry)
            everDurable[DurableKey(op: entry.op, checksum: entry.checksum), default: []].insert(i)
        }
    }

    // MARK: - Invariants

    mutating func checkCommitted(_ entry: Entry, reply: [UInt8], applied: Bool, asPrimaryOf: UInt64?, replica i: Int) {
        if let known = committed[entry.op] {
            if known != entry.checksum {
                fail("agreement: r\(i) committed op \(entry.op) as \(entry.checksum), others as \(known)")
                return
            }
        } else {
            // The quorum is that of the epoch the op belongs to (the last one started before it).
            let epoch = epochOf(op: entry.op)
            let members = epochs[epoch]!.members
            let quorum = members.count / 2 + 1
            let holders = everDurable[DurableKey(op: entry.op, checksum: entry.checksum)]?.filter(members.contains).count ?? 0
            if holders < quorum {
                fail("durability: op \(entry.op) committed by r\(i) while durable on \(holders) member(s) of epoch \(epoch), quorum is \(quorum)")
                return
            }
            committed[entry.op] = entry.checksum
            trace("op \(entry.op) committed (client \(entry.clientId) request \(entry.requestNumber)) by r\(i)")
        }
        if let view = asPrimaryOf {
            let key = "\(epochOf(op: entry.op)).\(view)"
            if let other = primaryCommitter[key], other != i {
                fail("primary: r\(i) and r\(other) both committed as primary in view \(view) of epoch \(epochOf(op: entry.op))")
                return
            }
            primaryCommitter[key] = i
        }
        if nodes[i].replica!.stateMachine.duplicateApplied {
            fail("at-most-once: r\(i) applied client \(entry.clientId) request \(entry.requestNumber) twice")
        }
    }

    /// The epoch op `op` belongs to: the latest one that started before it.
    func epochOf(op: UInt64) -> UInt64 {
        epochs.filter { $0.value.startOp < op }.max { $0.key < $1.key }?.key ?? 0
    }

    /// The durability contract, checked at the moment a message leaves: a replica speaks in a
    /// view only once that view is on its disk, and acknowledges only ops on its disk.
    mutating func checkDurableBeforeSend(_ envelope: Message, replica i: Int) {
        let disk = nodes[i].disk.durable
        let (epoch, message) = envelope.unwrapped
        switch message {
        case .getState, .getEpochState, .recovery, .startEpoch, .epochStarted, .requestPrepare, .repairPrepare:
            return // GetState names the view it asks about; the others belong to no view.
        default:
            break
        }
        if epoch != disk.epoch {
            fail("durability: r\(i) sent \(message.name) in epoch \(epoch) with epoch \(disk.epoch) on its disk")
            return
        }
        switch message {
        case let .prepareOk(_, op) where disk.journal.op < op:
            fail("durability: r\(i) acknowledged op \(op) with only op \(disk.journal.op) on its disk")
        default:
            if message.view > disk.view {
                fail("durability: r\(i) sent \(message.name) in view \(message.view) with view \(disk.view) on its disk")
            }
        }
    }

    /// Every replica's applied prefix is the committed prefix: its checksum at its commit number
    /// (which covers the whole prefix, by the hash chain) is the committed one.
    mutating func checkReplicas() {
        for (i, node) in nodes.enumerated() {
            guard let replica = node.replica, replica.status != .recovering, replica.commitNumber > 0 else { continue }
            guard let expected = committed[replica.commitNumber] else {
                fail("r\(i) applied op \(replica.commitNumber) that no replica reported committed")
                return
            }
            if replica.journal.checksum(at: replica.commitNumber) != expected {
                fail("agreement: r\(i)'s log at its commit number \(replica.commitNumber) is not the committed one")
                return
            }
        }
    }

    // MARK: - Clients

    mutating func clientsAct() {
        for c in clients.indices where result.violation == nil {
            var actions = clients[c].session.tick()
            if clients[c].session.outstanding == nil && !liveness && rng.chance(options.submitChance) {
                let id = clients[c].session.clientId
                let value = (id << 32) | clients[c].session.nextRequestNumber
                history.append(AppendOperation(clientId: id, value: value, invokedAt: now))
                clients[c].history = history.count - 1
                actions += clients[c].session.submit(AppendLog.operation(value))
            }
            for case let .send(request, to) in actions {
                enqueue(Packet(deliverAt: 0, from: .client(request.clientId), to: .replica(to), payload: .request(request)))
            }
        }
    }

    /// The administrator submits each planned reconfiguration (one at a time): a new
    /// configuration of 3 or 5 of the replica ids, different from the newest one.
    mutating func adminActs() {
        guard var session = admin else { return }
        var actions = session.tick()
        if let target = pendingTarget, newestEpoch.members == target { pendingTarget = nil } // It started.
        if session.outstanding == nil && pendingTarget == nil && !liveness, let due = adminPlan.first, due <= now {
            adminPlan.removeFirst()
            let slots = nodes.count
            // An operator reconfigures into a group of which at most f' are failed.
            var target: [Int]
            var attempts = 0
            repeat {
                let size = slots < 5 ? 3 : [3, 5][rng.below(2)]
                var ids = Array(0..<slots)
                ids.shuffle(using: &rng)
                target = Array(ids.prefix(size))
                attempts += 1
            } while (Set(target) == Set(newestEpoch.members) || faultyCount(of: target, epoch: newestEpochNumber + 1) > (target.count - 1) / 2 - (target.count > 3 ? 1 : 0))
                && attempts < 50
            guard attempts < 50 else { admin = session; return }
            pendingTarget = target
            trace("admin submits reconfiguration to \(target)")
            result.reconfigurationsSubmitted += 1
            actions += session.submit(Reconfiguration(members: target).body)
        }
        admin = session
        for case let .send(request, to) in actions {
            enqueue(Packet(deliverAt: 0, from: .client(request.clientId), to: .replica(to), payload: .request(request)))
        }
    }

    mutating func adminReceived(_ reply: Reply) {
        guard admin?.receive(reply) != nil else { return }
        trace("admin: reconfiguration request \(reply.requestNumber) committed")
    }

    mutating func clientReceived(_ reply: Reply, client c: Int) {
        guard let answer = clients[c].session.receive(reply), let index = clients[c].history else { return }
        guard let (position, digest) = AppendLog.decodeReply(answer.body) else {
            fail("client \(reply.clientId) got a malformed reply to request \(reply.requestNumber)")
            return
        }
        history[index].returnedAt = now
        history[index].position = position
        history[index].digest = digest
        clients[c].history = nil
        trace("client \(reply.clientId) request \(reply.requestNumber) answered: position \(position)")
    }

    // MARK: - Liveness

    mutating func startLiveness() {
        liveness = true
        blocked = []
        for i in nodes.indices { nodes[i].pausedUntil = 0 }
        trace("liveness phase: network healed, every replica restarted, no new requests")
    }

    /// Every request answered (the administrator's too); every member of the newest epoch normal
    /// in one view with the whole committed log; every replica of an earlier configuration that
    /// is not in the newest one shut down (§7).
    func converged() -> Bool {
        guard clients.allSatisfy({ $0.session.outstanding == nil }), admin?.outstanding == nil else { return false }
        let newest = newestEpoch
        guard let first = nodes[newest.members[0]].replica else { return false }
        let top = committed.keys.max() ?? 0
        for i in newest.members {
            guard let replica = nodes[i].replica, replica.status == .normal, replica.epoch == newestEpochNumber,
                  replica.view == first.view, replica.commitNumber == top, replica.journal.op == top,
                  !replica.awaitingEpochState else { return false }
        }
        // A replica that took part in some epoch and is not in the newest must have stopped; one
        // that was named but never joined (still a non-member of epoch 0) may simply be turned off.
        for i in nodes.indices where !newest.members.contains(i) && !nodes[i].retired {
            guard let r = nodes[i].replica else { return false }
            // Never joined (a non-member of epoch 0), or recovering from a wiped disk with no
            // epoch naming it (it waits for one; its operator turns it off).
            guard (r.epoch == 0 && !r.isMember) || r.status == .recovering else {
                return false
            }
        }
        return true
    }

    func describe() -> String {
        let replicas = nodes.enumerated().map { i, node -> String in
            guard let r = node.replica else { return node.retired ? "r\(i) shut down" : "r\(i) down" }
            return "r\(i) e\(r.epoch)\(r.isMember ? "" : " non-member")\(r.awaitingEpochState ? " joining" : "") \(r.status) v\(r.view) op\(r.journal.op) commit\(r.commitNumber)"
        }
        let waiting = clients.filter { $0.session.outstanding != nil }.count
        return replicas.joined(separator: ", ") + "; \(waiting) client(s) waiting; committed \(committed.keys.max() ?? 0)"
    }

    // MARK: - Reporting

    mutating func fail(_ violation: String) {
        if result.violation == nil { result.violation = "step \(now): \(violation)" }
    }

    func trace(_ line: @autoclosure () -> String) {
        guard let log else { return }
        log("[\(now)] \(line())")
    }

    func traceMessage(_ envelope: Message, from a: Int, to b: Int) {
        guard log != nil else { return }
        let (epoch, message) = envelope.unwrapped
        var detail = epoch > 0 ? "e\(epoch) v\(message.view)" : "v\(message.view)"
        switch message {
        case let .prepare(_, entries, commit):
            detail += " ops \(entries.first?.op ?? 0)...\(entries.last?.op ?? 0) commit \(commit)"
        case let .prepareOk(_, op): detail += " op \(op)"
        case let .commit(_, commit): detail += " commit \(commit)"
        case let .doViewChange(_, journal, lastNormal, commit):
            detail += " log op \(journal.op) last normal \(lastNormal) commit \(commit)"
        case let .startView(_, journal, commit): detail += " log op \(journal.op) commit \(commit)"
        case let .getState(_, op): detail += " after op \(op)"
        case let .newState(_, journal, commit): detail += " ops \(journal.checkpoint.op + 1)...\(journal.op) commit \(commit)"
        case let .startEpoch(e, op, _, members): detail = "epoch \(e) after op \(op) members \(members)"
        case let .epochStarted(e): detail = "epoch \(e)"
        default: break
        }
        trace("r\(a) -> r\(b) \(message.name) \(detail)")
    }
}
