import ArgumentParser
import LogClient
import SignerNode

/// Where the client-side commands find the cluster.
struct ClusterOptions: ParsableArguments {
    @Option(help: "Cluster directory written by `init` (its cluster.json lists the client ports).")
    var dir: String

    func client() throws -> (ClusterDefinition, LogClient) {
        let cluster = try ClusterDefinition.load(path: dir + "/cluster.json")
        return (cluster, LogClient(endpoints: cluster.clientEndpoints))
    }
}

/// `thresig-replica status`: each replica's view, status, primary, op and commit numbers.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Print each replica's view, status, primary, op number and commit number.",
        discussion: """
        Example:
          thresig-replica status --dir /tmp/log
          replica=0 view=0 status=normal primary=0 op=12 commit=12
          replica=1 view=0 status=normal primary=0 op=12 commit=12
          replica=2 unreachable: …
        """
    )

    @OptionGroup var cluster: ClusterOptions

    @Option(help: "Only this replica.")
    var index: Int?

    func run() throws {
        let (definition, client) = try cluster.client()
        defer { client.close() }
        var reachable = 0
        for k in definition.members.indices where index == nil || index == k {
            do {
                print(try client.status(of: k))
                reachable += 1
            } catch {
                print("replica=\(k) unreachable: \(error)")
            }
        }
        if reachable == 0 { throw ExitCode.failure }
    }
}

/// `thresig-replica append`: appends a record through the primary and prints its position.
struct AppendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "append",
        abstract: "Append a record to the replicated record log; prints its position once committed.",
        discussion: "Example:\n  thresig-replica append --dir /tmp/log \"hello\"\n  committed at position 1 (view 0)"
    )

    @OptionGroup var cluster: ClusterOptions

    @Argument(help: "The record (UTF-8 text).")
    var record: String

    func run() throws {
        let (_, client) = try cluster.client()
        defer { client.close() }
        let reply = try client.submit(RecordLog.append(Array(record.utf8)), timeout: .seconds(10))
        guard let position = RecordLog.appendedPosition(reply.body) else { throw ValidationError("malformed reply") }
        print("committed at position \(position) (view \(reply.view))")
    }
}

/// `thresig-replica read`: reads the record log back through the log (a linearizable read).
struct ReadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "read",
        abstract: "Print the committed records, one per line, in log order (the read itself goes through the log).",
        discussion: "Example:\n  thresig-replica read --dir /tmp/log\n  1 hello"
    )

    @OptionGroup var cluster: ClusterOptions

    @Option(help: "First position (1-based).")
    var from: UInt64 = 1

    @Option(help: "Most records to print.")
    var max: UInt32 = 1000

    func run() throws {
        let (_, client) = try cluster.client()
        defer { client.close() }
        let reply = try client.submit(RecordLog.read(from: from, max: max), timeout: .seconds(10))
        guard let records = RecordLog.readRecords(reply.body) else { throw ValidationError("malformed reply") }
        for (i, record) in records.enumerated() {
            print("\(from + UInt64(i)) \(String(decoding: record, as: UTF8.self))")
        }
    }
}
