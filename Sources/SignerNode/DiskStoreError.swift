import Replication
import Storage

/// Why the host refused to start from its data directory, or stopped on a disk failure.
public enum DiskStoreError: Error, CustomStringConvertible {
    /// The write-ahead log is damaged somewhere other than a torn tail (Storage's recovery rules);
    /// the ops named may have been acknowledged, so they are never dropped silently.
    case walCorrupt(WALError)
    /// The durable view state file has no valid copy.
    case viewStateCorrupt(String)
    /// A WAL entry's payload does not rebuild the replica entry it was written from.
    case entryCorrupt(op: UInt64)
    /// The newest valid snapshot is not a checkpoint image.
    case snapshotCorrupt(op: UInt64)
    /// The replica refused the durable state (a broken chain, an impossible view state).
    case replicaRefused(StartError)
    /// `--recover` was given but the data directory holds durable state: refusing to wipe it.
    case recoverWithExistingState
    /// The data directory was never formatted and `--recover` was not given.
    case unformatted(String)
    /// A system call failed (open, write, fsync…).
    case io(String)

    /// A message for the operator.
    public var description: String {
        switch self {
        case .walCorrupt(let e):
            return "write-ahead log is corrupt (\(e)); refusing to start. The replica can be rebuilt from its "
                + "peers: move its data directory aside and start it with --recover."
        case .viewStateCorrupt(let s): return "durable view state is corrupt: \(s); refusing to start"
        case .entryCorrupt(let op): return "WAL entry for op \(op) does not match its replica checksum; refusing to start"
        case .snapshotCorrupt(let op): return "snapshot at op \(op) is not a valid checkpoint; refusing to start"
        case .replicaRefused(.corruptJournal(let op)):
            return "WAL entry for op \(op) is corrupt or does not chain onto the log, and no intact successor "
                + "names its checksum, so it cannot be repaired from peers; refusing to start. The replica can be "
                + "rebuilt from its peers: move its data directory aside and start it with --recover."
        case .replicaRefused(let e): return "durable state refused by the replica: \(e)"
        case .recoverWithExistingState:
            return "--recover given, but the data directory holds durable state; refusing to overwrite it"
        case .unformatted(let dir):
            return "no durable state in \(dir): run `thresig-replica init` to create a cluster, or, if this replica "
                + "lost its disk, start it with --recover"
        case .io(let s): return "disk I/O failed: \(s)"
        }
    }
}
