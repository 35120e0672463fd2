// The cluster definition here is `Membership.ClusterDefinition` (DESIGN.md's Membership module),
// always written qualified: the session-log host (built in parallel) defines a log-only `ClusterDefinition` in this module.
import Foundation
import Membership
import Primitives
import Storage
import Transport

/// `thresig cluster init`: everything a new cluster's nodes need to start (issue 6 §1).
///
/// Layout of `DIR` (docs/operations.md):
/// ```
/// DIR/cluster.json                      cluster definition (0644)
/// DIR/node-k/thresigd.yaml              annotated config (0644)
/// DIR/node-k/data/                      data directory (0700, empty)
/// DIR/node-k/node/tls-cert.pem          self-signed certificate (0644)
/// DIR/node-k/node/tls-key.pem           its private key (0600)
/// DIR/node-k/node/ed25519.seed          Ed25519 seed, hex (0600)
/// DIR/node-k/node/x25519.key            X25519 secret key, hex (0600)
/// DIR/node-k/node/admin-token           API admin token (0600)
/// DIR/node-k/node/vault-passphrase      vault passphrase (0600)
/// ```
/// Every file is written atomically (temporary file, fsync, rename). Secrets come from
/// libsodium's CSPRNG and are never printed.
public enum ClusterInitializer {
    /// What to create.
    public struct Options: Sendable {
        /// Number of nodes (1…255).
        public var nodes: Int
        /// Threshold `thresig dkg` proposes (1…nodes).
        public var defaultThreshold: Int
        /// Directory to create (absent or empty).
        public var directory: String
        /// Node k's log transport listens on `basePort + k`, its API on `basePort + 100 + k`, its
        /// log replica's client port on `basePort + 200 + k`.
        public var basePort: Int
        /// Host every node listens on and is reached at.
        public var host: String
        /// The cluster's name in the definition.
        public var clusterName: String

        /// Options; ports from `basePort`, loopback and "local" by default.
        public init(nodes: Int, defaultThreshold: Int, directory: String, basePort: Int = 7100,
                    host: String = "127.0.0.1", clusterName: String = "local") {
            self.nodes = nodes
            self.defaultThreshold = defaultThreshold
            self.directory = directory
            self.basePort = basePort
            self.host = host
            self.clusterName = clusterName
        }
    }

    /// What was created: the definition and each node's config path.
    public struct Result: Sendable {
        /// The cluster definition written to `cluster.json`.
        public let definition: Membership.ClusterDefinition
        /// Each node's `thresigd.yaml`, node 1 first.
        public let configPaths: [String]
    }

    /// Creates the cluster directory. Refuses a directory that exists and is not empty.
    public static func run(_ o: Options) throws(NodeConfigError) -> Result {
        guard (1...255).contains(o.nodes) else { throw .invalidOptions("--nodes must be 1…255") }
        guard (1...o.nodes).contains(o.defaultThreshold) else { throw .invalidOptions("--threshold-default must be 1…--nodes") }
        guard o.basePort >= 1, o.basePort + 200 + o.nodes <= 65535 else { throw .invalidOptions("--base-port leaves no room for \(o.nodes) nodes") }
        if let entries = try? FileManager.default.contentsOfDirectory(atPath: o.directory), !entries.isEmpty {
            throw .directoryNotEmpty(o.directory)
        }
        if FileManager.default.fileExists(atPath: o.directory),
           (try? FileManager.default.contentsOfDirectory(atPath: o.directory)) == nil {
            throw .directoryNotEmpty(o.directory)  // a file, not a directory
        }
        var members: [Membership.Member] = []
        var configPaths: [String] = []
        for k in 1...o.nodes {
            let id = "node-\(k)"
            let nodeDir = o.directory + "/" + id
            let secretDir = nodeDir + "/node"
            try mkdir(secretDir)
            try mkdir(nodeDir + "/data")
            try formatLog(DataDirectory(root: nodeDir + "/data"), index: k - 1)
            let identity: NodeIdentity
            do { identity = try NodeIdentity.generate(nodeID: try NodeID(id)) } catch { throw .identity("\(id): \(error)") }
            let edSeed = SecretBytes.random(count: Ed25519.seedLength)
            let ed: Ed25519.SigningKey
            do { ed = try Ed25519.SigningKey(seed: edSeed) } catch { throw .identity("\(id): \(error)") }
            let x = X25519.KeyPair.generate()
            try write(Array(identity.certificatePEM.utf8), secretDir + "/tls-cert.pem", mode: 0o644)
            try write(Array(identity.privateKeyPEM.utf8), secretDir + "/tls-key.pem", mode: 0o600)
            try writeSecretHex(edSeed, secretDir + "/ed25519.seed")
            try writeSecretHex(x.secretKey, secretDir + "/x25519.key")
            // 32 random bytes as hex: a bearer token and a passphrase with 256 bits of entropy.
            try writeSecretHex(SecretBytes.random(count: 32), secretDir + "/admin-token")
            try writeSecretHex(SecretBytes.random(count: 32), secretDir + "/vault-passphrase")
            let log: HostPort, api: HostPort, client: HostPort
            do {
                log = try HostPort(host: o.host, port: o.basePort + k)
                api = try HostPort(host: o.host, port: o.basePort + 100 + k)
                client = try HostPort(host: o.host, port: o.basePort + 200 + k)
            } catch { throw .invalidOptions("--host \(o.host) is not a valid host") }
            do {
                members.append(try Membership.Member(id: MemberID(id), logAddress: log, apiAddress: api, tlsFingerprint: identity.fingerprint,
                                          x25519PublicKey: x.publicKey, ed25519PublicKey: ed.publicKey, clientAddress: client))
            } catch { throw .identity("\(id): \(error)") }
            let config = NodeConfigTemplate.render(nodeID: id, logListen: log.description, apiListen: api.description,
                                                   defaultThreshold: o.defaultThreshold)
            try write(Array(config.utf8), nodeDir + "/thresigd.yaml", mode: 0o644)
            configPaths.append(nodeDir + "/thresigd.yaml")
        }
        let definition: Membership.ClusterDefinition
        do { definition = try Membership.ClusterDefinition(name: o.clusterName, members: members) } catch {
            throw .invalidOptions("cluster definition refused: \(error)")
        }
        try write(ClusterDefinitionCodec.encode(definition), o.directory + "/cluster.json", mode: 0o644)
        return Result(definition: definition, configPaths: configPaths)
    }

    /// Formats the node's session-log data directory for a fresh cluster (view 0, empty log).
    /// Only `cluster init` does this: a node that later finds its directory unformatted has lost
    /// its disk and must recover from the others (`thresigd --recover`, VRR §4.3), never start
    /// from an empty log again.
    static func formatLog(_ data: DataDirectory, index: Int) throws(NodeConfigError) {
        do {
            let opened = try DiskStore.open(data, replicaIndex: index, emptySnapshot: SessionStateMachine().snapshot())
            try opened.store.formatInitial()
            opened.store.close()
        } catch { throw .io("formatting \(data.root): \(error)") }
    }

    static func mkdir(_ path: String) throws(NodeConfigError) {
        do { try AtomicFile.createDirectory(path) } catch { throw .io(error.description) }
    }

    static func write(_ bytes: [UInt8], _ path: String, mode: UInt32) throws(NodeConfigError) {
        do { try AtomicFile.write(bytes, to: path, mode: mode, replace: false) } catch { throw .io(error.description) }
    }

    /// Writes a secret as lowercase hex and a newline, mode 0600, wiping the temporary copy.
    static func writeSecretHex(_ secret: SecretBytes, _ path: String) throws(NodeConfigError) {
        // Hex digits straight into a byte array (a String could not be wiped afterwards).
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(2 * secret.count + 1)
        secret.withUnsafeBytes { raw in
            for b in raw { text.append(digits[Int(b >> 4)]); text.append(digits[Int(b & 0x0f)]) }
        }
        text.append(0x0A)
        defer { Wipe.bytes(&text) }
        try write(text, path, mode: 0o600)
    }
}
