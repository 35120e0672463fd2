import NIOConcurrencyHelpers

/// The inbound frames of a transport: an `AsyncSequence` over a buffer bounded both in frames
/// and in bytes. A frame that would exceed either bound is dropped at arrival (and counted in
/// `TransportStats.inboundDropped`), so a slow consumer costs frames, never unbounded memory.
/// Single consumer; ends when the transport stops.
public struct InboundFrames: AsyncSequence, Sendable {
    public typealias Element = InboundFrame

    let stream: AsyncStream<InboundFrame>
    let budget: ByteBudget

    public struct AsyncIterator: AsyncIteratorProtocol {
        var base: AsyncStream<InboundFrame>.AsyncIterator
        let budget: ByteBudget

        public mutating func next() async -> InboundFrame? {
            guard let f = await base.next() else { return nil }
            budget.release(f.frame.count)
            return f
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: stream.makeAsyncIterator(), budget: budget)
    }

    /// The stream and the function that offers it a frame (false: dropped, or finished).
    static func make(frameLimit: Int, byteLimit: Int) -> (InboundFrames, Offer) {
        let (stream, continuation) = AsyncStream.makeStream(
            of: InboundFrame.self, bufferingPolicy: .bufferingOldest(frameLimit))
        let budget = ByteBudget(limit: byteLimit)
        return (InboundFrames(stream: stream, budget: budget), Offer(continuation: continuation, budget: budget))
    }

    struct Offer: Sendable {
        let continuation: AsyncStream<InboundFrame>.Continuation
        let budget: ByteBudget

        enum Outcome { case enqueued, dropped, finished }

        func callAsFunction(_ frame: InboundFrame) -> Outcome {
            guard budget.reserve(frame.frame.count) else { return .dropped }
            switch continuation.yield(frame) {
            case .enqueued: return .enqueued
            case .dropped:
                budget.release(frame.frame.count)
                return .dropped
            case .terminated:
                budget.release(frame.frame.count)
                return .finished
            @unknown default:
                return .dropped
            }
        }

        func finish() { continuation.finish() }
    }
}

final class ByteBudget: Sendable {
    private let used: NIOLockedValueBox<Int>
    let limit: Int

    init(limit: Int) {
        self.limit = limit
        self.used = NIOLockedValueBox(0)
    }

    func reserve(_ n: Int) -> Bool {
        used.withLockedValue { u in
            guard u + n <= limit else { return false }
            u += n
            return true
        }
    }

    func release(_ n: Int) { used.withLockedValue { $0 -= n } }

    var inUse: Int { used.withLockedValue { $0 } }
}
