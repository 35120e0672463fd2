@testable import Replication

/// A synchronous, loss-free harness for unit tests: messages are delivered in FIFO order and
/// every append completes right away. Faults are the simulator's business.
struct TestCluster {
    var configuration: Configuration
    var replicas: [Replica<AppendLog>]
    var inbox: [(to: Int, from: Int, message: Message)] = []
    var completions: [(replica: Int, writeId: UInt64)] = []
    var replies: [Reply] = []
    var outputs: [[Output]]
    var down: Set<Int> = []

    init(replicaCount: Int = 3, checkpointInterval: UInt64 = 32) {
        self.init(configuration: Configuration(replicaCount: replicaCount), checkpointInterval: checkpointInterval)
    }

    /// A cluster of `configuration.replicaCount` replica ids; those not in the initial
    /// configuration start with `Replica.joining`.
    init(configuration base: Configuration, checkpointInterval: UInt64 = 32) {
        var configuration = base
        configuration.checkpointInterval = checkpointInterval
        configuration.allowsReconfiguration = true
        self.configuration = configuration
        replicas = (0..<configuration.replicaCount).map {
            configuration.initialMembers.contains($0) ? Replica(configuration: configuration, index: $0, seed: 7)
                : Replica.joining(configuration: configuration, index: $0, seed: 7)
        }
        outputs = Array(repeating: [], count: configuration.replicaCount)
    }

    static func request(client: UInt64, number: UInt64) -> Request {
        Request(clientId: client, requestNumber: number, body: AppendLog.operation((client << 32) | number))
    }

    /// Feeds one input to replica `i` and routes its outputs.
    @discardableResult
    mutating func handle(_ input: Input, at i: Int) -> [Output] {
        let out = replicas[i].handle(input)
        route(out, from: i)
        return out
    }

    mutating func route(_ out: [Output], from i: Int) {
        outputs[i].append(contentsOf: out)
        for output in out {
            switch output {
            case let .send(message, to): inbox.append((to, i, message))
            case let .reply(reply): replies.append(reply)
            case let .append(writeId, _): completions.append((i, writeId))
            default: break
            }
        }
    }

    /// Delivers everything until nothing is left (or `limit` deliveries).
    mutating func pump(limit: Int = 10_000) {
        var budget = limit
        while budget > 0 {
            budget -= 1
            if !completions.isEmpty {
                let c = completions.removeFirst()
                if !down.contains(c.replica) { handle(.appendCompleted(writeId: c.writeId), at: c.replica) }
            } else if !inbox.isEmpty {
                let m = inbox.removeFirst()
                if !down.contains(m.to) && !down.contains(m.from) { handle(.message(m.message, from: m.from), at: m.to) }
            } else {
                return
            }
        }
    }

    /// Submits requests to replica 0 (the primary of view 0) and runs to quiescence.
    mutating func commit(client: UInt64, numbers: ClosedRange<UInt64>, at primary: Int = 0) {
        for n in numbers { handle(.request(TestCluster.request(client: client, number: n)), at: primary) }
        pump()
    }

    /// Ticks every live replica `count` times, pumping after each tick.
    mutating func tick(_ count: Int) {
        for _ in 0..<count {
            for i in replicas.indices where !down.contains(i) { handle(.tick, at: i) }
            pump()
        }
    }
}

/// Builds a hash-chained run of entries from `parent`, starting at `firstOp`.
func chain(from parent: Checksum, firstOp: UInt64, count: Int, view: UInt64, client: UInt64) -> [Entry] {
    var entries: [Entry] = []
    var parent = parent
    for k in 0..<count {
        let op = firstOp + UInt64(k)
        let entry = Entry(op: op, view: view, clientId: client, requestNumber: op,
                          body: AppendLog.operation((client << 32) | op), parent: parent)
        entries.append(entry)
        parent = entry.checksum
    }
    return entries
}

/// A journal from the root checkpoint holding `entries`.
func journal(_ entries: [Entry]) -> Journal {
    Journal(checkpoint: .root(emptySnapshot: AppendLog().snapshot()), entries: entries)!
}
