#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The small state a VSR replica must never forget (TigerBeetle's superblock `vsr_state`):
/// it is stored, and fsynced, BEFORE the replica acts on a new view (sends
/// DoViewChange/StartView, or PrepareOk in a new view).
public struct DurableReplicaState: Sendable, Equatable {
    public var replica: UInt8
    /// The current view number.
    public var view: UInt64
    /// The last view in which the replica's status was normal.
    public var lastNormalView: UInt64
    /// The commit number (ops ≤ commit are committed).
    public var commit: UInt64
    /// The configuration epoch (reconfiguration, VRR §7).
    public var epoch: UInt64

    public init(replica: UInt8, view: UInt64 = 0, lastNormalView: UInt64 = 0, commit: UInt64 = 0, epoch: UInt64 = 0) {
        self.replica = replica
        self.view = view
        self.lastNormalView = lastNormalView
        self.commit = commit
        self.epoch = epoch
    }
}

public enum DurableStateError: Error, Equatable, Sendable {
    /// The state file exists but neither copy verifies.
    case bothCopiesCorrupt(first: String, second: String)
    /// `store` would move a field backwards (view, last normal view, commit or epoch)
    /// or change the replica id; names the field.
    case notMonotonic(String)
}

/// Two-copy durable storage for `DurableReplicaState` in `<directory>/state`.
///
/// The file holds copy 0 at byte 0 and copy 1 at byte 4096 (separate sectors), each
/// (docs/storage.md, "Durable state"):
///
///     offset size field
///          0    8 magic      "TSIGSTA\0"
///          8    4 version    u32 LE, 1
///         12    4 copy       u32 LE, 0 or 1 (must match the position read from)
///         16    8 sequence   u64 LE, +1 per store
///         24    8 view, 32 8 last normal view, 40 8 commit, 48 8 epoch (u64 LE)
///         56    1 replica, 57 7 zero
///         64   16 checksum   SHA-256[0..<16] over bytes 0..<64
///
/// `store` writes copy 0 and fsyncs, then copy 1 and fsyncs. A crash tears at most the
/// copy being written, and the other holds either the new or the previous state; after a
/// completed store both copies hold it, so the loss of one copy later (a bad sector) loses
/// nothing. `load` returns the valid copy with the highest sequence.
public final class DurableState {
    public let path: String
    /// The sequence of the state last loaded or stored (0: none yet).
    public private(set) var sequence: UInt64 = 0
    /// True when the last `load` found one copy invalid or behind the other (the next
    /// `store` rewrites both).
    public private(set) var lastLoadFoundDamage = false
    private var current: DurableReplicaState?

    static let magic: [UInt8] = Array("TSIGSTA".utf8) + [0]
    static let version: UInt32 = 1
    static let copySize = 80
    static let copyStride = 4096

    /// The state file in `directory` (created by the first `store`).
    public init(directory: String) throws {
        try Directory.create(directory)
        path = Directory.join(directory, "state")
    }

    /// The stored state, or nil if nothing was ever stored.
    /// - Throws: `DurableStateError.bothCopiesCorrupt` when the file exists and no copy verifies.
    public func load() throws -> DurableReplicaState? {
        guard Directory.exists(path) else {
            current = nil
            sequence = 0
            lastLoadFoundDamage = false
            return nil
        }
        let file = try FileDescriptor.open(path, O_RDONLY)
        defer { file.close() }
        let bytes = try file.readAll()
        let a = Self.decode(bytes, copy: 0)
        let b = Self.decode(bytes, copy: 1)
        switch (a, b) {
        case (.failure(let ea), .failure(let eb)):
            throw DurableStateError.bothCopiesCorrupt(first: ea.reason, second: eb.reason)
        case (.success(let x), .failure), (.failure, .success(let x)):
            lastLoadFoundDamage = true
            sequence = x.sequence
            current = x.state
        case (.success(let x), .success(let y)):
            let newest = x.sequence >= y.sequence ? x : y
            lastLoadFoundDamage = x.sequence != y.sequence
            sequence = newest.sequence
            current = newest.state
        }
        return current
    }

    /// Stores `state` durably (both copies, each fsynced) and returns when it is on disk.
    /// Loads first if nothing was loaded yet. Refuses to move any field backwards.
    public func store(_ state: DurableReplicaState) throws {
        if sequence == 0 && Directory.exists(path) { _ = try load() }
        if let old = current {
            if state.replica != old.replica { throw DurableStateError.notMonotonic("replica") }
            if state.view < old.view { throw DurableStateError.notMonotonic("view") }
            if state.lastNormalView < old.lastNormalView { throw DurableStateError.notMonotonic("lastNormalView") }
            if state.commit < old.commit { throw DurableStateError.notMonotonic("commit") }
            if state.epoch < old.epoch { throw DurableStateError.notMonotonic("epoch") }
        }
        let next = sequence + 1
        if !Directory.exists(path) {
            // First store: build the whole file under a temporary name, then rename.
            let tmp = path + ".tmp"
            let file = try FileDescriptor.open(tmp, O_WRONLY | O_CREAT | O_TRUNC)
            do {
                var image = [UInt8](repeating: 0, count: Self.copyStride + Self.copySize)
                let c0 = Self.encode(state, sequence: next, copy: 0)
                let c1 = Self.encode(state, sequence: next, copy: 1)
                image.replaceSubrange(0..<Self.copySize, with: c0)
                image.replaceSubrange(Self.copyStride..<(Self.copyStride + Self.copySize), with: c1)
                try file.write(image, at: 0)
                try file.sync()
                file.close()
            } catch {
                file.close()
                throw error
            }
            try Directory.rename(tmp, path)
            try Directory.sync(Directory.parentPath(path))
        } else {
            let file = try FileDescriptor.open(path, O_WRONLY)
            defer { file.close() }
            for copy in 0..<2 {
                try file.write(Self.encode(state, sequence: next, copy: UInt32(copy)), at: copy * Self.copyStride)
                try file.syncData()
            }
        }
        sequence = next
        current = state
        lastLoadFoundDamage = false
    }

    static func encode(_ s: DurableReplicaState, sequence: UInt64, copy: UInt32) -> [UInt8] {
        var b = [UInt8]()
        b.reserveCapacity(copySize)
        b.append(contentsOf: magic)
        b.appendLE(version)
        b.appendLE(copy)
        b.appendLE(sequence)
        b.appendLE(s.view)
        b.appendLE(s.lastNormalView)
        b.appendLE(s.commit)
        b.appendLE(s.epoch)
        b.append(s.replica)
        b.append(contentsOf: [UInt8](repeating: 0, count: 7))
        b.appendChecksum(Checksum.of(b[...]))
        return b
    }

    struct Decoded { let sequence: UInt64; let state: DurableReplicaState }
    struct Invalid: Error { let reason: String }

    static func decode(_ bytes: [UInt8], copy: Int) -> Result<Decoded, Invalid> {
        let at = copy * copyStride
        guard bytes.count >= at + copySize else { return .failure(Invalid(reason: "copy \(copy) missing (file too short)")) }
        let c = Array(bytes[at..<(at + copySize)])
        guard Array(c[0..<8]) == magic else { return .failure(Invalid(reason: "copy \(copy): bad magic")) }
        guard Checksum(bytes: c, at: 64) == Checksum.of(c[0..<64]) else {
            return .failure(Invalid(reason: "copy \(copy): checksum mismatch"))
        }
        guard c.loadLE(UInt32.self, at: 8) == version else { return .failure(Invalid(reason: "copy \(copy): unsupported version")) }
        guard c.loadLE(UInt32.self, at: 12) == UInt32(copy) else {
            return .failure(Invalid(reason: "copy \(copy): misplaced (written as another copy)"))
        }
        let state = DurableReplicaState(
            replica: c[56],
            view: c.loadLE(UInt64.self, at: 24),
            lastNormalView: c.loadLE(UInt64.self, at: 32),
            commit: c.loadLE(UInt64.self, at: 40),
            epoch: c.loadLE(UInt64.self, at: 48))
        return .success(Decoded(sequence: c.loadLE(UInt64.self, at: 16), state: state))
    }
}
