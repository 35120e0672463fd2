/// A small throughput benchmark of the write path: seal entries (checksums), append them
/// in batches, and group-commit each batch with one `sync()`. Not run by the tests; call
/// it from a tool (or run `THRESIG_BENCH=1 swift test -c release --filter WALBenchmarkRun`).
///
/// The figure to watch is `batchesPerSecond` (one fdatasync each) at small batches, and
/// `entriesPerSecond` at large ones, where the checksum cost (`sealSeconds`) shows.
public enum WALBenchmark {
    public struct Result: Sendable, CustomStringConvertible {
        public let entries: Int
        public let payloadSize: Int
        public let batchSize: Int
        /// Time spent computing entry checksums (`LogEntry.init`).
        public let sealSeconds: Double
        /// Time spent in `append` and `sync`.
        public let writeSeconds: Double
        /// Per-batch append+sync latencies, sorted, in microseconds.
        public let batchMicros: [Double]

        public var entriesPerSecond: Double { Double(entries) / (sealSeconds + writeSeconds) }
        public var batchesPerSecond: Double { Double(batchMicros.count) / writeSeconds }
        public var megabytesPerSecond: Double { Double(entries * (payloadSize + 56)) / writeSeconds / 1e6 }
        public func percentile(_ p: Double) -> Double {
            batchMicros.isEmpty ? 0 : batchMicros[min(batchMicros.count - 1, Int(Double(batchMicros.count) * p))]
        }

        public var description: String {
            func f(_ x: Double) -> String { String(Int(x.rounded())) }
            return "\(entries) entries × \(payloadSize) B in batches of \(batchSize): "
                + "\(f(entriesPerSecond)) entries/s, \(f(batchesPerSecond)) group commits/s, "
                + "\(f(megabytesPerSecond)) MB/s; batch p50 \(f(percentile(0.5))) µs, p99 \(f(percentile(0.99))) µs, "
                + "max \(f(batchMicros.last ?? 0)) µs; checksums \(f(sealSeconds / Double(max(entries, 1)) * 1e9)) ns/entry"
        }
    }

    /// Writes `entries` entries of `payloadSize` bytes to a new log in `directory`
    /// (which should be empty), `batchSize` per group commit.
    public static func run(directory: String, entries: Int = 20_000, payloadSize: Int = 100, batchSize: Int = 16,
                           options: WriteAheadLog.Options = .init()) throws -> Result {
        let (wal, _) = try WriteAheadLog.open(directory: directory, options: options)
        let clock = ContinuousClock()
        var seal = Duration.zero
        var write = Duration.zero
        var micros: [Double] = []
        let payload = (0..<payloadSize).map { UInt8(truncatingIfNeeded: $0 &* 13) }
        var done = 0
        while done < entries {
            let n = min(batchSize, entries - done)
            var batch: [LogEntry] = []
            batch.reserveCapacity(n)
            let t0 = clock.now
            var parent = wal.head
            for i in 0..<n {
                let e = LogEntry(op: wal.lastOp + UInt64(i) + 1, view: 1, parent: parent, payload: payload)
                parent = e.checksum
                batch.append(e)
            }
            let t1 = clock.now
            try wal.append(batch)
            try wal.sync()
            let t2 = clock.now
            seal += t1 - t0
            write += t2 - t1
            micros.append(seconds(t2 - t1) * 1e6)
            done += n
        }
        return Result(entries: entries, payloadSize: payloadSize, batchSize: batchSize,
                      sealSeconds: seconds(seal), writeSeconds: seconds(write), batchMicros: micros.sorted())
    }

    static func seconds(_ d: Duration) -> Double {
        let c = d.components
        return Double(c.seconds) + Double(c.attoseconds) / 1e18
    }
}
