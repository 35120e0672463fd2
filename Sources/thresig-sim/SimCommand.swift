import ArgumentParser
import Replication

/// `thresig-sim` — the deterministic simulator of Thresig's replicated session log.
@main
struct SimCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "thresig-sim",
        abstract: "Deterministic fault simulation of the Viewstamped Replication session log.",
        discussion: """
        Each seed runs a cluster through a safety phase with faults (drops, duplicates, reordering, \
        delays, symmetric and asymmetric partitions, crashes with the disk intact or lost), then a \
        liveness phase that heals everything and must converge, then a linearizability check of \
        what the clients saw. The same seed always replays the same run.

        Examples:
          thresig-sim --seeds 1000
          thresig-sim --seeds 200 --first-seed 5000 --replicas 5 --steps 4000
          thresig-sim --seed 42 --verbose
        """
    )

    @Option(help: "Number of seeds to run.")
    var seeds: Int = 1

    @Option(name: .customLong("first-seed"), help: "First seed of the run.")
    var firstSeed: UInt64 = 1

    @Option(help: "Replay only this seed (use with --verbose).")
    var seed: UInt64?

    @Option(help: "Steps of the safety phase (ticks with faults).")
    var steps: Int = 2000

    @Option(help: "Replicas in the cluster: 3 or 5.")
    var replicas: Int = 3

    @Flag(help: "Print every event of the run.")
    var verbose = false

    func validate() throws {
        guard replicas == 3 || replicas == 5 else { throw ValidationError("--replicas must be 3 or 5") }
        guard seeds >= 1 else { throw ValidationError("--seeds must be at least 1") }
        guard steps >= 1 else { throw ValidationError("--steps must be at least 1") }
    }

    func run() throws {
        let list: [UInt64] = seed.map { [$0] } ?? (0..<seeds).map { firstSeed &+ UInt64($0) }
        var passed = 0, failed = 0
        for s in list {
            var options = SimulationOptions.swarm(seed: s, replicaCount: replicas)
            options.safetySteps = steps
            var simulator = Simulator(options: options, log: verbose ? { print($0) } : nil)
            let result = simulator.run()
            if let violation = result.violation {
                failed += 1
                print("seed \(s) FAILED: \(violation)")
            } else {
                passed += 1
                if verbose || list.count == 1 {
                    print("seed \(s) passed: \(result.committedOps) ops committed, \(result.completedRequests) requests answered, view \(result.maxView), \(result.crashes) crashes (\(result.diskLosses) disks lost), \(result.delivered) packets")
                }
            }
        }
        print("\(passed) passed, \(failed) failed")
        if failed > 0 { throw ExitCode(1) }
    }
}
