import Testing

@testable import Transport

@Suite struct InMemoryTransportTests {
    @Test func exchangesFramesAndHonoursPartitions() async throws {
        let net = InMemoryNetwork()
        let a = net.makeTransport(nodeID: "a")
        let b = net.makeTransport(nodeID: "b")
        let c = net.makeTransport(nodeID: "c")
        let transports: [any MessageTransport] = [a, b, c]
        for t in transports { try await t.start() }
        let inboxB = Inbox.collecting(b.inbound)
        let inboxA = Inbox.collecting(a.inbound)
        for i in 0..<10 { #expect(a.send(to: "b", frame: "m\(i)".bytes) == .queued) }
        #expect(b.send(to: "a", frame: "pong".bytes) == .queued)
        #expect(await inboxB.wait(count: 10))
        #expect(await inboxB.payloads(from: "a") == (0..<10).map { "m\($0)" })
        #expect(await inboxA.wait(count: 1))

        net.partition(["a"], ["b", "c"])
        #expect(a.send(to: "b", frame: "lost".bytes) == .queued)  // lost silently, as on a network
        #expect(c.send(to: "b", frame: "c ok".bytes) == .queued)
        #expect(await inboxB.wait { $0.contains { $0.from == "c" } })
        net.heal()
        #expect(a.send(to: "b", frame: "healed".bytes) == .queued)
        #expect(await inboxB.wait { $0.contains { $0.frame == "healed".bytes } })
        #expect(await !inboxB.frames.contains { $0.frame == "lost".bytes })

        net.cutLink(from: "b", to: "a")
        #expect(b.send(to: "a", frame: "one way".bytes) == .queued)
        #expect(a.send(to: "b", frame: "other way".bytes) == .queued)
        #expect(await inboxB.wait { $0.contains { $0.frame == "other way".bytes } })
        #expect(await !inboxA.frames.contains { $0.frame == "one way".bytes })

        #expect(a.send(to: "a", frame: [1]) == .unknownPeer)
        #expect(a.send(to: "nobody", frame: [1]) == .unknownPeer)
        // A peer that is down loses frames silently, like a real network.
        await c.stop()
        #expect(a.send(to: "c", frame: [1]) == .queued)
        for t in transports { await t.stop() }
        #expect(a.send(to: "b", frame: [1]) == .dropped(.notRunning))
    }

    @Test func boundedInboundAndFrameLimit() async throws {
        let net = InMemoryNetwork()
        let a = net.makeTransport(nodeID: "a", maxFrameBytes: 8)
        let b = net.makeTransport(nodeID: "b", inboundQueueLimit: 3)
        try await a.start()
        try await b.start()
        for _ in 0..<5 { _ = a.send(to: "b", frame: [1]) }
        #expect(b.stats.framesReceived == 3)
        #expect(b.stats.inboundDropped == 2)
        #expect(a.send(to: "b", frame: [UInt8](repeating: 0, count: 9)) == .dropped(.frameTooLarge))
        await a.stop()
        await b.stop()
        var n = 0
        for await _ in b.inbound { n += 1 }
        #expect(n == 3)
    }

    @Test func inboundByteBoundDropsAndReleasesOnConsumption() async throws {
        let net = InMemoryNetwork()
        let a = net.makeTransport(nodeID: "a")
        let b = net.makeTransport(nodeID: "b", inboundQueueByteLimit: 100)
        try await a.start()
        try await b.start()
        #expect(a.send(to: "b", frame: [UInt8](repeating: 1, count: 60)) == .queued)
        #expect(a.send(to: "b", frame: [UInt8](repeating: 2, count: 60)) == .queued)  // over 100 bytes: dropped
        #expect(b.stats.framesReceived == 1)
        #expect(b.stats.inboundDropped == 1)
        var it = b.inbound.makeAsyncIterator()
        #expect(await it.next()?.frame.first == 1)
        // Consumed: the budget is free again.
        #expect(a.send(to: "b", frame: [UInt8](repeating: 3, count: 90)) == .queued)
        #expect(await it.next()?.frame.first == 3)
        await a.stop()
        await b.stop()
        #expect(await it.next() == nil)
    }
}
