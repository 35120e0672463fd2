/// Expiry on the log's clock for tables whose entries all live the same `ttl`: creation order is
/// then expiry order, so expiring is a scan from the front of `order` that stops at the first
/// live entry. An entry created at `c` is live while `now < c + ttl` (no overflow: a TTL that
/// overflows never expires).
///
/// `createdAt` returns nil for ids already removed by other means (skipped and dropped from
/// `order`); `drop` removes an expired id from its table.
func expireOldest<ID>(_ order: inout [ID], now: UInt64, ttl: UInt64,
                      createdAt: (ID) -> UInt64?, drop: (ID) -> Void) {
    var dropped = 0
    for id in order {
        guard let created = createdAt(id) else { dropped += 1; continue }
        let (expiry, overflow) = created.addingReportingOverflow(ttl)
        guard !overflow, expiry <= now else { break }
        drop(id)
        dropped += 1
    }
    if dropped > 0 { order.removeFirst(dropped) }
}
