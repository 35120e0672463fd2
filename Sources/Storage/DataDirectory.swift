/// The layout of a node's data directory (DESIGN.md, "Storage"): `wal/`, `snapshots/`,
/// `vault/`, `node/`. The replica's durable state lives in `node/state`.
public struct DataDirectory: Sendable, Equatable {
    public let root: String

    public init(root: String) { self.root = root }

    public var wal: String { Directory.join(root, "wal") }
    public var snapshots: String { Directory.join(root, "snapshots") }
    public var vault: String { Directory.join(root, "vault") }
    public var node: String { Directory.join(root, "node") }
}
