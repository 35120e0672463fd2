import Testing
import Foundation
@testable import BigNum

@Suite struct ConcurrencyTests {
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
}
