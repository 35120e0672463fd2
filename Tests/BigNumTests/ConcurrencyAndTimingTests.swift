import Testing
import Foundation
@testable import BigNum

@Suite struct ConcurrencyAndTimingTests {
    /// Copies of one shared value mutated concurrently: copy-on-write must keep the
    /// original intact and each copy independent (Sendable soundness).
    @Test func sharedValueMutatedConcurrently() async {
        let shared = (BigInt(1) << 512) + 12345
        let results = await withTaskGroup(of: (Int, BigInt).self) { group in
            for i in 0..<8 {
                group.addTask {
                    var local = shared
                    for _ in 0..<200 { local += i; local *= 3; local = local.mod(shared) }
                    return (i, local)
                }
            }
            var out: [Int: BigInt] = [:]
            for await (i, v) in group { out[i] = v }
            return out
        }
        #expect(shared == (BigInt(1) << 512) + 12345)
        for (i, v) in results {
            var expected = shared
            for _ in 0..<200 { expected += i; expected *= 3; expected = expected.mod(shared) }
            #expect(v == expected)
        }
    }

    /// Opt-in timing (`BIGNUM_BENCH=1`), best run in release:
    /// `BIGNUM_BENCH=1 swift test -c release -Xswiftc -enable-testing --filter BigNumTests.ConcurrencyAndTimingTests`.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["BIGNUM_BENCH"] != nil))
    func timeSafePrime1024() throws {
        let runs = 5
        let start = Date()
        for _ in 0..<runs {
            let p = try Primes.safePrime(bits: 1024)
            #expect(p.bitLength == 1024)
        }
        let mean = Date().timeIntervalSince(start) / Double(runs)
        print("safePrime(bits: 1024): mean \(mean) s over \(runs) runs")
    }
}
