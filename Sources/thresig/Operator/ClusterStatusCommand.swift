import ArgumentParser
import Foundation

extension ClusterCommand {
    /// `thresig cluster status [--json] [--timeout S]` — every member's own `GET /v1/cluster`.
    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Members, view, primary, commit index and lag of every node of a running cluster.",
            discussion: """
            Learns the members from the node at $THRESIG_API (or --api; when that node
            does not answer, from $THRESIG_API_1, $THRESIG_API_2, … in turn), then asks
            every member at its api_address, all at once, for its own view of the log
            (GET /v1/cluster, needs a * token that every node accepts, such as the
            operator token of deploy/local-cluster.sh). Per node: role, state (normal,
            view-change, recovering, or down with the reason), view, op (highest op in
            its journal), commit (its commit index) and lag = the primary's commit
            index minus the node's (when the primary does not answer, the highest
            commit index any node reported). The answers are concurrent, not atomic:
            a few ops of lag under load are normal.
            --json prints the same as one JSON object (docs/cli.md).
            Exit status: 0 at least one node answered (others may be down);
            1 no node answered; 2 bad arguments.

            Example:
              thresig cluster status
            """
        )
        @Flag(help: "Print one JSON object instead of the table.") var json = false
        @Option(help: ArgumentHelp("Seconds each node may take to answer.", valueName: "seconds")) var timeout: Double = 2
        @OptionGroup var apiOptions: APIOptions

        func run() throws {
            do { try status() } catch { throw error.exit() }
        }

        private func status() throws(OperatorError) {
            guard timeout > 0, timeout <= 600 else { throw .usage("--timeout must be more than 0 and at most 600 seconds") }
            let environment = ProcessInfo.processInfo.environment
            let first = try apiOptions.endpoint(environment: environment)
            let survey = ClusterSurvey(seeds: ClusterSurvey.seeds(first: first, environment: environment), timeout: timeout)
            let report: ClusterStatusReport
            do { report = try survey.run() } catch {
                let tried = survey.seeds.map(\.base).joined(separator: ", ")
                var text = "no node answered GET /v1/cluster (tried \(tried)); first failure: \(error.message.dropFirst("error: ".count))"
                if survey.seeds.count == 1 { text += "; set THRESIG_API_1, THRESIG_API_2, … to try the other nodes" }
                throw .failed(text)
            }
            print(json ? try report.renderJSON() : report.renderText())
        }
    }
}
