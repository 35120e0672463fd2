import BigNum
import Secp256k1

/// A CGGMP21 protocol message with a versioned binary encoding
/// (`version:u8 = 1 ‖ body`, body as each type documents; nothing may follow).
/// The node carries these through its session log (docs/protocols/cggmp21.md, "In the node").
public protocol ECDSAWireMessage: Sendable {
    /// The message's bytes.
    func encoded() -> [UInt8]
    /// Decodes and validates (lengths, counts, canonical integers, points, scalars); whether
    /// the values are *correct* is for the protocol's checks and proofs.
    static func decode(_ bytes: [UInt8]) throws(ECDSAWireError) -> Self
}

enum ECDSAWire {
    static let version: UInt8 = 1

    static func encode(_ body: (inout ECDSAWireWriter) -> Void) -> [UInt8] {
        var w = ECDSAWireWriter()
        w.u8(version)
        body(&w)
        return w.bytes
    }

    static func decode<T>(_ bytes: [UInt8], _ body: (inout ECDSAWireReader) throws(ECDSAWireError) -> T) throws(ECDSAWireError) -> T {
        var r = ECDSAWireReader(bytes)
        let v = try r.u8("version")
        guard v == version else { throw .unknownVersion(v) }
        let value = try body(&r)
        try r.finish()
        return value
    }
}

extension AuxInfoCommit: ECDSAWireMessage {
    /// Body: `commitment:32`.
    public func encoded() -> [UInt8] { ECDSAWire.encode { $0.fixed(commitment) } }
    public static func decode(_ bytes: [UInt8]) throws(ECDSAWireError) -> AuxInfoCommit {
        try ECDSAWire.decode(bytes) { (r: inout ECDSAWireReader) throws(ECDSAWireError) in AuxInfoCommit(commitment: try r.take(32, "commitment")) }
    }
}

extension AuxInfoReveal: ECDSAWireMessage {
    /// Body: `N ‖ s ‖ t ‖ Πprm (m × A, m × z) ‖ rid:32 ‖ opening:32`.
    public func encoded() -> [UInt8] {
        ECDSAWire.encode { w in w.ints([n, s, t]); prm.write(&w); w.fixed(rid); w.fixed(opening) }
    }
    public static func decode(_ bytes: [UInt8]) throws(ECDSAWireError) -> AuxInfoReveal {
        try ECDSAWire.decode(bytes) { (r: inout ECDSAWireReader) throws(ECDSAWireError) in
            let v = try r.ints(3, "N/s/t")
            return AuxInfoReveal(n: v[0], s: v[1], t: v[2], prm: try PiPrm.read(&r), rid: try r.take(32, "rid"), opening: try r.take(32, "opening"))
        }
    }
}

extension AuxInfoProofs: ECDSAWireMessage {
    /// Body: `Πmod (w, m × (x, a:u8, b:u8, z)) ‖ Πfac (11 integers)`.
    public func encoded() -> [UInt8] { ECDSAWire.encode { w in mod.write(&w); fac.write(&w) } }
    public static func decode(_ bytes: [UInt8]) throws(ECDSAWireError) -> AuxInfoProofs {
        try ECDSAWire.decode(bytes) { (r: inout ECDSAWireReader) throws(ECDSAWireError) in
            AuxInfoProofs(mod: try PiMod.read(&r), fac: try PiFac.read(&r))
        }
    }
}

extension PresignRound1: ECDSAWireMessage {
    /// Body: `K ‖ G ‖ Πenc`.
    public func encoded() -> [UInt8] { ECDSAWire.encode { w in w.ints([K, G]); enc.write(&w) } }
    public static func decode(_ bytes: [UInt8]) throws(ECDSAWireError) -> PresignRound1 {
        try ECDSAWire.decode(bytes) { (r: inout ECDSAWireReader) throws(ECDSAWireError) in
            PresignRound1(K: try r.int("K"), G: try r.int("G"), enc: try PiEnc.read(&r))
        }
    }
}

extension PresignRound2: ECDSAWireMessage {
    /// Body: `Γ:33 ‖ D ‖ F ‖ D̂ ‖ F̂ ‖ Πaff-g ‖ Πaff-g (x) ‖ Πlog*`.
    public func encoded() -> [UInt8] {
        ECDSAWire.encode { w in w.point(Gamma); w.ints([D, F, Dhat, Fhat]); aff.write(&w); affHat.write(&w); logStar.write(&w) }
    }
    public static func decode(_ bytes: [UInt8]) throws(ECDSAWireError) -> PresignRound2 {
        try ECDSAWire.decode(bytes) { (r: inout ECDSAWireReader) throws(ECDSAWireError) in
            let gamma = try r.point("Γ")
            let v = try r.ints(4, "D/F/D̂/F̂")
            return PresignRound2(Gamma: gamma, D: v[0], F: v[1], Dhat: v[2], Fhat: v[3], aff: try PiAffG.read(&r),
                                 affHat: try PiAffG.read(&r), logStar: try PiLogStar.read(&r))
        }
    }
}

extension PresignRound3: ECDSAWireMessage {
    /// Body: `δ:32 ‖ Δ:33 ‖ S:33 ‖ Πlog*`.
    public func encoded() -> [UInt8] {
        ECDSAWire.encode { w in w.scalar(delta); w.point(Delta); w.point(S); logStar.write(&w) }
    }
    public static func decode(_ bytes: [UInt8]) throws(ECDSAWireError) -> PresignRound3 {
        try ECDSAWire.decode(bytes) { (r: inout ECDSAWireReader) throws(ECDSAWireError) in
            PresignRound3(delta: try r.scalar("δ"), Delta: try r.point("Δ"), S: try r.point("S"), logStar: try PiLogStar.read(&r))
        }
    }
}

extension PartialECDSASignature: ECDSAWireMessage {
    /// Body: `index:u16 ‖ r:32 ‖ σ:32`.
    public func encoded() -> [UInt8] { ECDSAWire.encode { w in w.u16(index); w.scalar(r); w.scalar(sigma) } }
    public static func decode(_ bytes: [UInt8]) throws(ECDSAWireError) -> PartialECDSASignature {
        try ECDSAWire.decode(bytes) { (r: inout ECDSAWireReader) throws(ECDSAWireError) in
            let index = try r.u16("index")
            guard index >= 1 else { throw .invalidField("index") }
            return PartialECDSASignature(index: index, r: try r.scalar("r"), sigma: try r.scalar("σ"))
        }
    }
}
