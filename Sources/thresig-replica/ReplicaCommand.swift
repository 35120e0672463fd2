import ArgumentParser

/// `thresig-replica` — one replica of the session log as a real process, and its tools.
@main
struct ReplicaCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "thresig-replica",
        abstract: "Run a replica of Thresig's replicated session log (VSR over mutual TLS), and talk to it.",
        discussion: """
        A local 3-replica cluster:
          thresig-replica init --replicas 3 --dir /tmp/log --base-port 7400
          thresig-replica run --dir /tmp/log --index 0 &
          thresig-replica run --dir /tmp/log --index 1 &
          thresig-replica run --dir /tmp/log --index 2 &
          thresig-replica append --dir /tmp/log "hello"
          thresig-replica read --dir /tmp/log
          thresig-replica status --dir /tmp/log
        """,
        subcommands: [InitCommand.self, RunCommand.self, StatusCommand.self, AppendCommand.self, ReadCommand.self,
                      BenchCommand.self, FailoverCommand.self]
    )
}
