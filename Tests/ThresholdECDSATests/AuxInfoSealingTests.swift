import BigNum
import Paillier
import Primitives
import Testing
@testable import ThresholdECDSA

/// The aux-info record a node seals in its vault (AuxInfo+Sealing): it round-trips, and opening
/// refuses every record that is not exactly one honest member's aux info.
@Suite struct AuxInfoSealingTests {
    static let aux = SharedAux.result[2]!

    @Test func roundTripsAndTheRestoredKeyDecrypts() throws {
        let record = Self.aux.sealingRecord()
        let back = try AuxInfo(sealingRecord: record)
        #expect(back.sessionID == Self.aux.sessionID && back.index == 2 && back.parties == Self.aux.parties)
        #expect(back.secretKey.publicKey == Self.aux.secretKey.publicKey)
        // The restored key decrypts what was encrypted to the original.
        let m = BigInt(123_456_789)
        let (c, _) = Self.aux.secretKey.publicKey.encrypt(m, source: .system)
        #expect(try back.secretKey.decrypt(c) == m)
        #expect(back.sealingRecord().withUnsafeBytes { Array($0) } == record.withUnsafeBytes { Array($0) })
        // Redacted when printed.
        #expect(!"\(back.secretKey)".contains(Self.aux.secretKey.primes.p.description))
    }

    /// Each structural damage is a typed refusal, never a crash.
    @Test func refusesDamagedRecords() throws {
        let bytes = Self.aux.sealingRecord().withUnsafeBytes { Array($0) }
        func open(_ b: [UInt8]) throws(ECDSAWireError) -> AuxInfo { try AuxInfo(sealingRecord: SecretBytes(copying: b)) }
        #expect(throws: ECDSAWireError.unknownVersion(3)) { try open([3] + bytes.dropFirst()) }
        #expect(throws: ECDSAWireError.unknownVersion(1)) { try open([1] + bytes.dropFirst()) }
        #expect(throws: ECDSAWireError.trailingBytes) { try open(bytes + [0]) }
        for cut in [0, 1, 3, 40, bytes.count / 2, bytes.count - 1] {
            #expect(throws: ECDSAWireError.self) { try open(Array(bytes.prefix(cut))) }
        }
        // Header: version 1, sid length u16, sid, index u16.
        let sidLength = Int(bytes[1]) << 8 | Int(bytes[2])
        let indexAt = 3 + sidLength
        // Another member's index: p·q is not that member's modulus.
        var other = bytes
        other[indexAt + 1] = 3
        #expect(throws: ECDSAWireError.invalidField("Paillier primes")) { try open(other) }
        // An index with no party.
        var absent = bytes
        absent[indexAt + 1] = 9
        #expect(throws: ECDSAWireError.invalidField("index")) { try open(absent) }
        // A flipped bit in p: no longer a (safe) prime.
        var badPrime = bytes
        badPrime[indexAt + 2 + 2 + 1 + 100] ^= 0x10
        #expect(throws: ECDSAWireError.invalidField("Paillier primes")) { try open(badPrime) }
    }

    /// A record whose party 2 repeats party 1's (N, s, t): refused, as aux-info refuses it.
    @Test func refusesARepeatedParty() throws {
        let bytes = Self.aux.sealingRecord().withUnsafeBytes { Array($0) }
        func u16(_ at: Int) -> Int { Int(bytes[at]) << 8 | Int(bytes[at + 1]) }
        var at = 3 + u16(1) + 2                                   // version, sid, index
        for _ in 0..<2 { at += 2 + u16(at) }                     // p, q
        at += 2                                                   // party count
        func party(_ start: Int) -> (end: Int, body: ArraySlice<UInt8>) {
            var end = start + 2
            for _ in 0..<3 { end += 2 + u16(end) }
            return (end, bytes[(start + 2)..<end])
        }
        let one = party(at), two = party(one.end)
        let forged = Array(bytes[..<(one.end + 2)]) + one.body + Array(bytes[two.end...])
        #expect(throws: ECDSAWireError.invalidField("aux info of party 2 repeats another's")) {
            try AuxInfo(sealingRecord: SecretBytes(copying: forged))
        }
    }

    /// Moduli below the minimum are refused unless the caller lowers it.
    @Test func honoursTheMinimumModulus() throws {
        #expect(throws: ECDSAWireError.invalidField("aux info of party 1")) {
            try AuxInfo(sealingRecord: Self.aux.sealingRecord(), minimumBits: 4096)
        }
    }
}
