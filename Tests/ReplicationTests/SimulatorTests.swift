import Foundation
import Testing
@testable import Replication

/// The simulator: it must pass on the real replica, fail on a broken one, and replay exactly.
struct SimulatorTests {
    @Test func brokenPrimaryIsCaught() {
        var options = SimulationOptions(seed: 1)
        options.brokenPrimary = true
        options.safetySteps = 500
        var simulator = Simulator(options: options)
        let result = simulator.run()
        #expect(!result.passed)
        #expect(result.violation?.contains("durability") == true)
    }

    @Test func viewChangeWithoutDurableViewIsCaught() {
        var violations: [String] = []
        for seed in 1...5 as ClosedRange<UInt64> {
            var options = SimulationOptions.swarm(seed: seed)
            options.brokenViewPersistence = true
            var simulator = Simulator(options: options)
            if let violation = simulator.run().violation { violations.append(violation) }
        }
        #expect(!violations.isEmpty)
        #expect(violations.allSatisfy { $0.contains("durability") })
    }

    @Test func appendLogNoticesADuplicate() {
        var log = AppendLog()
        _ = log.apply(AppendLog.operation(5))
        #expect(!log.duplicateApplied)
        _ = log.apply(AppendLog.operation(5))
        #expect(log.duplicateApplied)
        var restored = AppendLog()
        restored.restore(log.snapshot())
        #expect(restored.values == [5, 5] && restored.duplicateApplied)
    }

    @Test func sameSeedReplaysTheSameRun() {
        func trace(_ seed: UInt64) -> [String] {
            var lines: [String] = []
            var options = SimulationOptions(seed: seed)
            options.safetySteps = 400
            var simulator = Simulator(options: options, log: { lines.append($0) })
            _ = simulator.run()
            return lines
        }
        let a = trace(11), b = trace(11)
        #expect(a.count > 100)
        #expect(a == b)
        #expect(a != trace(12))
    }

    @Test func seedsPass() {
        let soak = ProcessInfo.processInfo.environment["THRESIG_SOAK"] == "1"
        let count: UInt64 = soak ? 1000 : 50
        var failures: [String] = []
        for seed in 1...count {
            var options = SimulationOptions.swarm(seed: seed, replicaCount: seed % 4 == 0 ? 5 : 3)
            options.safetySteps = soak ? 4000 : 2000
            var simulator = Simulator(options: options)
            let result = simulator.run()
            if let violation = result.violation { failures.append("seed \(seed): \(violation)") }
        }
        #expect(failures.isEmpty, "\(failures)")
    }

    /// Four replicas (a 4-node signer cluster): majority quorums of 3, one fault tolerated.
    /// The same swarm of faults, safety and liveness checks as for 2f+1 replicas.
    @Test func fourReplicasWithMajorityQuorumsPass() {
        #expect(Configuration(replicaCount: 4).quorum == 3 && Configuration(replicaCount: 4).faultsTolerated == 1)
        #expect(Configuration(replicaCount: 5).quorum == 3 && Configuration(replicaCount: 3).quorum == 2)
        var failures: [String] = []
        for seed in UInt64(1)...30 {
            var options = SimulationOptions.swarm(seed: 7_000 + seed, replicaCount: 4)
            options.safetySteps = 2000
            var simulator = Simulator(options: options)
            if let violation = simulator.run().violation { failures.append("seed \(7_000 + seed): \(violation)") }
        }
        #expect(failures.isEmpty, "\(failures)")
    }
}
