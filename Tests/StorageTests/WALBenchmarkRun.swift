import Foundation
import Testing
@testable import Storage

/// Runs only with THRESIG_BENCH set: `THRESIG_BENCH=1 swift test -c release --filter WALBenchmarkRun`.
struct WALBenchmarkRun {
    @Test(.enabled(if: ProcessInfo.processInfo.environment["THRESIG_BENCH"] != nil))
    func groupCommitThroughput() throws {
        for batch in [1, 16, 64, 256] {
            try withTemporaryDirectory { dir in
                let r = try WALBenchmark.run(directory: dir, entries: batch == 1 ? 5_000 : 50_000, payloadSize: 100, batchSize: batch)
                print("wal bench:", r)
            }
        }
    }
}
