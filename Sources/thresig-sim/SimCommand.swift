import ArgumentParser
import Foundation
import Replication

/// `thresig-sim` — the deterministic simulator of Thresig's replicated session log.
@main
struct SimCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "thresig-sim",
        abstract: "Deterministic fault simulation of the Viewstamped Replication session log.",
        discussion: """
        Each seed runs a cluster through a safety phase with faults (drops, duplicates, reordering, \
        delays, symmetric and asymmetric partitions, crashes with the disk intact, torn, corrupt or \
        lost; a corrupt middle entry is repaired from peers) and, in about 30% of seeds, one or two \
        reconfigurations (VRR §7: 3→5, 5→3 or replacing members among 5 replica ids), then a \
        liveness phase that heals everything and must converge, then a linearizability check of \
        what the clients saw. The fault rates themselves are drawn from the seed (swarm testing). \
        The same seed always replays the same run. A replica assertion that fires is reported as \
        that seed's failure (seeds run in a child process), and the run goes on.

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

    @Option(help: "Replay only this seed, in this process (use with --verbose).")
    var seed: UInt64?

    @Option(help: "Steps of the safety phase (ticks with faults).")
    var steps: Int = 2000

    @Option(help: "Replicas in the cluster: 3, 4 (majority quorums of 3, like a 4-node signer cluster) or 5.")
    var replicas: Int = 3

    @Flag(help: "Print every event of the run.")
    var verbose = false

    @Flag(help: .hidden)
    var worker = false

    @Option(help: .hidden) // Test only: a deliberately broken replica (primary, view, repair).
    var broken: String?

    func validate() throws {
        guard [3, 4, 5].contains(replicas) else { throw ValidationError("--replicas must be 3, 4 or 5") }
        guard seeds >= 1 else { throw ValidationError("--seeds must be at least 1") }
        guard steps >= 1 else { throw ValidationError("--steps must be at least 1") }
    }

    func simulate(_ s: UInt64) -> SimulationResult {
        var options = SimulationOptions.swarm(seed: s, replicaCount: replicas)
        options.safetySteps = steps
        switch broken {
        case "primary": options.brokenPrimary = true
        case "view": options.brokenViewPersistence = true
        case "repair": options.brokenRepair = true; options.corruptionChance = 0.5
        default: break
        }
        var simulator = Simulator(options: options, log: verbose ? { print($0) } : nil)
        return simulator.run()
    }

    func run() throws {
        if let seed {
            let result = simulate(seed)
            if let violation = result.violation {
                print("seed \(seed) FAILED: \(violation)")
                print("0 passed, 1 failed")
                throw ExitCode(1)
            }
            print("seed \(seed) passed: \(result.committedOps) ops committed, \(result.completedRequests) requests answered, view \(result.maxView), \(result.crashes) crashes (\(result.diskLosses) disks lost), \(result.corruptions) entries corrupted (\(result.repairs) restarts repairing from peers), \(result.reconfigurationsSubmitted) reconfigurations (epoch \(result.epochs)), \(result.delivered) packets, converged \(result.convergenceSteps) steps after faults stopped")
            print("1 passed, 0 failed")
            return
        }
        if worker {
            // Child mode: one line before and one after each seed, so the parent can tell
            // which seed an assertion stopped.
            for k in 0..<seeds {
                let s = firstSeed &+ UInt64(k)
                emit("begin \(s)")
                let result = simulate(s)
                emit(result.violation.map { "fail \(s) \($0)" } ?? "pass \(s) \(result.convergenceSteps)")
            }
            return
        }
        var passed = 0, failed = 0
        var slowest: (steps: Int, seed: UInt64) = (0, firstSeed)
        var next = firstSeed
        let last = firstSeed &+ UInt64(seeds)
        while next != last {
            let (outcomes, crashed) = try runWorker(from: next, count: Int(last &- next))
            for (s, violation, convergence) in outcomes {
                if convergence > slowest.steps { slowest = (convergence, s) }
                if let violation {
                    failed += 1
                    print("seed \(s) FAILED: \(violation)")
                } else {
                    passed += 1
                }
            }
            next = firstSeed &+ UInt64(passed + failed)
            if let (s, message) = crashed {
                failed += 1
                print("seed \(s) FAILED: assertion: \(message)")
                next = s &+ 1
            }
        }
        print("slowest convergence after faults stopped: \(slowest.steps) steps (seed \(slowest.seed)); bound \(SimulationOptions(seed: 0).livenessSteps)")
        print("\(passed) passed, \(failed) failed")
        if failed > 0 { throw ExitCode(1) }
    }

    /// Writes one unbuffered line to standard output (the parent reads it even if we crash next).
    func emit(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    /// Runs seeds in a child process; returns the finished seeds and, if the child died, the
    /// seed it died on with the runtime's message.
    func runWorker(from start: UInt64, count: Int) throws -> ([(UInt64, String?, Int)], (UInt64, String)?) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe")
        process.arguments = ["--worker", "--first-seed", "\(start)", "--seeds", "\(count)",
                             "--steps", "\(steps)", "--replicas", "\(replicas)"] + (broken.map { ["--broken", $0] } ?? [])
        let errPath = FileManager.default.temporaryDirectory
            .appendingPathComponent("thresig-sim-\(ProcessInfo.processInfo.processIdentifier)-\(start).err").path
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        defer { try? FileManager.default.removeItem(atPath: errPath) }
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle(forWritingAtPath: errPath)
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        var outcomes: [(UInt64, String?, Int)] = []
        var open: UInt64?
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 2).map(String.init)
            guard parts.count >= 2, let s = UInt64(parts[1]) else { continue }
            switch parts[0] {
            case "begin": open = s
            case "pass": outcomes.append((s, nil, parts.count > 2 ? Int(parts[2]) ?? 0 : 0)); open = nil
            case "fail": outcomes.append((s, parts.count > 2 ? parts[2] : "failed", 0)); open = nil
            default: break
            }
        }
        if process.terminationReason == .uncaughtSignal || process.terminationStatus != 0, let s = open {
            let text = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
            // Release builds drop precondition messages; the backtrace names the failed check.
            let frame = text.split(separator: "\n").first { $0.contains("Sources/Replication/") }
                .map { line -> String in
                    let words = line.split(separator: " ")
                    let function = words.first { $0.contains("(") } ?? ""
                    let place = line.components(separatedBy: "Sources/").last ?? ""
                    return "\(function) at \(place)"
                }
            let message = frame.map { "precondition failed in \($0)" }
                ?? "the simulation process died (signal \(process.terminationStatus))"
            return (outcomes, (s, message + "; replay with --seed \(s) --verbose"))
        }
        return (outcomes, nil)
    }
}
