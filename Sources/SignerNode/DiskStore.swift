#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Replication
import Storage

/// A replica's durable state on disk, and the executor of the replica's durable outputs
/// (see `Output`'s durability contract and docs/replication.md, "Outputs to I/O").
///
/// Layout (Storage's `DataDirectory`): `wal/` holds the entries (one WAL entry per replica
/// entry, `WALRecord`), `snapshots/` the checkpoints (`CheckpointImage`), `node/state` the view
/// and last normal view (Storage's two-copy `DurableState`), and `node/recovering` marks a disk
/// formatted for a replica that must recover (VRR §4.3).
///
/// Appends are buffered and made durable by `sync()`, one fdatasync for everything appended
/// since the last one (group commit). The `persist…` methods sync first, so they are durable
/// together with every earlier append when they return.
///
/// Not thread-safe: owned by the host's event loop.
public final class DiskStore {
    /// The directory layout.
    public let directory: DataDirectory
    /// False only for benchmarks of the CPU path: nothing is fsynced (not crash safe).
    public let fsync: Bool

    let wal: WriteAheadLog
    let viewState: Storage.DurableState
    let snapshots: SnapshotWriter
    let replicaIndex: UInt8
    /// The replica-level checksum of each op the WAL holds, and of its base (the op before its first).
    var checksums: [UInt64: Replication.Checksum] = [:]
    /// The op of the checkpoint stored last.
    var snapshotOp: UInt64
    var recoveringMark: String { directory.node + "/recovering" }

    /// What `open` found.
    public struct Opened {
        /// The store, ready for outputs.
        public let store: DiskStore
        /// The durable state to start from; nil when the directory was never formatted.
        public let state: Replication.DurableState?
        /// What WAL recovery did (a truncated torn tail, removed temporary files, corrupt
        /// entries kept as holes for repair).
        public let walReport: RecoveryReport
    }

    init(directory: DataDirectory, fsync: Bool, wal: WriteAheadLog, viewState: Storage.DurableState,
         snapshots: SnapshotStore, replicaIndex: UInt8, snapshotOp: UInt64) {
        self.directory = directory
        self.fsync = fsync
        self.wal = wal
        self.viewState = viewState
        self.snapshots = SnapshotWriter(store: snapshots, durableOp: snapshotOp)
        self.replicaIndex = replicaIndex
        self.snapshotOp = snapshotOp
    }

    /// Opens the data directory and reads back the durable state. A torn WAL tail is truncated
    /// (Storage's recovery). One corrupt entry between two intact ones is kept as a hole
    /// (`WriteAheadLog.Options.keepRepairableCorruption`) and handed to the replica as a
    /// placeholder, which it repairs from its peers (protocol-aware repair, docs/replication.md);
    /// any other damage is a typed refusal naming the op or segment, never a silent loss.
    /// `segmentSize` is the WAL's segment size (tests use small ones to cross segment boundaries).
    public static func open(_ directory: DataDirectory, replicaIndex: Int, emptySnapshot: [UInt8],
                            fsync: Bool = true, segmentSize: Int = 16 << 20) throws(DiskStoreError) -> Opened {
        do {
            try makeDirectory(directory.root)
            try makeDirectory(directory.node)
            let viewState = try Storage.DurableState(directory: directory.node)
            let stored: DurableReplicaState?
            do { stored = try viewState.load() } catch { throw DiskStoreError.viewStateCorrupt("\(error)") }
            let snapshots = try SnapshotStore(directory: directory.snapshots)
            let (wal, report): (WriteAheadLog, RecoveryReport)
            do {
                (wal, report) = try WriteAheadLog.open(directory: directory.wal, options: .init(
                    segmentSize: segmentSize, writeBufferSize: fsync ? 1 << 20 : 1, keepRepairableCorruption: true))
            } catch let e as WALError {
                throw DiskStoreError.walCorrupt(e)
            }
            var checkpoint = Checkpoint.root(emptySnapshot: emptySnapshot)
            if let latest = try snapshots.latest().snapshot {
                guard let image = CheckpointImage.checkpoint(from: latest.payload), image.op == latest.op else {
                    throw DiskStoreError.snapshotCorrupt(op: latest.op)
                }
                checkpoint = image
            }
            let store = DiskStore(directory: directory, fsync: fsync, wal: wal, viewState: viewState, snapshots: snapshots,
                                  replicaIndex: UInt8(replicaIndex), snapshotOp: checkpoint.op)
            store.checksums[checkpoint.op] = checkpoint.checksum
            let slots = try readSlots(wal, after: checkpoint.op)
            let recovering = access(store.recoveringMark, F_OK) == 0
            guard stored != nil || recovering || !slots.isEmpty || checkpoint.op > 0 else {
                return Opened(store: store, state: nil, walReport: report)
            }
            guard stored != nil || recovering else {
                // A log without the view state: part of the disk is gone. Starting in view 0 would
                // forget the views this replica promised not to go back to.
                throw DiskStoreError.viewStateCorrupt("node/state is missing but the log holds entries")
            }
            // A hole becomes a placeholder carrying the checksum its successor names; a hole
            // with no intact successor (the last entry of a sealed segment whose successor
            // never reached the disk), or entries not chained onto the checkpoint, are refused.
            let journal: Journal
            do { journal = try Journal(checkpoint: checkpoint, slots: slots) } catch {
                throw DiskStoreError.replicaRefused(error)
            }
            for entry in journal.entries { store.checksums[entry.op] = entry.checksum }
            let view = stored?.view ?? 0
            let lastNormal = min(stored?.lastNormalView ?? 0, view)
            let state = Replication.DurableState(view: view, lastNormalView: lastNormal, journal: journal,
                                                 isRecovering: recovering)
            return Opened(store: store, state: state, walReport: report)
        } catch let e as DiskStoreError {
            throw e
        } catch {
            throw DiskStoreError.io("\(error)")
        }
    }

    /// The replica entries the WAL holds after `checkpointOp`, in op order: nil for a hole kept
    /// for repair (`WriteAheadLog.corruptOps`). Holes at or below the checkpoint are not
    /// needed and are left alone (they go when their segment is dropped).
    static func readSlots(_ wal: WriteAheadLog, after checkpointOp: UInt64) throws(DiskStoreError) -> [Entry?] {
        let holes = Set(wal.corruptOps)
        var slots: [Entry?] = []
        var op = max(checkpointOp + 1, wal.firstOp)
        while op <= wal.lastOp {
            if holes.contains(op) {
                slots.append(nil)
            } else {
                let logEntry: LogEntry?
                do { logEntry = try wal.entry(op: op) } catch let e as WALError {
                    throw .walCorrupt(e)
                } catch {
                    throw .io("\(error)")
                }
                guard let logEntry, let entry = WALRecord.entry(from: logEntry) else { throw .entryCorrupt(op: op) }
                slots.append(entry)
            }
            op += 1
        }
        return slots
    }

    /// Formats a new member of view 0 (`thresig-replica init`): durable view state 0/0.
    public func formatInitial() throws(DiskStoreError) {
        do { try viewState.store(DurableReplicaState(replica: replicaIndex)) } catch { throw .io("\(error)") }
    }

    /// Formats the disk of a replica that lost its own (VRR §4.3): the recovering mark first,
    /// durably, so that a crash before recovery completes comes back recovering, never as a
    /// fresh member of view 0. Refuses a directory that holds durable state.
    public func formatForRecovery(existing: Replication.DurableState?) throws(DiskStoreError) {
        if let existing, !existing.isRecovering { throw .recoverWithExistingState }
        do {
            let fd = Glibc.open(recoveringMark, O_WRONLY | O_CREAT, 0o644)
            guard fd >= 0 else { throw DiskStoreError.io("open \(recoveringMark): errno \(errno)") }
            Glibc.fsync(fd)
            Glibc.close(fd)
            try syncDirectory(directory.node)
        } catch let e as DiskStoreError {
            throw e
        } catch {
            throw .io("\(error)")
        }
    }

    // MARK: Outputs

    /// `Output.append`: buffers the entries in the WAL (durable at the next `sync()`).
    public func append(_ entries: [Entry]) throws(DiskStoreError) {
        guard let first = entries.first else { return }
        do {
            if first.op <= wal.lastOp {
                // Entries replacing a suffix (not emitted by today's replica, which replaces logs
                // through persistJournal, but cheap to honour): drop the old suffix first.
                try wal.truncate(after: first.op - 1)
            }
            var parent = wal.head
            var batch: [LogEntry] = []
            batch.reserveCapacity(entries.count)
            for entry in entries {
                let logEntry = LogEntry(op: entry.op, view: entry.view, parent: parent, payload: WALRecord.payload(of: entry))
                parent = logEntry.checksum
                batch.append(logEntry)
                checksums[entry.op] = entry.checksum
            }
            try wal.append(batch)
        } catch {
            throw .io("\(error)")
        }
    }

    /// Makes every appended entry durable with one fdatasync (group commit).
    public func sync() throws(DiskStoreError) {
        guard fsync else { return flushWithoutSync() }
        do { try wal.sync() } catch { throw .io("\(error)") }
    }

    /// `--fsync off`: the entries still reach the page cache (a crash of the process, not of
    /// the machine, loses nothing), but nothing waits for the disk.
    func flushWithoutSync() {
        // With fsync off the WAL is opened with a 1-byte write buffer, so `append` already wrote
        // every frame (one pwrite each): there is nothing left to do.
    }

    /// `Output.persistViewState`: every earlier append, then the view state, durable.
    public func persistViewState(view: UInt64, lastNormalView: UInt64) throws(DiskStoreError) {
        do {
            try wal.sync()
            try viewState.store(DurableReplicaState(replica: replicaIndex, view: view, lastNormalView: lastNormalView))
            if access(recoveringMark, F_OK) == 0 {
                guard unlink(recoveringMark) == 0 else { throw DiskStoreError.io("unlink \(recoveringMark): errno \(errno)") }
                try syncDirectory(directory.node)
            }
        } catch let e as DiskStoreError {
            throw e
        } catch {
            throw .io("\(error)")
        }
    }

    /// `Output.persistJournal`: makes the durable log equal to `journal` (its checkpoint stored,
    /// the WAL cut where it diverges and extended with the rest), durably. A WAL hole that
    /// `journal` holds intact — the replica emits this output when it has repaired its last
    /// placeholder (Replica+Repair.swift) — is overwritten in place (`WriteAheadLog.repair`).
    /// Returns the ops so repaired.
    @discardableResult
    public func persistJournal(_ journal: Journal) throws(DiskStoreError) -> [UInt64] {
        do {
            try wal.sync()
            // A queued snapshot must be durable before the WAL below it can be reset or cut.
            snapshots.drain()
            let checkpoint = journal.checkpoint
            if checkpoint.op != snapshotOp { try storeCheckpoint(checkpoint) }
            let anchored = checkpoint.op >= wal.firstOp - 1 && checkpoint.op <= wal.lastOp
                && checksums[checkpoint.op] == checkpoint.checksum
            if !anchored {
                // The log restarts after the checkpoint (state transfer installed a snapshot).
                try wal.reset(after: checkpoint.op, parent: .zero)
                checksums = [checkpoint.op: checkpoint.checksum]
            }
            var op = checkpoint.op + 1
            while op <= journal.op, op <= wal.lastOp, checksums[op] == journal.entry(at: op)?.checksum { op += 1 }
            let repaired = try repairHoles(below: op, from: journal)
            if op <= wal.lastOp {
                try wal.truncate(after: op - 1)
                for stale in op...max(op, checksums.keys.max() ?? op) { checksums[stale] = nil }
            }
            try append(Array(journal.entries(after: op - 1)))
            try wal.sync()
            return repaired
        } catch let e as DiskStoreError {
            throw e
        } catch {
            throw .io("\(error)")
        }
    }

    /// Overwrites each WAL hole after the journal's checkpoint and below `op` (the prefix the
    /// journal shares with the disk) for which `journal` holds the intact entry. A hole the
    /// journal still holds as a placeholder stays a hole (the replica is still repairing); holes
    /// from `op` on are cut off by the caller.
    func repairHoles(below op: UInt64, from journal: Journal) throws -> [UInt64] {
        var repaired: [UInt64] = []
        for hole in wal.corruptOps where hole > journal.checkpoint.op && hole < op {
            guard let entry = journal.entry(at: hole), entry.isIntact, let header = wal.header(op: hole) else { continue }
            // The WAL frame is a function of the entry and of the WAL-level parent, so the
            // rebuilt frame has exactly the checksum the hole's successor names.
            try wal.repair(LogEntry(op: hole, view: entry.view, parent: header.parent, payload: WALRecord.payload(of: entry)))
            repaired.append(hole)
        }
        return repaired
    }

    /// WAL ops that are still holes awaiting repair (see `open`), ascending.
    public var corruptOps: [UInt64] { wal.corruptOps }

    /// `Output.persistCheckpoint`: every earlier append durable now; the snapshot written by the
    /// background `SnapshotWriter` (see there why that keeps the contract's guarantee); with
    /// `dropSegments`, the WAL segments wholly before the newest *durable* snapshot dropped
    /// (VRR §5.3). Dropping a segment (unlink of up to 16 MiB, directory fsync) takes 20–35 ms
    /// here, so the host chooses when (see `ReplicaHost.shouldDropSegments`).
    public func persistCheckpoint(_ checkpoint: Checkpoint, dropSegments: Bool = true) throws(DiskStoreError) {
        do {
            try wal.sync()
            snapshots.write(op: checkpoint.op, payload: CheckpointImage.payload(of: checkpoint))
            snapshotOp = checkpoint.op
            guard dropSegments else { return }
            let removedBelow = wal.firstOp
            try wal.removeSegments(before: try snapshots.durable() + 1)
            if wal.firstOp > removedBelow {
                for op in removedBelow..<(wal.firstOp - 1) { checksums[op] = nil }
            }
        } catch let e as DiskStoreError {
            throw e
        } catch {
            throw .io("\(error)")
        }
    }

    /// WAL segment files present (the live one included).
    public var segmentCount: Int { wal.segmentNumbers.count }

    /// Syncs and closes (SIGTERM).
    public func close() {
        snapshots.drain()
        try? wal.sync()
        wal.close()
    }

    /// Writes `checkpoint` durably before returning (after any queued background write).
    func storeCheckpoint(_ checkpoint: Checkpoint) throws {
        try snapshots.writeNow(op: checkpoint.op, payload: CheckpointImage.payload(of: checkpoint))
        snapshotOp = checkpoint.op
    }

    static func makeDirectory(_ path: String) throws(DiskStoreError) {
        if mkdir(path, 0o700) != 0 && errno != EEXIST { throw .io("mkdir \(path): errno \(errno)") }
    }

    func syncDirectory(_ path: String) throws(DiskStoreError) {
        let fd = Glibc.open(path, O_RDONLY | O_DIRECTORY)
        guard fd >= 0 else { throw .io("open \(path): errno \(errno)") }
        defer { Glibc.close(fd) }
        guard Glibc.fsync(fd) == 0 else { throw .io("fsync \(path): errno \(errno)") }
    }
}
