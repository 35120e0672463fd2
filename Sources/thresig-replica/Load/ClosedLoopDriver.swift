import Foundation

/// Runs `clients` closed-loop clients, one thread each, for `warmup + duration`: every client
/// writes, waits for the acknowledgement and writes again. Only writes *started* inside the
/// measured window count (latency samples, throughput over `duration`), so connection set-up and
/// the first requests' cold paths fall in the warm-up, for every system alike. Failed writes are
/// counted (and retried by the next iteration); their time is not a latency sample.
struct ClosedLoopDriver {
    /// What one run measured.
    struct Result {
        var latenciesNanos: [UInt64]
        var errors: Int
        var elapsed: Duration

        var opsPerSecond: Double { Double(latenciesNanos.count) / seconds(elapsed) }

        func percentileMilliseconds(_ p: Double) -> Double {
            guard !latenciesNanos.isEmpty else { return .nan }
            let sorted = latenciesNanos.sorted()
            let rank = min(sorted.count - 1, Int((p / 100 * Double(sorted.count)).rounded(.up)) - 1)
            return Double(sorted[max(0, rank)]) / 1e6
        }

        var maxMilliseconds: Double { Double(latenciesNanos.max() ?? 0) / 1e6 }
    }

    let clients: Int
    let warmup: Duration
    let duration: Duration
    let valueBytes: Int
    let makeClient: @Sendable (Int) throws -> any WriteClient

    func run() -> Result {
        let box = ResultBox()
        let group = DispatchGroup()
        let measureStart = ContinuousClock.now + warmup
        let end = measureStart + duration
        for i in 0..<clients {
            group.enter()
            let thread = Thread { [makeClient, valueBytes] in
                defer { group.leave() }
                var latencies: [UInt64] = []
                latencies.reserveCapacity(1 << 16)
                var errors = 0
                var value = [UInt8](repeating: 0x61, count: valueBytes)
                var client: (any WriteClient)?
                var sequence: UInt64 = 0
                while ContinuousClock.now < end {
                    do {
                        if client == nil { client = try makeClient(i) }
                        sequence += 1
                        withUnsafeBytes(of: sequence.littleEndian) { for (k, b) in $0.enumerated() where k < value.count { value[k] = b } }
                        let t0 = ContinuousClock.now
                        try client!.write(value)
                        let d = t0.duration(to: ContinuousClock.now)
                        guard t0 >= measureStart else { continue }
                        latencies.append(UInt64(d.components.seconds) * 1_000_000_000 + UInt64(d.components.attoseconds / 1_000_000_000))
                    } catch {
                        if ContinuousClock.now >= measureStart { errors += 1 }
                        if client == nil { Thread.sleep(forTimeInterval: 0.01) } // Not yet connectable.
                    }
                }
                client?.close()
                box.add(latencies, errors: errors)
            }
            thread.start()
        }
        group.wait()
        let (latencies, errors) = box.take()
        return Result(latenciesNanos: latencies, errors: errors, elapsed: duration)
    }
}

/// Collects the threads' samples.
final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var latencies: [UInt64] = []
    private var errors = 0

    func add(_ l: [UInt64], errors e: Int) {
        lock.lock()
        latencies += l
        errors += e
        lock.unlock()
    }

    func take() -> ([UInt64], Int) {
        lock.lock()
        defer { lock.unlock() }
        return (latencies, errors)
    }
}

func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
}
