import Primitives
import Sharing

/// The phases of a GJKR ceremony (GJKR §4, Fig. 2), in order. Each is closed by an
/// explicit `CeremonyInput.deadline(phase)` — a position in the session log, never a
/// clock.
public enum Phase: UInt8, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Fig. 2 step 1(a): each member broadcasts its Pedersen commitments and encrypted shares.
    case dealing = 1
    /// Fig. 2 step 1(b): complaints against dealers whose share failed Eq. (4).
    case complaints = 2
    /// Fig. 2 step 1(c): dealers publish the disputed shares.
    case justifications = 3
    /// Fig. 2 step 4(a): QUAL dealers publish `A_ik = g^{a_ik}`.
    case extraction = 4
    /// Fig. 2 step 4(b): complaints against `A_ik` failing Eq. (5), with the share as proof.
    case extractionComplaints = 5
    /// Fig. 2 step 4(c): members reveal their shares of complained-against dealers.
    case reconstruction = 6

    public var description: String {
        switch self {
        case .dealing: "dealing"
        case .complaints: "complaints"
        case .justifications: "justifications"
        case .extraction: "extraction"
        case .extractionComplaints: "extraction-complaints"
        case .reconstruction: "reconstruction"
        }
    }
}

/// A pair `(s_ij, s'_ij)` opened in public, naming the other party `index` (the
/// complainer in a justification, the dealer in an extraction complaint or reveal).
public struct OpenedShare<G: PrimeOrderGroup>: Sendable, Hashable {
    public let index: Int
    public let share: G.Scalar
    public let blinding: G.Scalar
    public init(index: Int, share: G.Scalar, blinding: G.Scalar) {
        self.index = index
        self.share = share
        self.blinding = blinding
    }
}

/// Phase 1 broadcast of dealer `sender`: `C_ik = g^{a_ik} h^{b_ik}` (k = 0…t−1), for
/// every member `j = 1…n` (itself included) `sealedShares[j−1]`, the X25519 sealed box of
/// `s_ij ‖ s'_ij` to member `j`'s key, and `proof`, the dealer's proof of knowledge of the
/// opening of `C_i0` bound to its own index (`DealingProof`).
public struct Dealing<G: PrimeOrderGroup>: Sendable, Hashable {
    public let sender: Int
    public let commitments: VSSCommitments<G>
    public let sealedShares: [[UInt8]]
    public let proof: DealingProof<G>
    public init(sender: Int, commitments: VSSCommitments<G>, sealedShares: [[UInt8]], proof: DealingProof<G>) {
        self.sender = sender; self.commitments = commitments; self.sealedShares = sealedShares; self.proof = proof
    }
}

/// Phase 1 complaints of member `sender` against the dealers `accused` (sorted).
public struct Complaints: Sendable, Hashable {
    public let sender: Int
    public let accused: [Int]
    public init(sender: Int, accused: [Int]) { self.sender = sender; self.accused = accused }
}

/// Phase 1 justification of dealer `sender`: the shares of each complainer, in clear.
public struct Justification<G: PrimeOrderGroup>: Sendable, Hashable {
    public let sender: Int
    public let openedShares: [OpenedShare<G>]
    public init(sender: Int, openedShares: [OpenedShare<G>]) { self.sender = sender; self.openedShares = openedShares }
}

/// Phase 2 broadcast of QUAL dealer `sender`: `A_ik = g^{a_ik}`.
public struct Extraction<G: PrimeOrderGroup>: Sendable, Hashable {
    public let sender: Int
    public let commitments: VSSCommitments<G>
    public init(sender: Int, commitments: VSSCommitments<G>) { self.sender = sender; self.commitments = commitments }
}

/// Phase 2 complaints of `sender`: for each dealer, the share pair that satisfies
/// Eq. (4) (Pedersen) but not Eq. (5) (Feldman) — the public proof of cheating.
public struct ExtractionComplaints<G: PrimeOrderGroup>: Sendable, Hashable {
    public let sender: Int
    public let openedShares: [OpenedShare<G>]
    public init(sender: Int, openedShares: [OpenedShare<G>]) { self.sender = sender; self.openedShares = openedShares }
}

/// Phase 2 reconstruction: member `sender` reveals its shares of the dealers being
/// reconstructed.
public struct Reveal<G: PrimeOrderGroup>: Sendable, Hashable {
    public let sender: Int
    public let openedShares: [OpenedShare<G>]
    public init(sender: Int, openedShares: [OpenedShare<G>]) { self.sender = sender; self.openedShares = openedShares }
}

/// A GJKR broadcast message.
///
/// ## Wire format (version 2)
/// `version:u8 = 2 ‖ tag:u8 ‖ ceremonyID:32 ‖ sender:u16 ‖ body`, big-endian, where body is
/// - `0x01` dealing: commitments (`count:u16 = t ‖ t × element`) ‖ `count:u16 = n` ‖
///   `n × sealed box` of exactly `2·scalarLength + 48` bytes ‖ proof (`T` element, identity
///   refused ‖ `z1` ‖ `z2`). Version 1 had no proof and is refused (`unknownVersion`);
/// - `0x02` complaints: `count:u16 ∈ 1…n` ‖ `count × index:u16`, strictly increasing, ≠ sender;
/// - `0x03` justification, `0x05` extraction complaints, `0x06` reveal:
///   `count:u16 ∈ 1…n` ‖ `count × (index:u16 ‖ share ‖ blinding)`, indices strictly
///   increasing (≠ sender for 0x03 and 0x05);
/// - `0x04` extraction: commitments (`count:u16 = t ‖ t × element`).
/// Elements are `G.encode` (identity refused), scalars `G.Scalar.canonicalBytes`
/// (values ≥ q refused). Nothing may follow the body.
public enum DKGMessage<G: PrimeOrderGroup>: Sendable, Hashable {
    case dealing(Dealing<G>)
    case complaints(Complaints)
    case justification(Justification<G>)
    case extraction(Extraction<G>)
    case extractionComplaints(ExtractionComplaints<G>)
    case reveal(Reveal<G>)

    public static var version: UInt8 { 2 }

    public var sender: Int {
        switch self {
        case let .dealing(m): m.sender
        case let .complaints(m): m.sender
        case let .justification(m): m.sender
        case let .extraction(m): m.sender
        case let .extractionComplaints(m): m.sender
        case let .reveal(m): m.sender
        }
    }

    /// The phase during which the message is accepted.
    public var phase: Phase {
        switch self {
        case .dealing: .dealing
        case .complaints: .complaints
        case .justification: .justifications
        case .extraction: .extraction
        case .extractionComplaints: .extractionComplaints
        case .reveal: .reconstruction
        }
    }

    var tag: UInt8 { phase.rawValue }

    /// Length of a sealed `(s, s')` pair.
    public static var sealedShareLength: Int { 2 * G.Scalar.byteLength + X25519.sealOverhead }

    public func encoded(ceremonyID: [UInt8]) -> [UInt8] {
        precondition(ceremonyID.count == 32)
        var w = ByteWriter()
        w.u8(Self.version); w.u8(tag); w.raw(ceremonyID); w.u16(sender)
        switch self {
        case let .dealing(m):
            w.raw(m.commitments.encoded())
            w.u16(m.sealedShares.count)
            for c in m.sealedShares { w.raw(c) }
            w.element(m.proof.announcement, G.self)
            w.scalar(m.proof.responseSecret)
            w.scalar(m.proof.responseBlinding)
        case let .complaints(m):
            w.u16(m.accused.count)
            for a in m.accused { w.u16(a) }
        case let .justification(m): Self.write(m.openedShares, &w)
        case let .extraction(m): w.raw(m.commitments.encoded())
        case let .extractionComplaints(m): Self.write(m.openedShares, &w)
        case let .reveal(m): Self.write(m.openedShares, &w)
        }
        return w.bytes
    }

    static func write(_ list: [OpenedShare<G>], _ w: inout ByteWriter) {
        w.u16(list.count)
        for o in list { w.u16(o.index); w.scalar(o.share); w.scalar(o.blinding) }
    }

    /// Decodes and validates a message of the ceremony `ceremonyID` with parameters
    /// `n`, `t`. Refuses, with a typed error, anything but the one canonical encoding.
    public static func decode(_ bytes: [UInt8], ceremonyID: [UInt8], n: Int, t: Int) throws(DKGDecodingError) -> DKGMessage {
        var r = ByteReader(bytes)
        let version = try r.u8("version")
        guard version == Self.version else { throw .unknownVersion(version) }
        let tag = try r.u8("tag")
        guard let phase = Phase(rawValue: tag) else { throw .unknownTag(tag) }
        guard try r.take(32, "ceremony id") == ceremonyID else { throw .wrongCeremony }
        let sender = try r.index("sender", bound: n)
        let message: DKGMessage
        switch phase {
        case .dealing:
            let c = try r.commitments("commitments", threshold: t, G.self)
            let count = try r.u16("share count")
            guard count == n else { throw .countOutOfRange(field: "sealed shares", value: count) }
            var sealed = [[UInt8]]()
            sealed.reserveCapacity(n)
            let len = sealedShareLength
            for _ in 0..<n {
                // The length is fixed by the format; a shorter remainder is truncation.
                sealed.append(try r.take(len, "sealed share"))
            }
            let announcement = try r.element("proof announcement", G.self)
            let z1 = try r.scalar("proof response z1", G.Scalar.self)
            let z2 = try r.scalar("proof response z2", G.Scalar.self)
            let proof = DealingProof<G>(announcement: announcement, responseSecret: z1, responseBlinding: z2)
            message = .dealing(Dealing(sender: sender, commitments: c, sealedShares: sealed, proof: proof))
        case .complaints:
            let count = try r.u16("complaint count")
            guard count >= 1, count <= n else { throw .countOutOfRange(field: "complaints", value: count) }
            var accused = [Int]()
            for _ in 0..<count {
                let a = try r.index("accused", bound: n)
                guard a != sender else { throw .selfReference(field: "accused") }
                guard a > (accused.last ?? 0) else { throw .notStrictlyIncreasing(field: "accused") }
                accused.append(a)
            }
            message = .complaints(Complaints(sender: sender, accused: accused))
        case .justifications:
            let list = try readOpened(&r, field: "complainer", n: n, sender: sender, allowSelf: false)
            message = .justification(Justification(sender: sender, openedShares: list))
        case .extraction:
            let c = try r.commitments("commitments", threshold: t, G.self)
            message = .extraction(Extraction(sender: sender, commitments: c))
        case .extractionComplaints:
            let list = try readOpened(&r, field: "dealer", n: n, sender: sender, allowSelf: false)
            message = .extractionComplaints(ExtractionComplaints(sender: sender, openedShares: list))
        case .reconstruction:
            let list = try readOpened(&r, field: "dealer", n: n, sender: sender, allowSelf: true)
            message = .reveal(Reveal(sender: sender, openedShares: list))
        }
        try r.finish()
        return message
    }

    static func readOpened(_ r: inout ByteReader, field: String, n: Int, sender: Int, allowSelf: Bool) throws(DKGDecodingError) -> [OpenedShare<G>] {
        let count = try r.u16("\(field) count")
        guard count >= 1, count <= n else { throw .countOutOfRange(field: field, value: count) }
        var out = [OpenedShare<G>]()
        for _ in 0..<count {
            let i = try r.index(field, bound: n)
            guard allowSelf || i != sender else { throw .selfReference(field: field) }
            guard i > (out.last?.index ?? 0) else { throw .notStrictlyIncreasing(field: field) }
            let s = try r.scalar("share", G.Scalar.self)
            let b = try r.scalar("blinding", G.Scalar.self)
            out.append(OpenedShare(index: i, share: s, blinding: b))
        }
        return out
    }
}
