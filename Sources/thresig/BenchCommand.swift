import ArgumentParser

/// `thresig bench …` — micro-benchmarks (release builds only give meaningful figures).
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks of the cryptographic kernels, threshold ECDSA and a running cluster.",
        subcommands: [FoundationBench.self, BLSBench.self, DKGBench.self, ConstantTimeBench.self, ECDSABench.self,
                      ClusterBench.self]
    )
}
