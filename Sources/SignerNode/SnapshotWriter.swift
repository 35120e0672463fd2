import Dispatch
import Foundation
import Storage

/// Writes checkpoint snapshots off the replica's loop, in order, one at a time.
///
/// Why this is safe although `Output.persistCheckpoint` is synchronous: what the contract
/// protects is that after any crash the disk holds a checkpoint and a log that together contain
/// every op the replica ever acknowledged. `DiskStore.persistCheckpoint` keeps that synchronously:
/// it syncs the WAL before returning, and WAL segments are removed only below a snapshot that
/// this writer has reported *durable* (temp file, fsync, rename, directory fsync). Until then the
/// previous snapshot and the WAL after it stay, and a restart rebuilds the same journal from them
/// (an older checkpoint with a longer suffix: the same ops). Only the snapshot's fsyncs move off
/// the loop — measured at 1–70 ms under disk contention, on every replica at once since all
/// checkpoint at the same op, which is what showed as the benchmark's worst latencies.
///
/// All use of the `SnapshotStore` goes through the serial queue (`write` asynchronously, `sync`
/// for the rare synchronous callers), so the store is never touched from two threads, and the
/// two results it reports are guarded by a lock the loop reads without waiting for the queue;
/// those are the invariants behind `@unchecked Sendable`.
final class SnapshotWriter: @unchecked Sendable {
    private let store: SnapshotStore
    private let queue = DispatchQueue(label: "thresig.snapshot-writer")
    private let lock = NSLock()
    // Guarded by `lock`:
    private var durableOp: UInt64
    private var failure: (any Error)?

    init(store: SnapshotStore, durableOp: UInt64) {
        self.store = store
        self.durableOp = durableOp
    }

    /// Queues the snapshot `payload` at `op` (then prunes to the newest two).
    func write(op: UInt64, payload: [UInt8]) {
        queue.async { [self] in
            guard lock.withLock({ failure == nil }) else { return }
            do {
                try store.write(op: op, payload: payload)
                lock.withLock { durableOp = op }
                _ = try store.prune(keep: 2)
            } catch {
                lock.withLock { failure = error }
            }
        }
    }

    /// Waits for queued writes, then writes `payload` at `op` before returning.
    func writeNow(op: UInt64, payload: [UInt8]) throws {
        try queue.sync { [self] in
            if let failure = lock.withLock({ failure }) { throw failure }
            try store.write(op: op, payload: payload)
            lock.withLock { durableOp = op }
            _ = try store.prune(keep: 2)
        }
    }

    /// The newest snapshot known durable, without waiting for queued writes; throws the first
    /// background failure (a failed snapshot write is a disk failure like any other: the host stops).
    func durable() throws -> UInt64 {
        let (op, error) = lock.withLock { (durableOp, failure) }
        if let error { throw error }
        return op
    }

    /// Waits for every queued write.
    func drain() {
        queue.sync {}
    }
}
