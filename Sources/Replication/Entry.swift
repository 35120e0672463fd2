/// One operation in the replicated log (VRR §4.1: the log holds the requests in op order).
///
/// Entries are hash-chained: `checksum` covers every field and `parent`, the checksum of the
/// entry at `op - 1` (`Checksum.root` for op 1). Two replicas whose entries at op `n` have the
/// same checksum therefore agree on the whole prefix `1...n` (TigerBeetle's hash-chained log).
public struct Entry: Hashable, Sendable {
    /// The op number: position in the log, starting at 1.
    public let op: UInt64
    /// The view in which the primary assigned this op number.
    public let view: UInt64
    /// The client that submitted the request.
    public let clientId: UInt64
    /// The client's request number (VRR §4.1: `s`).
    public let requestNumber: UInt64
    /// The operation, opaque to the replica and given to `StateMachine.apply`.
    public let body: [UInt8]
    /// Checksum of the entry at `op - 1`.
    public let parent: Checksum
    /// Checksum of this entry (all fields above, including `parent`).
    public let checksum: Checksum

    /// Builds an entry and computes its checksum.
    public init(op: UInt64, view: UInt64, clientId: UInt64, requestNumber: UInt64, body: [UInt8], parent: Checksum) {
        precondition(op >= 1, "op 0 is the root and is never an entry")
        self.op = op
        self.view = view
        self.clientId = clientId
        self.requestNumber = requestNumber
        self.body = body
        self.parent = parent
        self.checksum = Entry.computeChecksum(op: op, view: view, clientId: clientId,
                                              requestNumber: requestNumber, body: body, parent: parent)
    }

    /// Rebuilds an entry from decoded fields, keeping the claimed checksum so that `isIntact` can check it.
    init(op: UInt64, view: UInt64, clientId: UInt64, requestNumber: UInt64, body: [UInt8], parent: Checksum,
         claimedChecksum: Checksum) {
        self.op = op
        self.view = view
        self.clientId = clientId
        self.requestNumber = requestNumber
        self.body = body
        self.parent = parent
        self.checksum = claimedChecksum
    }

    /// A slot whose body was lost to corruption but whose place in the hash chain is known:
    /// `parent` is the checksum of the entry before it and `checksum` the one the entry after it
    /// names as its parent. It is never intact, never applied and never sent; protocol-aware
    /// repair (`Replica`, see docs/protocols/vsr.md) replaces it with the entry a peer holds under
    /// that checksum (Alagappan et al., FAST'18, §4: a corrupted entry is fetched, not dropped).
    public static func placeholder(op: UInt64, parent: Checksum, checksum: Checksum) -> Entry {
        Entry(op: op, view: 0, clientId: 0, requestNumber: 0, body: [], parent: parent, claimedChecksum: checksum)
    }

    /// Whether `checksum` matches the fields (false for a corrupted entry).
    public var isIntact: Bool {
        checksum == Entry.computeChecksum(op: op, view: view, clientId: clientId,
                                          requestNumber: requestNumber, body: body, parent: parent)
    }

    static func computeChecksum(op: UInt64, view: UInt64, clientId: UInt64, requestNumber: UInt64,
                                body: [UInt8], parent: Checksum) -> Checksum {
        var bytes: [UInt8] = Array("thresig.vsr.entry.v1".utf8)
        bytes.reserveCapacity(bytes.count + 72 + body.count)
        for word in [op, view, clientId, requestNumber, UInt64(body.count)] { bytes.appendLittleEndian(word) }
        bytes.append(contentsOf: body)
        bytes.append(contentsOf: parent.bytes)
        return Checksum(hashing: bytes)
    }
}

extension Array where Element == UInt8 {
    /// Appends `value` as eight little-endian bytes.
    mutating func appendLittleEndian(_ value: UInt64) {
        for i in 0..<8 { append(UInt8(truncatingIfNeeded: value >> UInt64(8 * i))) }
    }
}
