import ArgumentParser

/// `thresig` — the operator's and auditor's command-line tool.
@main
struct Thresig: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "thresig",
        abstract: "Thresig threshold signing: conformance vectors, benchmarks and operator tools.",
        discussion: """
        Examples:
          thresig vectors verify ../shared/vectors/wycheproof
          thresig bench foundation --json
        """,
        version: "0.1.0",
        subcommands: [VectorsCommand.self, BenchCommand.self]
    )
}
