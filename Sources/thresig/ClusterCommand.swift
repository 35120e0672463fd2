import ArgumentParser
import Foundation
import Membership
import SignerNode

/// `thresig cluster …` — operator tools for a cluster of signer nodes.
struct ClusterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cluster",
        abstract: "Create a cluster's identities, certificates and configs; show a running cluster.",
        subcommands: [Init.self, Status.self]
    )

    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a cluster: per-node keys, certificates, configs; cluster.json.",
            discussion: """
            Per node: Ed25519 identity, X25519 key, self-signed TLS certificate,
            API admin token and vault passphrase (secrets 0600), a data directory
            and an annotated thresigd.yaml; plus the shared cluster.json.
            Node k listens on BASE+k (log) and BASE+100+k (API).
            Refuses a DIR that exists and is not empty. See docs/operations.md.

            Example:
              thresig cluster init --nodes 4 --threshold-default 3 --dir /tmp/tc
            """
        )
        @Option(help: "Number of nodes (1…255).") var nodes: Int
        @Option(help: "Threshold `thresig dkg` proposes by default (1…nodes).") var thresholdDefault: Int
        @Option(help: "Directory to create (must not exist or be empty).") var dir: String
        @Option(help: "Base port: log BASE+k, API BASE+100+k.") var basePort: Int = 7100
        @Option(help: "Host or address every node listens on and is reached at.") var host: String = "127.0.0.1"
        @Option(help: "Cluster name.") var name: String = "local"

        func run() throws {
            let options = ClusterInitializer.Options(nodes: nodes, defaultThreshold: thresholdDefault, directory: dir,
                                                     basePort: basePort, host: host, clusterName: name)
            let result: ClusterInitializer.Result
            do { result = try ClusterInitializer.run(options) } catch {
                FileHandle.standardError.write(Data("error: cluster init: \(error)\n".utf8))
                throw ExitCode(2)
            }
            print("cluster \(result.definition.name): \(result.definition.members.count) nodes in \(dir)")
            for (member, config) in zip(result.definition.members, result.configPaths) {
                print("  \(member.id)  log \(member.logAddress)  api \(member.apiAddress)  tls \(member.tlsFingerprint.prefix(16))…  config \(config)")
            }
            print("cluster definition: \(dir)/cluster.json")
        }
    }
}
