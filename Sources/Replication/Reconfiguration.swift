/// A request to change the replica group (VRR §7): the new configuration, `2f' + 1` replica ids.
///
/// It travels as an ordinary client request from the reserved client id `clientId`, so it goes
/// through the log as one op and the client table makes its retries idempotent. When that op
/// commits in epoch `e`, epoch `e + 1` starts with `members` as its configuration; the op is the
/// last one of epoch `e` (the primary accepts nothing after it). See docs/protocols/vsr.md.
public struct Reconfiguration: Equatable, Sendable {
    /// The client id reserved for reconfiguration requests (an administrator's session).
    public static let clientId: UInt64 = .max
    static let magic: [UInt8] = Array("TSRC".utf8)

    /// The replica ids of the new configuration, in order: the primary of view `v` of the new
    /// epoch is `members[v % members.count]`.
    public var members: [Int]

    /// A reconfiguration to `members`.
    public init(members: [Int]) { self.members = members }

    /// The op body: magic `TSRC`, a count byte, one byte per replica id.
    public var body: [UInt8] { Reconfiguration.magic + [UInt8(truncatingIfNeeded: members.count)] + members.map { UInt8(truncatingIfNeeded: $0) } }

    /// The request an administrator submits (number `requestNumber` of its session).
    public func request(number requestNumber: UInt64) -> Request {
        Request(clientId: Reconfiguration.clientId, requestNumber: requestNumber, body: body)
    }

    /// Decodes an op body; nil unless it is a well-formed, valid configuration for `slots` ids.
    public static func decode(_ body: [UInt8], slots: Int) -> Reconfiguration? {
        guard body.count >= 5, Array(body[0..<4]) == magic, Int(body[4]) == body.count - 5 else { return nil }
        let candidate = Reconfiguration(members: body[5...].map(Int.init))
        return candidate.isValid(slots: slots) ? candidate : nil
    }

    /// A non-empty set of distinct ids below `slots`. Any size is safe because every quorum is
    /// a majority (`⌊n/2⌋+1`), so two quorums of one configuration always intersect; an even
    /// group tolerates no more faults than the odd group one smaller.
    public func isValid(slots: Int) -> Bool {
        !members.isEmpty && Set(members).count == members.count
            && members.allSatisfy { $0 >= 0 && $0 < slots && $0 < 256 }
    }
}
