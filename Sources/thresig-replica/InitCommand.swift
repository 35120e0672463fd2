import ArgumentParser
import Foundation
import SignerNode
import Storage
import Transport

/// `thresig-replica init`: identities, certificates, the cluster file and formatted data directories.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a cluster: per-replica key (0600) and certificate, cluster.json, formatted data directories.",
        discussion: """
        Layout: DIR/cluster.json (ids, addresses, ports, certificate fingerprints) and, per \
        replica K, DIR/replica-K/node/{key.pem,cert.pem,state}, DIR/replica-K/wal/, \
        DIR/replica-K/snapshots/. Replica K listens for peers on BASE+2K (mutual TLS) and for \
        clients on BASE+2K+1.

        Example:
          thresig-replica init --replicas 3 --dir /tmp/log --base-port 7400
        """
    )

    @Option(help: "Number of replicas (odd: 2f+1).")
    var replicas: Int = 3

    @Option(help: "Directory for the cluster (created; must not hold a cluster already).")
    var dir: String

    @Option(name: .customLong("base-port"), help: "First port; replica K uses BASE+2K (peers) and BASE+2K+1 (clients).")
    var basePort: Int = 7400

    @Option(help: "Address every replica binds and is reached at.")
    var host: String = "127.0.0.1"

    func validate() throws {
        guard replicas >= 1, replicas % 2 == 1, replicas <= 15 else { throw ValidationError("--replicas must be odd, 1...15") }
        guard basePort >= 1024, basePort + 2 * replicas <= 65535 else { throw ValidationError("--base-port out of range") }
    }

    func run() throws {
        let clusterPath = dir + "/cluster.json"
        guard !FileManager.default.fileExists(atPath: clusterPath) else {
            throw ValidationError("\(clusterPath) exists: refusing to overwrite a cluster")
        }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        var members: [ClusterDefinition.Member] = []
        for k in 0..<replicas {
            let nodeID = try NodeID("replica-\(k)")
            let identity = try NodeIdentity.generate(nodeID: nodeID)
            let data = DataDirectory(root: "\(dir)/replica-\(k)")
            try FileManager.default.createDirectory(atPath: data.node, withIntermediateDirectories: true)
            try writeFile(data.node + "/key.pem", identity.privateKeyPEM, mode: 0o600)
            try writeFile(data.node + "/cert.pem", identity.certificatePEM, mode: 0o644)
            let opened = try DiskStore.open(data, replicaIndex: k, emptySnapshot: RecordLog().snapshot())
            try opened.store.formatInitial()
            opened.store.close()
            members.append(.init(index: k, nodeId: nodeID.rawValue, host: host, peerPort: basePort + 2 * k,
                                 clientPort: basePort + 2 * k + 1, fingerprint: identity.fingerprint))
        }
        let cluster = ClusterDefinition(members: members)
        try cluster.validate()
        try cluster.write(path: clusterPath)
        print("created a \(replicas)-replica cluster in \(dir)")
        for m in members {
            print("  replica \(m.index): \(m.nodeId) peers \(m.host):\(m.peerPort) clients \(m.host):\(m.clientPort) "
                  + "fingerprint \(m.fingerprint.prefix(16))…")
        }
    }
}

/// Writes `text` to a new file created with `mode` (the key never exists with wider permissions).
func writeFile(_ path: String, _ text: String, mode: mode_t) throws {
    let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, mode)
    guard fd >= 0 else { throw ValidationError("cannot create \(path): errno \(errno)") }
    defer { close(fd) }
    let bytes = Array(text.utf8)
    let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress!, $0.count) }
    guard written == bytes.count, fsync(fd) == 0 else { throw ValidationError("cannot write \(path)") }
}
