import Foundation
import LogClient
import Membership
import Transport

/// Why a cluster file was refused.
public enum ClusterDefinitionError: Error, Equatable, CustomStringConvertible {
    /// The file could not be read or parsed.
    case unreadable(String)
    /// The file parsed but is not a valid cluster (named).
    case invalid(String)

    /// A message for the operator.
    public var description: String {
        switch self {
        case .unreadable(let s): return "cluster file unreadable: \(s)"
        case .invalid(let s): return "cluster file invalid: \(s)"
        }
    }
}

/// The cluster file written by `thresig-replica init` (`cluster.json`): for each replica, its
/// node id, where it listens for peers (mutual TLS) and clients, and the SHA-256 fingerprint of
/// its certificate, which every other replica pins.
public struct ClusterDefinition: Codable, Sendable, Equatable {
    /// One replica.
    public struct Member: Codable, Sendable, Equatable {
        /// Position in the configuration (VRR's replica number; the primary of view v is v mod n).
        public var index: Int
        /// The node id in the replica's certificate.
        public var nodeId: String
        /// Host of both listeners.
        public var host: String
        /// Replica-to-replica port (mutual TLS).
        public var peerPort: Int
        /// Client port (length-prefixed `ClientMessage` frames).
        public var clientPort: Int
        /// Lowercase hex SHA-256 of the certificate DER.
        public var fingerprint: String

        /// Bundles the fields.
        public init(index: Int, nodeId: String, host: String, peerPort: Int, clientPort: Int, fingerprint: String) {
            self.index = index
            self.nodeId = nodeId
            self.host = host
            self.peerPort = peerPort
            self.clientPort = clientPort
            self.fingerprint = fingerprint
        }
    }

    /// Format version of the file.
    public var version: Int
    /// The replicas, by index.
    public var members: [Member]

    /// A definition of `members` (format version 1).
    public init(members: [Member]) {
        self.version = 1
        self.members = members
    }

    /// The client ports, by replica index (for `LogClient`).
    public var clientEndpoints: [LogClient.Endpoint] {
        members.map { LogClient.Endpoint(host: $0.host, port: $0.clientPort) }
    }

    /// Reads and validates `path`.
    public static func load(path: String) throws(ClusterDefinitionError) -> ClusterDefinition {
        let definition: ClusterDefinition
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            definition = try JSONDecoder().decode(ClusterDefinition.self, from: data)
        } catch {
            throw .unreadable("\(path): \(error)")
        }
        try definition.validate()
        return definition
    }

    /// Writes the definition as JSON (keys sorted, so the file is stable).
    public func write(path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(self).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    /// The log host's view of a signer cluster's definition (`thresig cluster init`'s
    /// `cluster.json`, the single cluster file of `thresigd`): member k of the document is replica
    /// k, its `log_address` the peer listener and its `client_address` the client port.
    /// - Throws: `.invalid` when a member has no `client_address` (a definition written before
    ///   `thresigd`), or when the result does not validate.
    public init(membership: Membership.ClusterDefinition) throws(ClusterDefinitionError) {
        var members: [Member] = []
        for (i, m) in membership.members.enumerated() {
            guard let client = m.clientAddress else { throw .invalid("member \(m.id) has no client_address") }
            guard client.host == m.logAddress.host else {
                throw .invalid("member \(m.id): client_address and log_address must share a host")
            }
            members.append(Member(index: i, nodeId: m.id.rawValue, host: m.logAddress.host, peerPort: m.logAddress.port,
                                  clientPort: client.port, fingerprint: m.tlsFingerprint))
        }
        self.init(members: members)
        try validate()
    }

    /// Checks the version, that indices are 0..<n, ids valid and distinct, ports in range and
    /// distinct, and fingerprints 64 lowercase hex digits. Any n ≥ 1 works: the log uses majority
    /// quorums (`Replication.Configuration`), so an even n (4 signer nodes) is allowed too.
    public func validate() throws(ClusterDefinitionError) {
        guard version == 1 else { throw .invalid("unsupported version \(version)") }
        guard !members.isEmpty else { throw .invalid("need at least one replica") }
        for (i, m) in members.enumerated() {
            guard m.index == i else { throw .invalid("members must be listed by index 0..<n") }
            guard NodeID.isValid(m.nodeId) else { throw .invalid("node id \(m.nodeId)") }
            guard (1...65535).contains(m.peerPort), (1...65535).contains(m.clientPort) else {
                throw .invalid("ports of replica \(i) out of range")
            }
            guard m.fingerprint.count == 64, m.fingerprint.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else {
                throw .invalid("fingerprint of replica \(i)")
            }
        }
        guard Set(members.map(\.nodeId)).count == members.count else { throw .invalid("duplicate node ids") }
        let endpoints = members.flatMap { ["\($0.host):\($0.peerPort)", "\($0.host):\($0.clientPort)"] }
        guard Set(endpoints).count == endpoints.count else { throw .invalid("duplicate host:port") }
    }

    /// The transport's peer table: every member but `index`, with its pinned fingerprint.
    public func peers(excluding index: Int) -> [NodeID: PeerAddress] {
        var out: [NodeID: PeerAddress] = [:]
        for m in members where m.index != index {
            out[NodeID(stringLiteral: m.nodeId)] = PeerAddress(host: m.host, port: m.peerPort, fingerprint: m.fingerprint)
        }
        return out
    }
}
