/// One client operation on the append log as seen by the client: when it was invoked, when
/// (if ever) the reply arrived, and what the reply said.
public struct AppendOperation: Sendable {
    /// The client that issued it.
    public var clientId: UInt64
    /// The value appended.
    public var value: UInt64
    /// Step at which the client first sent the request.
    public var invokedAt: Int
    /// Step at which the reply arrived; nil if it never did (the op may or may not have happened).
    public var returnedAt: Int?
    /// The log length after the append, from the reply.
    public var position: UInt64 = 0
    /// The log digest after the append, from the reply.
    public var digest: UInt64 = 0

    /// An operation invoked at `invokedAt`, not yet answered.
    public init(clientId: UInt64, value: UInt64, invokedAt: Int) {
        self.clientId = clientId
        self.value = value
        self.invokedAt = invokedAt
    }
}

/// Linearizability of a client-visible history against the append-log model, by the
/// Wing & Gong search with Lowe's memoisation (the algorithm of Porcupine / Knossos).
///
/// The model's state is (length, digest). Appending `v` moves it to (length + 1,
/// fold(digest, v)) and must return exactly that; an unanswered op may return anything and may
/// be placed anywhere after its invocation.
public enum Linearizability {
    struct Event {
        var operation: Int
        var isCall: Bool
        var prev: Int
        var next: Int
        var match: Int // For a call: index of its return event.
    }

    struct Key: Hashable {
        var linearized: [UInt64]
        var length: UInt64
        var digest: UInt64
    }

    /// Whether `history` is linearizable.
    public static func check(_ history: [AppendOperation]) -> Bool {
        if history.isEmpty { return true }
        // Events sorted by time; at equal times calls come first (treat as concurrent).
        var raw: [(time: Int, isCall: Bool, operation: Int)] = []
        for (i, op) in history.enumerated() {
            raw.append((op.invokedAt, true, i))
            raw.append((op.returnedAt ?? Int.max, false, i))
        }
        raw.sort { a, b in
            if a.time != b.time { return a.time < b.time }
            if a.isCall != b.isCall { return a.isCall }
            return a.operation < b.operation
        }
        // Doubly linked list with a head sentinel at index 0.
        var events = [Event(operation: -1, isCall: false, prev: -1, next: 1, match: -1)]
        var returnIndex = [Int](repeating: -1, count: history.count)
        for (i, e) in raw.enumerated() {
            events.append(Event(operation: e.operation, isCall: e.isCall, prev: i, next: i + 2 < raw.count + 1 ? i + 2 : -1, match: -1))
            if !e.isCall { returnIndex[e.operation] = i + 1 }
        }
        events[events.count - 1].next = -1
        for i in 1..<events.count where events[i].isCall { events[i].match = returnIndex[events[i].operation] }

        // Removes a call and its return from the list (pointers are read live: the return may
        // directly follow the call).
        func lift(_ i: Int) {
            let p = events[i].prev, n = events[i].next
            events[p].next = n
            if n != -1 { events[n].prev = p }
            let m = events[i].match
            let mp = events[m].prev, mn = events[m].next
            events[mp].next = mn
            if mn != -1 { events[mn].prev = mp }
        }
        // Puts them back, in the reverse order.
        func unlift(_ i: Int) {
            let m = events[i].match
            events[events[m].prev].next = m
            if events[m].next != -1 { events[events[m].next].prev = m }
            events[events[i].prev].next = i
            if events[i].next != -1 { events[events[i].next].prev = i }
        }

        var linearized = [UInt64](repeating: 0, count: (history.count + 63) / 64)
        var length: UInt64 = 0
        var digest = AppendLog.emptyDigest
        var cache: Set<Key> = []
        var stack: [(event: Int, length: UInt64, digest: UInt64)] = []
        var entry = events[0].next
        while events[0].next != -1 {
            if entry == -1 { return false }
            let event = events[entry]
            if event.isCall {
                let op = history[event.operation]
                let newLength = length + 1
                let newDigest = AppendLog.fold(digest, op.value)
                let matches = op.returnedAt == nil || (op.position == newLength && op.digest == newDigest)
                var changed = false
                if matches {
                    var bits = linearized
                    bits[event.operation / 64] |= 1 << UInt64(event.operation % 64)
                    if cache.insert(Key(linearized: bits, length: newLength, digest: newDigest)).inserted {
                        stack.append((entry, length, digest))
                        linearized = bits
                        length = newLength
                        digest = newDigest
                        lift(entry)
                        entry = events[0].next
                        changed = true
                    }
                }
                if !changed { entry = event.next }
            } else {
                // A return before its call was linearized: backtrack.
                guard let top = stack.popLast() else { return false }
                let operation = events[top.event].operation
                linearized[operation / 64] &= ~(1 << UInt64(operation % 64))
                length = top.length
                digest = top.digest
                unlift(top.event)
                entry = events[top.event].next
            }
        }
        return true
    }
}
