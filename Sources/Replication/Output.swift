/// What the replica asks its host to do, in order.
///
/// Durability contract: `persistViewState`, `persistJournal` and `persistCheckpoint` are
/// *synchronous*: the host makes them durable — together with every earlier `append` — before
/// executing any later output. `append` is asynchronous (group commit): the host reports
/// `Input.appendCompleted` once the entries are durable, and only then does a backup send
/// PrepareOk or the primary count itself towards a quorum.
public enum Output: Equatable, Sendable {
    /// Send a message to replica `to`.
    case send(Message, to: Int)
    /// Send a reply to a client.
    case reply(Reply)
    /// Append entries to the write-ahead log (asynchronous; see above).
    case append(writeId: UInt64, entries: [Entry])
    /// Make the view number and last normal view durable (synchronous). This also clears the
    /// disk's recovering mark (`DurableState.isRecovering`).
    case persistViewState(view: UInt64, lastNormalView: UInt64)
    /// Replace the durable log with this one (synchronous; after a view change, state transfer
    /// or recovery).
    case persistJournal(Journal)
    /// Make this checkpoint durable and drop the log before it (synchronous).
    case persistCheckpoint(Checkpoint)
    /// Informational: op `entry.op` was committed and applied (or skipped as a duplicate, then
    /// `applied` is false). `asPrimaryOf` is the view if this replica committed it as primary.
    case committed(entry: Entry, reply: [UInt8], applied: Bool, asPrimaryOf: UInt64?)
    /// Reconfiguration (VRR §7), synchronous like the other persist outputs: durably record that
    /// the replica is in `epoch` with configuration `members`, started by the reconfiguration at
    /// op `startOp`; set the view and last normal view to 0 (views restart in each epoch) and SET
    /// the recovering mark (`DurableState.isRecovering`). The replica follows it with
    /// `persistJournal`/`persistViewState` once its log is the new epoch's; that clears the mark.
    /// A crash in between therefore brings it back through recovery (§4.3), never as a voter
    /// holding a log it has not yet checked against the new epoch.
    case persistEpoch(epoch: UInt64, members: [Int], startOp: UInt64)
    /// Reconfiguration: this replica is not in the current epoch's configuration and a quorum
    /// of the new configuration has started (EpochStarted), so it will never be needed again.
    /// The host stops it (after this, the replica ignores every input) and may reclaim its disk.
    case shutDown(epoch: UInt64)
}
