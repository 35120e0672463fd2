import Primitives
import Sharing

/// The phases of a resharing, each closed by an explicit deadline input.
public enum ResharingPhase: UInt8, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Old holders broadcast Feldman commitments `B_ik` and sealed sub-shares.
    case dealing = 0x21
    /// New holders complain against dealers whose sub-share fails.
    case complaints = 0x22
    /// Dealers publish the disputed sub-shares.
    case justifications = 0x23

    public var description: String {
        switch self {
        case .dealing: "reshare-dealing"
        case .complaints: "reshare-complaints"
        case .justifications: "reshare-justifications"
        }
    }
}

/// Who sent a resharing message, as authenticated by the log: an old holder (dealings,
/// justifications) or a new holder (complaints), by its index in that committee.
public enum ResharingParty: Sendable, Hashable {
    case old(Int)
    case new(Int)
}

/// Old holder `sender` reshares its share `x_i`: Feldman commitments
/// `B_ik = g^{b_ik}` of `g_i(z)` with `g_i(0) = x_i` (so `B_i0` must be its share public
/// key), and `sealedSubShares[j−1]`, the sealed `x_ij = g_i(j)` for new holder `j`.
public struct ResharingDealing<G: PrimeOrderGroup>: Sendable, Hashable {
    public let sender: Int
    public let commitments: VSSCommitments<G>
    public let sealedSubShares: [[UInt8]]
    public init(sender: Int, commitments: VSSCommitments<G>, sealedSubShares: [[UInt8]]) {
        self.sender = sender; self.commitments = commitments; self.sealedSubShares = sealedSubShares
    }
}

/// New holder `sender` complains against old holders `accused`.
public struct ResharingComplaints: Sendable, Hashable {
    public let sender: Int
    public let accused: [Int]
    public init(sender: Int, accused: [Int]) { self.sender = sender; self.accused = accused }
}

/// Old holder `sender` publishes the sub-shares `(j, x_ij)` of its complainers.
public struct ResharingJustification<G: PrimeOrderGroup>: Sendable, Hashable {
    public let sender: Int
    public let subShares: [Share<G.Scalar>]
    public init(sender: Int, subShares: [Share<G.Scalar>]) { self.sender = sender; self.subShares = subShares }
}

/// A resharing message.
///
/// ## Wire format (version 1)
/// `version:u8 = 1 ‖ tag:u8 ‖ ceremonyID:32 ‖ sender:u16 ‖ body`:
/// - `0x21` dealing (sender an old index): commitments (`count:u16 = t_new ‖ elements`) ‖
///   `count:u16 = n_new` ‖ `n_new × sealed box` of `scalarLength + 48` bytes;
/// - `0x22` complaints (sender a new index): `count:u16 ∈ 1…n_old` ‖ old indices, strictly
///   increasing;
/// - `0x23` justification (sender an old index): `count:u16 ∈ 1…n_new` ‖
///   `count × (new index:u16 ‖ scalar)`, strictly increasing.
public enum ResharingMessage<G: PrimeOrderGroup>: Sendable, Hashable {
    case dealing(ResharingDealing<G>)
    case complaints(ResharingComplaints)
    case justification(ResharingJustification<G>)

    public static var version: UInt8 { 1 }
    public static var sealedSubShareLength: Int { G.Scalar.byteLength + X25519.sealOverhead }

    public var phase: ResharingPhase {
        switch self {
        case .dealing: .dealing
        case .complaints: .complaints
        case .justification: .justifications
        }
    }

    public var sender: ResharingParty {
        switch self {
        case let .dealing(m): .old(m.sender)
        case let .complaints(m): .new(m.sender)
        case let .justification(m): .old(m.sender)
        }
    }

    public func encoded(ceremonyID: [UInt8]) -> [UInt8] {
        var w = ByteWriter()
        w.u8(Self.version); w.u8(phase.rawValue); w.raw(ceremonyID)
        switch self {
        case let .dealing(m):
            w.u16(m.sender); w.raw(m.commitments.encoded())
            w.u16(m.sealedSubShares.count)
            for c in m.sealedSubShares { w.raw(c) }
        case let .complaints(m):
            w.u16(m.sender); w.u16(m.accused.count)
            for a in m.accused { w.u16(a) }
        case let .justification(m):
            w.u16(m.sender); w.u16(m.subShares.count)
            for s in m.subShares { w.u16(s.index); w.scalar(s.value) }
        }
        return w.bytes
    }

    /// Decodes and validates a message of the resharing `ceremonyID`.
    public static func decode(_ bytes: [UInt8], ceremonyID: [UInt8], oldN: Int, newN: Int, newT: Int) throws(DKGDecodingError) -> ResharingMessage {
        var r = ByteReader(bytes)
        let version = try r.u8("version")
        guard version == Self.version else { throw .unknownVersion(version) }
        let tag = try r.u8("tag")
        guard let phase = ResharingPhase(rawValue: tag) else { throw .unknownTag(tag) }
        guard try r.take(32, "ceremony id") == ceremonyID else { throw .wrongCeremony }
        let message: ResharingMessage
        switch phase {
        case .dealing:
            let sender = try r.index("sender", bound: oldN)
            let c = try r.commitments("commitments", threshold: newT, G.self)
            let count = try r.u16("sub-share count")
            guard count == newN else { throw .countOutOfRange(field: "sealed sub-shares", value: count) }
            var sealed = [[UInt8]]()
            for _ in 0..<count { sealed.append(try r.take(sealedSubShareLength, "sealed sub-share")) }
            message = .dealing(ResharingDealing(sender: sender, commitments: c, sealedSubShares: sealed))
        case .complaints:
            let sender = try r.index("sender", bound: newN)
            let count = try r.u16("complaint count")
            guard count >= 1, count <= oldN else { throw .countOutOfRange(field: "complaints", value: count) }
            var accused = [Int]()
            for _ in 0..<count {
                let a = try r.index("accused", bound: oldN)
                guard a > (accused.last ?? 0) else { throw .notStrictlyIncreasing(field: "accused") }
                accused.append(a)
            }
            message = .complaints(ResharingComplaints(sender: sender, accused: accused))
        case .justifications:
            let sender = try r.index("sender", bound: oldN)
            let count = try r.u16("sub-share count")
            guard count >= 1, count <= newN else { throw .countOutOfRange(field: "sub-shares", value: count) }
            var list = [Share<G.Scalar>]()
            for _ in 0..<count {
                let j = try r.index("complainer", bound: newN)
                guard j > (list.last?.index ?? 0) else { throw .notStrictlyIncreasing(field: "complainer") }
                list.append(Share(index: j, value: try r.scalar("sub-share", G.Scalar.self)))
            }
            message = .justification(ResharingJustification(sender: sender, subShares: list))
        }
        try r.finish()
        return message
    }
}
