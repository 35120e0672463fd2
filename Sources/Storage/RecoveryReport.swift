/// What `WriteAheadLog.open` found and did.
public struct RecoveryReport: Sendable, Equatable, CustomStringConvertible {
    /// A torn tail that recovery cut off the last segment.
    public struct TornTail: Sendable, Equatable {
        /// The segment number.
        public let segment: UInt64
        /// Byte offset of the first discarded byte (the start of the torn frame); the
        /// segment was truncated to this length.
        public let offset: Int
        /// How many bytes were discarded.
        public let discardedBytes: Int
        /// The op the torn frame would have had (the next op after the valid prefix).
        public let op: UInt64
        /// Why the frame was rejected.
        public let reason: String
    }

    /// Segment numbers of the log, ascending.
    public internal(set) var segments: [UInt64] = []
    /// First and last op held (`lastOp == firstOp − 1` when empty).
    public internal(set) var firstOp: UInt64 = 1
    public internal(set) var lastOp: UInt64 = 0
    /// Set when a torn tail was truncated.
    public internal(set) var tornTail: TornTail?
    /// Leftover temporary files (an interrupted segment creation) that were removed.
    public internal(set) var removedTemporaryFiles: [String] = []
    /// Segments below the newest base segment (left by an interrupted `reset`) removed.
    public internal(set) var removedStaleSegments: [UInt64] = []
    /// True when the directory held no log and a new one was created.
    public internal(set) var createdNewLog = false
    /// Corrupt entries kept as holes for protocol-aware repair
    /// (`Options.keepRepairableCorruption`), ascending.
    public internal(set) var corruptOps: [UInt64] = []

    public var entryCount: UInt64 { lastOp + 1 - firstOp }

    /// One line for the node's log.
    public var description: String {
        var s = createdNewLog ? "new WAL" : "WAL ops \(firstOp)...\(lastOp) (\(entryCount) entries)"
        s += " in \(segments.count) segment(s)"
        if let t = tornTail {
            s += "; torn tail truncated: segment \(t.segment) at byte \(t.offset), \(t.discardedBytes) bytes, op \(t.op) (\(t.reason))"
        }
        if !corruptOps.isEmpty { s += "; corrupt entries kept for repair from peers: ops \(corruptOps)" }
        if !removedTemporaryFiles.isEmpty { s += "; removed temporary files \(removedTemporaryFiles)" }
        if !removedStaleSegments.isEmpty { s += "; removed stale segments \(removedStaleSegments)" }
        return s
    }
}
