import NIOCore
import NIOEmbedded
import Testing

@testable import Transport

@Suite struct FramingTests {
    @Test func decodesFramesSplitAcrossReads() throws {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(FrameDecoder(maxFrameBytes: 100)))
        var wire = ByteBuffer()
        for p in ["one", "", "three"] {
            var framed = Framing.encode(p.bytes, allocator: channel.allocator)
            wire.writeBuffer(&framed)
        }
        // Feed one byte at a time.
        while let b = wire.readSlice(length: 1) { try channel.writeInbound(b) }
        var got: [String] = []
        while let f = try channel.readInbound(as: ByteBuffer.self) { got.append(String(buffer: f)) }
        #expect(got == ["one", "", "three"])
        _ = try channel.finish()
    }

    @Test func oversizedLengthIsATypedErrorBeforeThePayloadArrives() throws {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(FrameDecoder(maxFrameBytes: 16)))
        var header = ByteBuffer()
        header.writeInteger(UInt32(17), endianness: .big)
        #expect(throws: TransportError.frameTooLarge(length: 17, limit: 16)) {
            try channel.writeInbound(header)
        }
        _ = try? channel.finish()
    }

    @Test func frameAtTheLimitIsAccepted() throws {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(FrameDecoder(maxFrameBytes: 16)))
        try channel.writeInbound(Framing.encode([UInt8](repeating: 7, count: 16), allocator: channel.allocator))
        let f = try #require(try channel.readInbound(as: ByteBuffer.self))
        #expect(f.readableBytes == 16)
        _ = try channel.finish()
    }

    @Test func helloRoundTripAndRefusals() throws {
        let h = Hello(nodeID: "node-3")
        #expect(try Hello.decode(ByteBuffer(bytes: h.encode())) == h)
        var bad = h.encode()
        bad[0] = 0
        #expect(throws: TransportError.self) { try Hello.decode(ByteBuffer(bytes: bad)) }
        var v2 = h.encode()
        v2[4] = 2
        #expect(throws: TransportError.self) { try Hello.decode(ByteBuffer(bytes: v2)) }
        #expect(throws: TransportError.self) { try Hello.decode(ByteBuffer(bytes: h.encode() + [0x41])) }
        #expect(throws: TransportError.self) { try Hello.decode(ByteBuffer(bytes: Hello.magic + [1, 1, 0x20])) }
    }

    @Test func backoffGrowsIsJitteredAndCapped() {
        let p = BackoffPolicy(initial: .milliseconds(100), maximum: .seconds(2), multiplier: 2, jitter: 0.5)
        for attempt in 0..<12 {
            let base = min(0.1 * Double(1 << attempt), 2.0)
            for _ in 0..<20 {
                let d = BackoffPolicy.seconds(p.delay(attempt: attempt))
                #expect(d >= base * 0.5 - 1e-9 && d <= base + 1e-9, "attempt \(attempt): \(d)")
            }
        }
        let fixed = BackoffPolicy(initial: .milliseconds(100), maximum: .seconds(1), jitter: 0)
        #expect(fixed.delay(attempt: 0) == .milliseconds(100))
        #expect(fixed.delay(attempt: 3) == .milliseconds(800))
        #expect(fixed.delay(attempt: 1000) == .seconds(1))
    }
}
