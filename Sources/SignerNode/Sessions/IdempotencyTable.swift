/// The idempotency table of the session state (DESIGN.md: "key → request digest → result,
/// expiring by the primary's logical time"; draft-ietf-httpapi-idempotency-key-header §2.6).
///
/// Keys are scoped per threshold key id. An entry lives `ttlMillis` of log time from its
/// creation; because the log's clock is monotonic and the TTL fixed, creation order is expiry
/// order, so expiry is a scan from the front of `order`.
public struct IdempotencyTable: Sendable, Hashable {
    /// Table key: the threshold key id and the client's idempotency key.
    public struct Slot: Hashable, Sendable, Comparable {
        /// The threshold key.
        public let keyID: KeyID
        /// The client's `Idempotency-Key`.
        public let idempotencyKey: String
        /// The slot of `idempotencyKey` on `keyID`.
        public init(keyID: KeyID, idempotencyKey: String) {
            self.keyID = keyID
            self.idempotencyKey = idempotencyKey
        }

        public static func < (a: Slot, b: Slot) -> Bool {
            (a.keyID, a.idempotencyKey) < (b.keyID, b.idempotencyKey)
        }
    }

    /// What a slot holds.
    public enum State: Sendable, Hashable {
        /// The request is committed and not yet answered.
        case pending(requestID: UInt64)
        /// The stored answer.
        case completed(StoredResponse)
    }

    /// One entry.
    public struct Entry: Sendable, Hashable {
        /// SHA-256 of the request that created the entry.
        public let requestDigest: [UInt8]
        /// Log time of creation.
        public let createdAtMillis: UInt64
        /// Pending or answered.
        public internal(set) var state: State
    }

    /// What looking a request up found.
    public enum Lookup: Sendable, Hashable {
        /// No live entry: a new request.
        case absent
        /// Same key, same request.
        case same(State)
        /// Same key, different request digest: the API answers 422.
        case conflict
    }

    /// Live entries.
    public internal(set) var entries: [Slot: Entry] = [:]
    /// Slots in creation (= expiry) order.
    var order: [Slot] = []

    public init() {}

    /// Looks `slot` up for a request with `digest`.
    public func lookup(_ slot: Slot, digest: [UInt8]) -> Lookup {
        guard let e = entries[slot] else { return .absent }
        return e.requestDigest == digest ? .same(e.state) : .conflict
    }

    mutating func insert(_ slot: Slot, digest: [UInt8], now: UInt64, requestID: UInt64) {
        entries[slot] = Entry(requestDigest: digest, createdAtMillis: now, state: .pending(requestID: requestID))
        order.append(slot)
    }

    mutating func complete(_ slot: Slot, with response: StoredResponse) {
        entries[slot]?.state = .completed(response)
    }

    /// Drops entries created at or before `now − ttl` (an entry created at `c` is live while
    /// `now < c + ttl`). Pending entries expire too: a request unanswered for a whole TTL is
    /// abandoned, and a retry after that is a new request.
    mutating func expire(now: UInt64, ttl: UInt64) {
        // The order array is moved out (not copied) so that the closures may touch `entries`.
        var order = self.order
        self.order = []
        expireOldest(&order, now: now, ttl: ttl, createdAt: { entries[$0]?.createdAtMillis }, drop: { entries[$0] = nil })
        self.order = order
    }
}
