/// Why the write-ahead log refused to open, or refused an operation.
///
/// The recovery cases (`corruptEntry`, `brokenHashChain`, `corruptSegmentHeader`,
/// `missingSegment`, `unsupportedVersion`) name the segment and byte offset and carry
/// `affectedOps`, the range of ops that cannot be trusted locally. That range is the hook
/// for protocol-aware repair: the replica may fetch those ops from its peers, or, once a
/// quorum says they were never committed, discard them with
/// `WriteAheadLog.discard(directory:from:)` and open again. Storage never makes that
/// decision itself (docs/storage.md, "Recovery rules").
public enum WALError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A frame that fails its checksum (or is cut short) where valid data follows: in a
    /// sealed (non-last) segment, or in the last segment before a later valid entry.
    case corruptEntry(segment: UInt64, offset: Int, reason: String, affectedOps: ClosedRange<UInt64>)
    /// A frame with a valid checksum that does not continue the chain: its op is not the
    /// next op, or its parent is not the previous entry's checksum (a reordered, dropped,
    /// duplicated or substituted entry). Also raised when a segment header's first op or
    /// parent does not continue the previous segment (offset 0).
    case brokenHashChain(segment: UInt64, offset: Int, expectedOp: UInt64, foundOp: UInt64)
    /// A segment header that fails its checks. Headers are written atomically (temp file,
    /// fsync, rename), so this is never a torn write.
    case corruptSegmentHeader(segment: UInt64, reason: String, affectedOps: ClosedRange<UInt64>?)
    /// A segment number absent between two present ones.
    case missingSegment(segment: UInt64, affectedOps: ClosedRange<UInt64>?)
    /// A segment written by an unknown format version.
    case unsupportedVersion(segment: UInt64, version: UInt32)

    /// `append` was given an op that is not `lastOp + 1`.
    case nonContiguousAppend(expected: UInt64, got: UInt64)
    /// `append` was given an entry whose parent is not the log's head checksum.
    case parentMismatch(op: UInt64)
    /// An entry's payload exceeds `Options.maxPayloadSize`.
    case entryTooLarge(op: UInt64, size: Int, limit: Int)
    /// `truncate(after:)` below the first op still held by the log.
    case truncateBelowStart(op: UInt64, firstOp: UInt64)
    /// A received entry whose checksum does not match its content.
    case checksumMismatch(op: UInt64)
    /// `discard(directory:from:)` was asked for an op the valid prefix does not reach.
    case opNotFound(UInt64)
    /// Another `WriteAheadLog` (in this or another process) has the directory open.
    case locked(directory: String)
    /// `repair(_:)` was given an op that is not a hole, or an entry that is not the one the
    /// hole's neighbours name (checksum, parent, size).
    case notRepairable(op: UInt64, reason: String)

    /// The ops the error makes untrustworthy, when known.
    public var affectedOps: ClosedRange<UInt64>? {
        switch self {
        case .corruptEntry(_, _, _, let ops): return ops
        case .brokenHashChain(_, _, let expected, _): return expected...expected
        case .corruptSegmentHeader(_, _, let ops), .missingSegment(_, let ops): return ops
        default: return nil
        }
    }

    public var description: String {
        switch self {
        case let .corruptEntry(segment, offset, reason, ops):
            return "WAL segment \(segment) is corrupt at byte \(offset) (\(reason)), followed by valid data; ops \(ops.lowerBound)...\(ops.upperBound) cannot be trusted"
        case let .brokenHashChain(segment, offset, expected, found):
            return "WAL hash chain broken in segment \(segment) at byte \(offset): expected op \(expected) chained to its parent, found op \(found)"
        case let .corruptSegmentHeader(segment, reason, _):
            return "WAL segment \(segment) has a corrupt header: \(reason)"
        case let .missingSegment(segment, _):
            return "WAL segment \(segment) is missing from the sequence"
        case let .unsupportedVersion(segment, version):
            return "WAL segment \(segment) has unsupported format version \(version)"
        case let .nonContiguousAppend(expected, got):
            return "append of op \(got), expected op \(expected)"
        case let .parentMismatch(op):
            return "append of op \(op) whose parent is not the log head"
        case let .entryTooLarge(op, size, limit):
            return "entry \(op) has \(size) payload bytes, over the limit \(limit)"
        case let .truncateBelowStart(op, first):
            return "truncate after op \(op), below the log's first op \(first)"
        case let .checksumMismatch(op):
            return "entry \(op): checksum does not match its content"
        case let .opNotFound(op):
            return "op \(op) is not in the valid prefix of the log"
        case let .locked(directory):
            return "WAL directory \(directory) is in use by another process or instance"
        case let .notRepairable(op, reason):
            return "cannot repair WAL op \(op): \(reason)"
        }
    }
}
