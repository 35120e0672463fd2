import BigNum
import Paillier
import Primitives

/// The plaintext a node seals in its vault for one key's aux info, so that an
/// `ecdsa-secp256k1` key survives a restart (docs/protocols/cggmp21.md, "In the node").
///
/// `version:u8 = 1 ‖ sidLength:u16 ‖ sessionID ‖ index:u16 ‖ p ‖ q ‖ count:u16 ‖
/// count × (index:u16 ‖ N ‖ N̂ ‖ s ‖ t)`, integers as on the wire (``ECDSAWireWriter``),
/// parties ascending. Opening re-checks everything aux-info checked of the public parts, the
/// primes (safe, odd, distinct) and that p·q is the holder's own logged modulus: a record of
/// another key, tampered bytes (the vault's AEAD already refuses those) or a bug never yields
/// a key this node would sign with.
extension AuxInfo {
    static let sealingVersion: UInt8 = 1

    /// The record to seal. The caller seals it at once; it holds the Paillier primes.
    public func sealingRecord() -> SecretBytes {
        var w = ECDSAWireWriter()
        w.u8(Self.sealingVersion)
        w.u16(sessionID.count)
        w.fixed(sessionID)
        w.u16(index)
        w.int(secretKey.primes.p)
        w.int(secretKey.primes.q)
        w.u16(parties.count)
        for j in parties.keys.sorted() {
            let party = parties[j]!
            w.u16(j)
            w.int(party.paillier.n)
            w.ints([party.ringPedersen.n, party.ringPedersen.s, party.ringPedersen.t])
        }
        var bytes = w.bytes
        defer { Wipe.bytes(&bytes) }
        return SecretBytes(copying: bytes)
    }

    /// Opens a record made by ``sealingRecord()``. `minimumBits` is the smallest modulus
    /// accepted (3071 outside tests).
    public init(sealingRecord record: SecretBytes, minimumBits: Int = PaillierPublicKey.minimumBits) throws(ECDSAWireError) {
        var bytes = record.withUnsafeBytes { Array($0) }
        defer { Wipe.bytes(&bytes) }
        var r = ECDSAWireReader(bytes)
        let version = try r.u8("version")
        guard version == Self.sealingVersion else { throw .unknownVersion(version) }
        let sessionID = try r.take(try r.u16("session id length"), "session id")
        guard !sessionID.isEmpty else { throw .invalidField("session id") }
        let index = try r.u16("index")
        let p = try r.int("p"), q = try r.int("q")
        let count = try r.u16("party count")
        guard count >= 2 else { throw .invalidField("party count") }
        var parties: [Int: AuxPublic] = [:]
        var previous = 0
        for _ in 0..<count {
            let j = try r.u16("party index")
            guard j > previous else { throw .invalidField("party index") }
            previous = j
            let paillierN = try r.int("N"), nHat = try r.int("N̂"), s = try r.int("s"), t = try r.int("t")
            do {
                parties[j] = AuxPublic(paillier: try PaillierPublicKey(n: paillierN, minimumBits: minimumBits),
                                       ringPedersen: try RingPedersenParameters(n: nHat, s: s, t: t, minimumBits: minimumBits))
            } catch {
                throw .invalidField("aux info of party \(j)")
            }
        }
        try r.finish()
        guard let own = parties[index] else { throw .invalidField("index") }
        let key: PaillierSecretKey
        do { key = try PaillierSecretKey(safePrimes: SecretPrimes(p: p, q: q), minimumBits: minimumBits) } catch {
            throw .invalidField("Paillier primes")
        }
        guard key.publicKey.n == own.paillier.n else { throw .invalidField("Paillier primes") }
        self.init(sessionID: sessionID, parties: parties, index: index, secretKey: key)
    }
}
