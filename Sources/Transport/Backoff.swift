/// Jittered exponential backoff for reconnecting to a peer.
///
/// Attempt `k` (0-based, counting consecutive failures) waits a uniformly random time in
/// `[(1 - jitter)·d, d]` where `d = min(maximum, initial · multiplier^k)`. The jitter spreads
/// the reconnects of many nodes after a shared failure (a restarted peer is not stampeded).
public struct BackoffPolicy: Sendable, Equatable {
    public var initial: Duration
    public var maximum: Duration
    public var multiplier: Double
    /// Fraction of the delay that is randomised, 0…1.
    public var jitter: Double

    public init(
        initial: Duration = .milliseconds(50),
        maximum: Duration = .seconds(5),
        multiplier: Double = 2,
        jitter: Double = 0.5
    ) {
        self.initial = initial
        self.maximum = maximum
        self.multiplier = multiplier
        self.jitter = min(max(jitter, 0), 1)
    }

    /// The delay before reconnect attempt `attempt` (0 = first retry after a failure).
    public func delay(attempt: Int, using rng: inout some RandomNumberGenerator) -> Duration {
        let lo = BackoffPolicy.seconds(initial)
        let hi = BackoffPolicy.seconds(maximum)
        let d = min(hi, lo * pow2(multiplier, max(0, attempt)))
        let low = d * (1 - jitter)
        let v = low == d ? d : Double.random(in: low...d, using: &rng)
        return .nanoseconds(Int64(v * 1e9))
    }

    public func delay(attempt: Int) -> Duration {
        var rng = SystemRandomNumberGenerator()
        return delay(attempt: attempt, using: &rng)
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    private func pow2(_ base: Double, _ k: Int) -> Double {
        var r = 1.0
        for _ in 0..<min(k, 64) {
            r *= base
            if r > 1e12 { break }
        }
        return r
    }
}
