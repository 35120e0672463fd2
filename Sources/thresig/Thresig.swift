import ArgumentParser
import Foundation

/// `thresig` — the operator's and auditor's command-line tool.
@main
struct Thresig: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "thresig",
        abstract: "Thresig threshold signing: conformance vectors, benchmarks and operator tools.",
        discussion: """
        Examples:
          thresig vectors verify vectors ../shared/vectors/wycheproof
          thresig bls verify --public-key 0x… --message 0x… --signature 0x…
          thresig dkg simulate --scheme bls --n 7 --t 5 --malicious 2 --behaviour bad-share --seed 7 --json
          thresig bench foundation --json
          thresig cluster init --nodes 4 --threshold-default 3 --dir /tmp/thresig-cluster
          thresig dkg --scheme bls --threshold 3 --committee-size 4 --label validators
          thresig sign --key KEY_ID --message 0x68656c6c6f --idempotency-key slot-42
          thresig keys list
          thresig cluster status
        The commands that talk to a node read THRESIG_API and THRESIG_TOKEN
        (deploy/local-cluster.sh writes them to DIR/env).
        """,
        version: "0.1.0",
        subcommands: [VectorsCommand.self, BLSCommand.self, DKGCommand.self, SignCommand.self, KeysCommand.self,
                      BenchCommand.self, ClusterCommand.self, ECDSACommand.self]
    )

    /// Like ArgumentParser's default `main`, except that usage errors (unknown or missing
    /// options, malformed values) exit with status 2 — "bad input" — as every Thresig
    /// command documents, instead of sysexits' 64.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
