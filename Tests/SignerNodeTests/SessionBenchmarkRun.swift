import Foundation
import Primitives
@testable import SignerNode
import Testing

/// Apply cost of the session state machine on the signing path (what every replica pays per
/// request, on top of the log): sign requests with idempotency keys, then their results.
/// Runs only with THRESIG_BENCH set:
/// `THRESIG_BENCH=1 swift test -c release -Xswiftc -enable-testing --skip-build --filter SessionBenchmarkRun`.
@Suite struct SessionBenchmarkRun {
    @Test(.enabled(if: ProcessInfo.processInfo.environment["THRESIG_BENCH"] != nil))
    func signPathApplyRate() throws {
        let fx = SessionFixture()
        var s = SessionStateMachineTests().stateWithKey()
        let count = 20_000
        var ops: [[UInt8]] = []
        for i in 0..<count {
            let message = Array("message \(i)".utf8)
            ops.append(fx.op(UInt64(100 + i), fx.signRequest("k", message: message, idempotencyKey: "idem-\(i)")))
        }
        let body = Array(repeating: UInt8(0x41), count: 180)  // about a rendered sign response
        for i in 0..<count {
            ops.append(fx.op(UInt64(100 + count + i), .signResult(requestID: UInt64(i + 1), signature: Array(repeating: 1, count: 96),
                                                                  response: StoredResponse(status: 200, body: body))))
        }
        let clock = ContinuousClock()
        let elapsed = clock.measure { for op in ops { _ = s.apply(op) } }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let snapshotTime = clock.measure { _ = s.snapshot() }
        print("session apply: \(ops.count) ops in \(elapsed), \(Int(Double(ops.count) / seconds)) ops/s; snapshot of \(count) idempotency entries in \(snapshotTime) (\(s.snapshot().count) bytes)")
        #expect(s.idempotency.entries.count == count)
    }
}
