/// Parameters of one simulated run. Everything random is drawn from `seed`.
public struct SimulationOptions: Sendable {
    /// The seed: the same seed and options replay the same run, step for step.
    public var seed: UInt64
    /// 3 or 5 replicas.
    public var replicaCount: Int = 3
    /// Steps (ticks) of the safety phase, with faults.
    public var safetySteps: Int = 2000
    /// Bound on the liveness phase: once faults stop, everything must converge within it
    /// (the slowest of 70,000 soak seeds took 513 steps).
    public var livenessSteps: Int = 1500
    /// Concurrent clients (each has at most one request outstanding).
    public var clientCount: Int = 4
    /// Per step, chance that an idle client submits a new request.
    public var submitChance: Double = 0.2
    /// Steps before a client resends its request to every replica.
    public var clientRetryTicks: Int = 60
    /// Chance a packet is dropped (safety phase).
    public var dropChance: Double = 0.05
    /// Chance a packet is sent twice.
    public var duplicateChance: Double = 0.02
    /// Packets take 1...maxDelay steps; different delays reorder them.
    public var maxDelay: Int = 6
    /// Per step, chance of crashing a replica (if fewer than f are down or recovering).
    public var crashChance: Double = 0.003
    /// Chance that a crashed replica comes back with its disk lost (recovery protocol).
    public var diskLossChance: Double = 0.3
    /// Per step, chance of pausing a replica (a stop-the-world pause, SIGSTOP): it keeps its
    /// memory, does not tick, and receives what was sent to it only when it resumes.
    public var pauseChance: Double = 0.002
    /// Chance that a replica restarting with its disk finds a bit flipped in one entry of its log.
    /// A corrupt middle entry is repaired from peers (protocol-aware repair); a corrupt last
    /// entry is refused, and the simulator then wipes the disk and the replica recovers (§4.3).
    public var corruptionChance: Double = 0.1
    /// Send replica messages through the binary codec (`Message.encode`/`decode`), as a real
    /// transport would.
    public var throughCodec: Bool = false
    /// With `throughCodec`, chance that a frame has one bit flipped on the wire (it must be
    /// refused by the decoder, and is then lost like a dropped packet).
    public var bitFlipChance: Double = 0
    /// Per step, chance that the partition changes (a new one, or healing the current one).
    public var partitionChance: Double = 0.004
    /// Reconfigurations (VRR §7) an administrator submits during the safety phase, at random
    /// steps, each to a random configuration of 3 or 5 of 5 replica ids (3→5, 5→3, replacing
    /// members). With any, the cluster has 5 replica ids of which `replicaCount` start as members.
    public var reconfigurations: Int = 0
    /// Test only: make the primary commit without a quorum, to prove the checker catches it.
    public var brokenPrimary: Bool = false
    /// Test only: make replicas start view changes without persisting the view first.
    public var brokenViewPersistence: Bool = false
    /// Test only: make replicas truncate their log at a corrupt entry instead of repairing it.
    public var brokenRepair: Bool = false
    /// Replica parameters: checkpoint interval (small, so that checkpoints and snapshot
    /// transfers happen often), pipeline depth and batch size.
    public var checkpointInterval: UInt64 = 32
    /// See `Configuration.pipelineDepth`.
    public var pipelineDepth: Int = 4
    /// See `Configuration.maxBatch`.
    public var maxBatch: Int = 8
    /// See `Configuration.commitEagerly`.
    public var commitEagerly: Bool = false

    /// Default options for `seed`.
    public init(seed: UInt64) { self.seed = seed }

    /// Swarm testing (as TigerBeetle's VOPR does): the fault rates, client load and replica
    /// parameters are themselves drawn from the seed, so that different seeds explore quiet
    /// networks, lossy ones, crash storms and long partitions rather than one average mix.
    public static func swarm(seed: UInt64, replicaCount: Int = 3) -> SimulationOptions {
        var rng = SplitMix64(seed: seed ^ 0x5EED_5EED_5EED_5EED)
        var o = SimulationOptions(seed: seed)
        o.replicaCount = replicaCount
        o.clientCount = 1 + rng.below(8)
        o.submitChance = [0.02, 0.1, 0.3, 0.8][rng.below(4)]
        o.clientRetryTicks = 30 + rng.below(120)
        o.dropChance = [0, 0.01, 0.05, 0.15, 0.3][rng.below(5)]
        o.duplicateChance = [0, 0.02, 0.1][rng.below(3)]
        o.maxDelay = [2, 6, 15, 30][rng.below(4)]
        o.crashChance = [0, 0.001, 0.005, 0.02][rng.below(4)]
        o.diskLossChance = [0, 0.3, 0.7][rng.below(3)]
        o.partitionChance = [0, 0.002, 0.01, 0.03][rng.below(4)]
        o.pauseChance = [0, 0.002, 0.01][rng.below(3)]
        o.corruptionChance = [0, 0.1, 0.5][rng.below(3)]
        o.throughCodec = rng.chance(0.5)
        o.bitFlipChance = o.throughCodec ? [0, 0.01, 0.05][rng.below(3)] : 0
        o.checkpointInterval = [4, 8, 32, 128][rng.below(4)]
        o.pipelineDepth = 1 + rng.below(8)
        o.maxBatch = 1 + rng.below(16)
        o.reconfigurations = rng.chance(0.3) ? 1 + rng.below(2) : 0
        o.commitEagerly = rng.chance(0.5)
        return o
    }

    /// A one-line summary of the fault profile, for traces.
    public var profile: String {
        "clients \(clientCount) submit \(submitChance) drop \(dropChance) dup \(duplicateChance) delay ≤\(maxDelay) "
            + "crash \(crashChance) disk-loss \(diskLossChance) partition \(partitionChance) pause \(pauseChance) corrupt \(corruptionChance) codec \(throughCodec) bit-flip \(bitFlipChance) "
            + "checkpoint \(checkpointInterval) pipeline \(pipelineDepth)×\(maxBatch) reconfigurations \(reconfigurations) eager-commit \(commitEagerly)"
    }
}

/// The outcome of one run.
public struct SimulationResult: Sendable {
    /// The seed that was run.
    public var seed: UInt64
    /// The first invariant violated, or nil if the run passed.
    public var violation: String?
    /// Steps executed.
    public var steps: Int = 0
    /// Highest op committed.
    public var committedOps: UInt64 = 0
    /// Client requests answered.
    public var completedRequests: Int = 0
    /// Highest view reached.
    public var maxView: UInt64 = 0
    /// Crashes injected, and how many of them lost the disk.
    public var crashes = 0, diskLosses = 0
    /// Entries corrupted on a crashed replica's disk, and restarts that repaired from peers.
    public var corruptions = 0, repairs = 0
    /// Reconfigurations submitted, and the highest epoch reached.
    public var reconfigurationsSubmitted = 0, epochs: UInt64 = 0
    /// Packets delivered.
    public var delivered = 0
    /// Steps the liveness phase took to converge (all requests answered, replicas equal).
    public var convergenceSteps = 0

    /// Whether every invariant held.
    public var passed: Bool { violation == nil }
}
