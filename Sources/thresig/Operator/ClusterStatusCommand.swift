import ArgumentParser
import Foundation

extension ClusterCommand {
    /// `thresig cluster status [--json]` — `GET /v1/cluster` on a running node.
    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Members, view, primary, commit index and lag of a running cluster.",
            discussion: """
            Asks the node at $THRESIG_API (or --api), with an admin (*) token, for the
            cluster as it sees it (GET /v1/cluster): the log's view, the primary as
            the node number k, the commit index, and per member its addresses and
            how many ops it is behind ("?" when the node does not know).
            --json prints the node's response body as received.
            Exit status: 0; 1 the node refused or is unreachable; 2 bad arguments.

            Example:
              thresig cluster status
            """
        )
        @Flag(help: "Print the response body as received.") var json = false
        @OptionGroup var apiOptions: APIOptions

        func run() throws {
            do { try status() } catch { throw error.exit() }
        }

        private func status() throws(OperatorError) {
            let response = try APIClient(endpoint: try apiOptions.endpoint()).get("/v1/cluster")
            let cluster = try response.decode(RemoteCluster.self)
            if json {
                response.printBody()
                return
            }
            print(Self.render(cluster))
        }

        /// The text printed without `--json`.
        static func render(_ c: RemoteCluster) -> String {
            var lines = ["cluster \(c.name): \(c.members.count) members, view \(c.view), primary node \(c.primary), commit index \(c.commitIndex)"]
            let width = c.members.map(\.id.count).max() ?? 0
            for (k, m) in c.members.enumerated() {
                let pad = String(repeating: " ", count: max(0, width - m.id.count))
                let role = k + 1 == c.primary ? "primary" : "backup "
                let lag = m.lag.map(String.init) ?? "?"
                lines.append("  \(k + 1)  \(m.id)\(pad)  \(role)  api \(m.apiAddress)  log \(m.logAddress)  lag \(lag)")
            }
            return lines.joined(separator: "\n")
        }
    }
}
