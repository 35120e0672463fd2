import ArgumentParser
import Foundation

/// `thresig keys …` — the keys registered on a running cluster.
struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Inspect the threshold keys of a running cluster.",
        subcommands: [List.self]
    )

    /// `thresig keys list [--json]` — `GET /v1/keys`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the keys the token may use (GET /v1/keys).",
            discussion: """
            One line per key: id, scheme t-of-n, label, group public key, committee.
            --json prints the node's response body as received.
            Exit status: 0; 1 the node refused or is unreachable; 2 bad arguments.

            Example:
              thresig keys list
            """
        )
        @Flag(help: "Print the response body as received.") var json = false
        @OptionGroup var apiOptions: APIOptions

        func run() throws {
            do { try list() } catch { throw error.exit() }
        }

        private func list() throws(OperatorError) {
            let response = try APIClient(endpoint: try apiOptions.endpoint()).get("/v1/keys")
            let list = try response.decode(RemoteKeyList.self)
            if json {
                response.printBody()
                return
            }
            print(Self.render(list))
        }

        /// The table printed without `--json`.
        static func render(_ list: RemoteKeyList) -> String {
            guard !list.keys.isEmpty else { return "no keys" }
            let width = list.keys.map(\.keyID.count).max() ?? 0
            return list.keys.map { k in
                let pad = String(repeating: " ", count: max(0, width - k.keyID.count))
                return "\(k.keyID)\(pad)  \(k.scheme) \(k.t)-of-\(k.n)  label \(LockFile.quote(k.label))  \(k.groupPublicKey)  committee \(k.committee.joined(separator: ","))"
            }.joined(separator: "\n")
        }
    }
}
