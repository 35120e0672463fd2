/// Why a replica refused to start from its durable state. The host must not guess: it either
/// stops with this error or, deliberately, wipes the disk and lets the replica recover from its
/// peers (VRR §4.3), which costs one of the `f` tolerated faults until recovery completes.
public enum StartError: Error, Equatable, Sendable {
    /// The entry at `op` is corrupt or does not chain onto the one before it. Entries from `op`
    /// on may have been acknowledged to a primary, so truncating them silently could lose a
    /// committed op.
    case corruptJournal(op: UInt64)
    /// The checkpoint on disk carries no state machine snapshot.
    case missingCheckpointState
    /// The durable view state is impossible (last normal view after the view).
    case invalidViewState
    /// The disk is marked as recovering: a previous recovery did not complete. Start the replica
    /// with `Replica.recovering` and a fresh nonce.
    case recoveryIncomplete
}
