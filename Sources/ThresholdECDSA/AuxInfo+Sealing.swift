import BigNum
import Paillier
import Primitives

/// The plaintext a node seals in its vault for one key's aux info, so that an
/// `ecdsa-secp256k1` key survives a restart (docs/protocols/cggmp21.md, "In the node").
///
/// `version:u8 = 2 ‖ sidLength:u16 ‖ sessionID ‖ index:u16 ‖ p ‖ q ‖ count:u16 ‖
/// count × (index:u16 ‖ N ‖ s ‖ t)`, integers as on the wire (`u16 length ‖ sign ‖ minimal
/// magnitude`), parties ascending; each party's ring-Pedersen modulus N̂ is its Paillier N, as
/// aux-info makes them. The record is authenticated by the vault's AEAD; opening it still
/// re-checks its shape as aux-info did — every modulus and (s, t) valid and distinct across
/// parties, the primes safe, balanced, and multiplying to the holder's own modulus — so that a
/// record of another key or a bug never yields a key this node would sign with.
extension AuxInfo {
    static let sealingVersion: UInt8 = 2

    /// The record to seal. The caller seals it at once; it holds the Paillier primes. Written
    /// straight into locked memory: the encodings of p and q are wiped, and no growing buffer
    /// leaves a copy behind.
    public func sealingRecord() -> SecretBytes {
        func u16(_ v: Int) -> [UInt8] { [UInt8(truncatingIfNeeded: v >> 8), UInt8(truncatingIfNeeded: v)] }
        func int(_ x: BigInt) -> [UInt8] { let e = Signed.encode(x); return u16(e.count) + e }
        var secret = [int(secretKey.primes.p), int(secretKey.primes.q)]
        defer { for i in secret.indices { Wipe.bytes(&secret[i]) } }
        let head = [Self.sealingVersion] + u16(sessionID.count) + sessionID + u16(index)
        var tail = u16(parties.count)   // public values only (the parties' N, s, t)
        for j in parties.keys.sorted() {
            let party = parties[j]!
            tail += u16(j) + int(party.paillier.n) + int(party.ringPedersen.s) + int(party.ringPedersen.t)
        }
        let parts = [head] + secret + [tail]
        let record = SecretBytes(zeroedCount: parts.reduce(0) { $0 + $1.count })
        record.withUnsafeMutableBytes { out in
            var offset = 0
            for part in parts {
                for b in part { out[offset] = b; offset += 1 }
            }
        }
        return record
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
        // As aux-info's duplicate check (AuxInfoParty.firstDuplicate): no modulus or (s, t) twice.
        var seenN = Set<BigInt>(), seenST = Set<[BigInt]>()
        var previous = 0
        for _ in 0..<count {
            let j = try r.u16("party index")
            guard j > previous else { throw .invalidField("party index") }
            previous = j
            let n = try r.int("N"), s = try r.int("s"), t = try r.int("t")
            do {
                parties[j] = AuxPublic(paillier: try PaillierPublicKey(n: n, minimumBits: minimumBits),
                                       ringPedersen: try RingPedersenParameters(n: n, s: s, t: t, minimumBits: minimumBits))
            } catch {
                throw .invalidField("aux info of party \(j)")
            }
            guard seenN.insert(n).inserted, seenST.insert([s, t]).inserted else {
                throw .invalidField("aux info of party \(j) repeats another's")
            }
        }
        try r.finish()
        guard let own = parties[index] else { throw .invalidField("index") }
        let half = minimumBits / 2
        guard p.bitLength >= half, q.bitLength >= half else { throw .invalidField("Paillier primes") }
        let key: PaillierSecretKey
        do { key = try PaillierSecretKey(safePrimes: SecretPrimes(p: p, q: q), minimumBits: minimumBits) } catch {
            throw .invalidField("Paillier primes")
        }
        guard key.publicKey.n == own.paillier.n else { throw .invalidField("Paillier primes") }
        self.init(sessionID: sessionID, parties: parties, index: index, secretKey: key)
    }
}
