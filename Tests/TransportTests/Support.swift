import Foundation
import Logging
import Testing

@testable import Transport

/// Collects a transport's inbound frames; tests wait on a condition with a bound instead of sleeping.
actor Inbox {
    private(set) var frames: [InboundFrame] = []
    private var waiters: [Int: (cond: @Sendable ([InboundFrame]) -> Bool, cont: CheckedContinuation<Bool, Never>)] = [:]
    private var nextID = 0
    private var finished = false

    static func collecting(_ stream: InboundFrames) -> Inbox {
        let inbox = Inbox()
        Task {
            for await f in stream { await inbox.append(f) }
            await inbox.finish()
        }
        return inbox
    }

    private func append(_ f: InboundFrame) {
        frames.append(f)
        for (id, w) in waiters where w.cond(frames) {
            waiters[id] = nil
            w.cont.resume(returning: true)
        }
    }

    private func finish() {
        finished = true
        for (_, w) in waiters { w.cont.resume(returning: w.cond(frames)) }
        waiters.removeAll()
    }

    var isFinished: Bool { finished }

    /// True once `cond` holds; false if `timeout` passes first. The default bound only turns a
    /// hang into a failure: CI runs this beside CPU-bound suites on 2 cores.
    func wait(timeout: Duration = .seconds(60), until cond: @escaping @Sendable ([InboundFrame]) -> Bool) async -> Bool {
        if cond(frames) { return true }
        if finished { return false }
        nextID += 1
        let id = nextID
        return await withCheckedContinuation { cont in
            waiters[id] = (cond, cont)
            Task {
                try? await Task.sleep(for: timeout)
                self.expire(id)
            }
        }
    }

    func wait(count: Int, timeout: Duration = .seconds(60)) async -> Bool {
        await wait(timeout: timeout) { $0.count >= count }
    }

    private func expire(_ id: Int) {
        if let w = waiters.removeValue(forKey: id) { w.cont.resume(returning: false) }
    }

    func payloads(from node: NodeID) -> [String] {
        frames.filter { $0.from == node }.map { String(decoding: $0.frame, as: UTF8.self) }
    }
}

/// Polls `cond` until it holds or the bound passes.
func eventually(timeout: Duration = .seconds(60), _ cond: () -> Bool) async -> Bool {
    let deadline = ContinuousClock.now.advanced(by: timeout)
    while ContinuousClock.now < deadline {
        if cond() { return true }
        try? await Task.sleep(for: .milliseconds(5))
    }
    return cond()
}

func quietLogger() -> Logger {
    var l = Logger(label: "test.transport")
    l.logLevel = .critical
    return l
}

struct TestNode {
    let identity: NodeIdentity
    let transport: Transport
    let inbox: Inbox
    var id: NodeID { identity.nodeID }
    var port: Int { transport.listeningPort! }
}

/// Identities are slow-ish to make only in bulk; cache a few per process.
let sharedIdentities: [NodeID: NodeIdentity] = {
    var d: [NodeID: NodeIdentity] = [:]
    for id in ["a", "b", "c", "rogue"] as [NodeID] { d[id] = try! NodeIdentity.generate(nodeID: id) }
    return d
}()

func makeConfig(_ identity: NodeIdentity, port: Int = 0, peers: [NodeID: PeerAddress] = [:]) -> TransportConfig {
    var c = TransportConfig(identity: identity, listenPort: port, peers: peers)
    c.logger = quietLogger()
    c.backoff = BackoffPolicy(initial: .milliseconds(10), maximum: .milliseconds(200))
    c.tlsShutdownTimeout = .milliseconds(100)
    return c
}

/// Starts one transport per identity on 127.0.0.1 with ephemeral ports, each pinning all others.
func startCluster(
    _ ids: [NodeID], tweak: (NodeID, inout TransportConfig) -> Void = { _, _ in }
) async throws -> [NodeID: TestNode] {
    var nodes: [NodeID: TestNode] = [:]
    for id in ids {
        let identity = try sharedIdentities[id] ?? NodeIdentity.generate(nodeID: id)
        var config = makeConfig(identity)
        tweak(id, &config)
        let t = try Transport(config: config)
        try await t.start()
        nodes[id] = TestNode(identity: identity, transport: t, inbox: Inbox.collecting(t.inbound))
    }
    let table = peerTable(nodes.values.map { ($0.identity, $0.port) })
    for n in nodes.values { n.transport.updatePeers(table) }
    return nodes
}

func peerTable(_ entries: [(NodeIdentity, Int)]) -> [NodeID: PeerAddress] {
    var d: [NodeID: PeerAddress] = [:]
    for (identity, port) in entries {
        d[identity.nodeID] = PeerAddress(host: "127.0.0.1", port: port, fingerprint: identity.fingerprint)
    }
    return d
}

func stopAll(_ nodes: [NodeID: TestNode]) async {
    for n in nodes.values { await n.transport.stop() }
}

extension String {
    var bytes: [UInt8] { Array(utf8) }
}

/// Collects log lines (level, message, metadata) so tests can check what operators would see.
final class LogCapture: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []

    var messages: [String] { lock.withLock { lines } }

    func logger() -> Logger {
        Logger(label: "capture") { _ in Handler(capture: self) }
    }

    struct Handler: LogHandler {
        let capture: LogCapture
        var logLevel: Logger.Level = .trace
        var metadata: Logger.Metadata = [:]

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let all = metadata.merging(event.metadata ?? [:]) { _, b in b }
            let meta = all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            capture.lock.withLock { capture.lines.append("\(event.level) \(event.message) \(meta)") }
        }
    }
}
