/// Timing helpers for `thresig bench`: medians of batched runs on a monotonic clock.
enum Timing {
    /// Nanoseconds elapsed while running `body` once.
    static func nanoseconds(_ body: () -> Void) -> Double {
        let clock = ContinuousClock()
        let d = clock.measure(body)
        return Double(d.components.seconds) * 1e9 + Double(d.components.attoseconds) / 1e9
    }

    /// Median over `rounds` of the mean ns/op of `iterations` calls (one warm-up round).
    static func medianNanoseconds(iterations: Int, rounds: Int = 7, _ body: () -> Void) -> Double {
        for _ in 0..<max(1, iterations / 10) { body() }
        var samples: [Double] = []
        for _ in 0..<rounds {
            samples.append(nanoseconds { for _ in 0..<iterations { body() } } / Double(iterations))
        }
        samples.sort()
        return samples[samples.count / 2]
    }
}

/// Keeps a value alive so the optimiser cannot drop the work that produced it.
@inline(never)
func blackHole<T>(_ value: T) { _ = value }
