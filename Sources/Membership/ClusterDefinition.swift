/// The cluster definition every node starts from: the cluster's name and its members
/// (DESIGN.md, "Membership and committees"). Later membership changes are log entries; this
/// document is the seed.
///
/// The initializer enforces the invariants a node relies on when it pins peers and routes shares:
/// ids, fingerprints, X25519 keys, Ed25519 keys and addresses are each unique across members.
public struct ClusterDefinition: Hashable, Sendable {
    /// The encoding version ``ClusterDefinitionCodec`` writes and reads.
    public static let currentVersion = 1

    /// A human name for the cluster (1…64 characters), shown by `thresig cluster status`.
    public let name: String
    /// The members, in the order of the document (sorted by id when `cluster init` writes it).
    public let members: [Member]

    /// Validates uniqueness; throws the first violation found, in member order.
    public init(name: String, members: [Member]) throws(ClusterDefinitionError) {
        guard (1...64).contains(name.utf8.count) else { throw .invalidClusterName(name) }
        guard !members.isEmpty else { throw .noMembers }
        var ids = Set<MemberID>(), fingerprints = Set<String>()
        var xKeys = Set<[UInt8]>(), edKeys = Set<[UInt8]>(), addresses = Set<HostPort>()
        for m in members {
            guard ids.insert(m.id).inserted else { throw .duplicateMemberID(m.id.rawValue) }
            guard fingerprints.insert(m.tlsFingerprint).inserted else { throw .duplicateFingerprint(m.tlsFingerprint) }
            guard xKeys.insert(m.x25519PublicKey).inserted else {
                throw .duplicatePublicKey(kind: "x25519", hex: m.x25519PublicKey.hexString)
            }
            guard edKeys.insert(m.ed25519PublicKey).inserted else {
                throw .duplicatePublicKey(kind: "ed25519", hex: m.ed25519PublicKey.hexString)
            }
            // One address space for both roles: a log port equal to another node's API port is
            // as much a misconfiguration as two equal log ports.
            for a in [m.logAddress, m.apiAddress] + (m.clientAddress.map { [$0] } ?? []) {
                guard addresses.insert(a).inserted else { throw .duplicateAddress(a.description) }
            }
        }
        self.name = name
        self.members = members
    }

    /// The member with `id`, if any.
    public func member(_ id: MemberID) -> Member? { members.first { $0.id == id } }

    /// The member ids in document order.
    public var memberIDs: [MemberID] { members.map(\.id) }
}

import Primitives
