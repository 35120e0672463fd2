import Foundation
import Testing

@testable import Transport

@Suite struct TLSTransportTests {
    @Test func twoNodesExchangeFramesBothWaysInOrder() async throws {
        let nodes = try await startCluster(["a", "b"])
        let a = nodes["a"]!
        let b = nodes["b"]!
        for i in 0..<100 {
            #expect(a.transport.send(to: "b", frame: "a->b \(i)".bytes) == .queued)
            #expect(b.transport.send(to: "a", frame: "b->a \(i)".bytes) == .queued)
        }
        #expect(await b.inbox.wait(count: 100))
        #expect(await a.inbox.wait(count: 100))
        #expect(await b.inbox.payloads(from: "a") == (0..<100).map { "a->b \($0)" })
        #expect(await a.inbox.payloads(from: "b") == (0..<100).map { "b->a \($0)" })
        #expect(a.transport.stats.outboundEstablished == 1)
        #expect(b.transport.stats.inboundEstablished == 1)
        await stopAll(nodes)
    }

    @Test func concurrentSendersKeepPerSenderOrder() async throws {
        let nodes = try await startCluster(["a", "b"])
        let a = nodes["a"]!.transport
        await withTaskGroup(of: Void.self) { group in
            for task in 0..<4 {
                group.addTask {
                    for i in 0..<200 { #expect(a.send(to: "b", frame: "\(task):\(i)".bytes) == .queued) }
                }
            }
        }
        let inbox = nodes["b"]!.inbox
        #expect(await inbox.wait(count: 800))
        let got = await inbox.payloads(from: "a")
        for task in 0..<4 {
            let mine = got.filter { $0.hasPrefix("\(task):") }
            #expect(mine == (0..<200).map { "\(task):\($0)" })
        }
        await stopAll(nodes)
    }

    @Test func threeNodesAllPairs() async throws {
        let ids: [NodeID] = ["a", "b", "c"]
        let nodes = try await startCluster(ids)
        for from in ids {
            for to in ids where to != from {
                #expect(nodes[from]!.transport.send(to: to, frame: "\(from)->\(to)".bytes) == .queued)
            }
        }
        for to in ids {
            #expect(await nodes[to]!.inbox.wait(count: 2))
            let got = Set(await nodes[to]!.inbox.frames.map { String(decoding: $0.frame, as: UTF8.self) })
            #expect(got == Set(ids.filter { $0 != to }.map { "\($0)->\(to)" }))
        }
        // A large frame (1 MiB) crosses intact.
        let big = (0..<(1 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        #expect(nodes["a"]!.transport.send(to: "c", frame: big) == .queued)
        #expect(await nodes["c"]!.inbox.wait { $0.contains { $0.frame == big } })
        await stopAll(nodes)
    }

    @Test func unpinnedClientCertificateIsRefused() async throws {
        let nodes = try await startCluster(["a", "b"])
        let a = nodes["a"]!
        // "rogue" claims to be b with its own key; a pins only b's real certificate.
        let rogueIdentity = try NodeIdentity.generate(nodeID: "b")
        var config = makeConfig(rogueIdentity, peers: peerTable([(a.identity, a.port)]))
        config.helloNodeIDOverride = "b"
        let rogue = try Transport(config: config)
        try await rogue.start()
        #expect(rogue.send(to: "a", frame: "from the rogue".bytes) == .queued)
        #expect(await eventually { a.transport.stats.certificateRejected >= 1 })
        #expect(await eventually { rogue.stats.connectFailures >= 1 })
        #expect(a.transport.stats.inboundEstablished == 0)
        // The next frame a receives is b's own: nothing of the rogue's got through.
        #expect(nodes["b"]!.transport.send(to: "a", frame: "from b".bytes) == .queued)
        #expect(await a.inbox.wait(count: 1))
        #expect(await a.inbox.frames == [InboundFrame(from: "b", frame: "from b".bytes)])
        await rogue.stop()
        await stopAll(nodes)
    }

    @Test func unpinnedServerCertificateIsRefused() async throws {
        let nodes = try await startCluster(["a", "b"])
        let a = nodes["a"]!
        let b = nodes["b"]!
        // a is told that b's fingerprint is some other certificate's.
        let other = try NodeIdentity.generate(nodeID: "b")
        a.transport.updatePeers(peerTable([(other, b.port)]))
        #expect(a.transport.send(to: "b", frame: "x".bytes) == .queued)
        #expect(await eventually { a.transport.stats.certificateRejected >= 1 })
        #expect(await eventually { a.transport.stats.connectFailures >= 1 })
        #expect(a.transport.stats.outboundEstablished == 0)
        #expect(b.transport.stats.inboundEstablished == 0)
        #expect(b.transport.stats.framesReceived == 0)
        await stopAll(nodes)
    }

    @Test func helloNamingAnotherNodeIsRefused() async throws {
        let nodes = try await startCluster(["a", "b", "c"])
        let a = nodes["a"]!
        // A liar holding c's pinned certificate and key claims to be b in its hello.
        var config = makeConfig(nodes["c"]!.identity, peers: peerTable([(a.identity, a.port)]))
        config.helloNodeIDOverride = "b"
        let liar = try Transport(config: config)
        try await liar.start()
        #expect(liar.send(to: "a", frame: "pretending to be b".bytes) == .queued)
        #expect(await eventually { a.transport.stats.helloRejected >= 1 })
        #expect(a.transport.stats.certificateRejected == 0)  // the certificate itself was pinned
        #expect(a.transport.stats.inboundEstablished == 0)
        await liar.stop()
        // c itself still gets through, and is the first sender a hears from.
        #expect(nodes["c"]!.transport.send(to: "a", frame: "really c".bytes) == .queued)
        #expect(await a.inbox.wait(count: 1))
        #expect(await a.inbox.frames == [InboundFrame(from: "c", frame: "really c".bytes)])
        await stopAll(nodes)
    }

    @Test func oversizedFrameClosesTheConnectionAndReceiverStaysHealthy() async throws {
        let log = LogCapture()
        let nodes = try await startCluster(["a", "b", "c"]) { id, config in
            if id == "b" {
                config.maxFrameBytes = 1024
                config.logger = log.logger()
            }
        }
        let (a, b) = (nodes["a"]!, nodes["b"]!)
        #expect(a.transport.send(to: "b", frame: [UInt8](repeating: 1, count: 4096)) == .queued)
        #expect(await eventually { b.transport.stats.oversizedFrames == 1 })
        #expect(
            await eventually {
                log.messages.contains {
                    $0.hasPrefix("warning frame exceeds maxFrameBytes; closing connection")
                        && $0.contains("length=4096") && $0.contains("limit=1024") && $0.contains("node=b")
                }
            })
        // b still serves c…
        #expect(nodes["c"]!.transport.send(to: "b", frame: "from c".bytes) == .queued)
        #expect(await b.inbox.wait { $0.contains { $0.from == "c" } })
        // …and a reconnects: retry (as VSR does) until a small frame lands.
        var delivered = false
        for i in 0..<50 where !delivered {
            _ = a.transport.send(to: "b", frame: "small \(i)".bytes)
            delivered = await b.inbox.wait(timeout: .milliseconds(200)) { $0.contains { $0.from == "a" } }
        }
        #expect(delivered)
        #expect(await b.inbox.frames.allSatisfy { $0.frame.count <= 1024 })
        #expect(a.transport.stats.outboundEstablished >= 2)
        await stopAll(nodes)
    }

    @Test func peerRestartingOnTheSamePortIsReconnected() async throws {
        let nodes = try await startCluster(["a", "b"])
        let a = nodes["a"]!
        let b = nodes["b"]!
        let port = b.port
        #expect(a.transport.send(to: "b", frame: "before".bytes) == .queued)
        #expect(await b.inbox.wait(count: 1))
        await b.transport.stop()

        let b2 = try Transport(config: makeConfig(b.identity, port: port, peers: peerTable([(a.identity, a.port)])))
        try await b2.start()
        #expect(b2.listeningPort == port)
        let inbox2 = Inbox.collecting(b2.inbound)
        var delivered = false
        for i in 0..<100 where !delivered {
            _ = a.transport.send(to: "b", frame: "after \(i)".bytes)
            delivered = await inbox2.wait(timeout: .milliseconds(100)) { !$0.isEmpty }
        }
        #expect(delivered)
        #expect(await inbox2.frames.allSatisfy { $0.from == "a" })
        // And the other direction from the restarted node.
        #expect(b2.send(to: "a", frame: "b is back".bytes) == .queued)
        #expect(await a.inbox.wait { $0.contains { $0.frame == "b is back".bytes } })
        await b2.stop()
        await a.transport.stop()
    }

    @Test func sendQueueIsBoundedAndDropsInsteadOfGrowing() async throws {
        let a = sharedIdentities["a"]!
        let b = sharedIdentities["b"]!
        // b is pinned but nothing listens on its port: frames can only queue.
        let closed = try Transport(config: makeConfig(b))
        try await closed.start()
        let deadPort = closed.listeningPort!
        await closed.stop()

        var config = makeConfig(a, peers: peerTable([(b, deadPort)]))
        config.sendQueueLimit = 8
        config.sendQueueByteLimit = 1000
        config.maxFrameBytes = 600
        let t = try Transport(config: config)
        #expect(t.send(to: "b", frame: [1]) == .dropped(.notRunning))
        try await t.start()
        var results: [SendResult] = []
        for _ in 0..<20 { results.append(t.send(to: "b", frame: [1, 2, 3])) }
        #expect(results.prefix(8).allSatisfy { $0 == .queued })
        #expect(results.dropFirst(8).allSatisfy { $0 == .dropped(.queueFull) })
        #expect(t.stats.sendDroppedQueueFull == 12)
        #expect(t.send(to: "b", frame: [UInt8](repeating: 0, count: 601)) == .dropped(.frameTooLarge))
        #expect(t.send(to: "nobody", frame: [1]) == .unknownPeer)
        #expect(await eventually { t.stats.connectFailures >= 2 })  // it keeps retrying with backoff
        #expect(t.send(to: "b", frame: [1]) == .dropped(.queueFull))
        await t.stop()
        #expect(t.send(to: "b", frame: [1]) == .dropped(.notRunning))

        // Byte bound.
        var config2 = makeConfig(a, peers: peerTable([(b, deadPort)]))
        config2.sendQueueByteLimit = 1000
        let t2 = try Transport(config: config2)
        try await t2.start()
        #expect(t2.send(to: "b", frame: [UInt8](repeating: 0, count: 600)) == .queued)
        #expect(t2.send(to: "b", frame: [UInt8](repeating: 0, count: 600)) == .dropped(.queueFull))
        #expect(t2.send(to: "b", frame: [UInt8](repeating: 0, count: 400)) == .queued)
        await t2.stop()
    }

    @Test func expiredPinnedCertificateIsRefused() async throws {
        let nodes = try await startCluster(["a"])
        let a = nodes["a"]!
        // Pinned, but valid only for a year that ended long ago.
        let old = try NodeIdentity.generate(
            nodeID: "b", validity: .seconds(365 * 24 * 3600), now: Date(timeIntervalSinceNow: -20 * 365 * 24 * 3600))
        let b = try Transport(config: makeConfig(old, peers: peerTable([(a.identity, a.port)])))
        try await b.start()
        a.transport.updatePeers(peerTable([(old, b.listeningPort!)]))
        #expect(b.send(to: "a", frame: "stale".bytes) == .queued)
        #expect(await eventually { a.transport.stats.certificateRejected >= 1 })
        #expect(a.transport.stats.inboundEstablished == 0)
        await b.stop()
        await stopAll(nodes)
    }

    @Test func removedPeerIsDisconnectedAndRefused() async throws {
        let nodes = try await startCluster(["a", "b", "c"])
        let (a, b, c) = (nodes["a"]!, nodes["b"]!, nodes["c"]!)
        #expect(b.transport.send(to: "a", frame: "1".bytes) == .queued)
        #expect(await a.inbox.wait(count: 1))
        // a's cluster definition drops b.
        a.transport.updatePeers(peerTable([(c.identity, c.port)]))
        #expect(a.transport.send(to: "b", frame: [1]) == .unknownPeer)
        var refusedAgain = false
        for _ in 0..<50 where !refusedAgain {
            _ = b.transport.send(to: "a", frame: "2".bytes)
            refusedAgain = await eventually(timeout: .milliseconds(100)) { a.transport.stats.certificateRejected >= 1 }
        }
        #expect(refusedAgain)
        #expect(await a.inbox.payloads(from: "b") == ["1"])
        await stopAll(nodes)
    }

    @Test func stopFinishesTheInboundStreamAndStartTwiceFails() async throws {
        let nodes = try await startCluster(["a"])
        let a = nodes["a"]!
        await #expect(throws: TransportError.alreadyStarted) { try await a.transport.start() }
        await a.transport.stop()
        var finished = false
        for _ in 0..<200 where !finished {
            finished = await a.inbox.isFinished
            if !finished { try await Task.sleep(for: .milliseconds(5)) }
        }
        #expect(finished)
    }
}
