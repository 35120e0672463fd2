@testable import DKG
import Primitives
import Secp256k1
import Sharing
import Testing

@Suite struct MessageDecodingTests {
    static let n = 4, t = 3
    static let id = [UInt8](repeating: 0xab, count: 32)

    static func scalar() -> S { S.randomNonZero() }
    static func commitments() -> VSSCommitments<G> { VSSCommitments(elements: (0..<t).map { _ in G.multiplyGenerator(scalar()) }) }
    static func proof() -> DealingProof<G> {
        DealingProof(announcement: G.multiplyGenerator(scalar()), responseSecret: scalar(), responseBlinding: scalar())
    }
    static func opened(_ indices: [Int]) -> [OpenedShare<G>] { indices.map { OpenedShare(index: $0, share: scalar(), blinding: scalar()) } }

    static var samples: [DKGMessage<G>] {
        let sealed = (1...n).map { _ in SecureRandom.bytes(DKGMessage<G>.sealedShareLength) }
        return [
            .dealing(Dealing(sender: 2, commitments: commitments(), sealedShares: sealed, proof: proof())),
            .complaints(Complaints(sender: 1, accused: [2, 4])),
            .justification(Justification(sender: 2, openedShares: opened([1, 3]))),
            .extraction(Extraction(sender: 3, commitments: commitments())),
            .extractionComplaints(ExtractionComplaints(sender: 1, openedShares: opened([2, 3]))),
            .reveal(Reveal(sender: 4, openedShares: opened([1, 4]))),
        ]
    }

    static func decode(_ b: [UInt8]) throws(DKGDecodingError) -> DKGMessage<G> {
        try DKGMessage<G>.decode(b, ceremonyID: id, n: n, t: t)
    }

    @Test func roundTrip() throws {
        for m in Self.samples {
            #expect(try Self.decode(m.encoded(ceremonyID: Self.id)) == m)
        }
    }

    @Test func headerErrors() throws {
        for m in Self.samples {
            let b = m.encoded(ceremonyID: Self.id)
            // Version 1 (dealings without a proof) and unknown versions are refused.
            for version: UInt8 in [0, 1, 3] {
                var v = b; v[0] = version
                #expect(throws: DKGDecodingError.unknownVersion(version)) { try Self.decode(v) }
            }
            for tag: UInt8 in [0, 7, 0x21, 0xff] {
                var x = b; x[1] = tag
                #expect(throws: DKGDecodingError.unknownTag(tag)) { try Self.decode(x) }
            }
            var w = b; w[5] ^= 1
            #expect(throws: DKGDecodingError.wrongCeremony) { try Self.decode(w) }
            for sender in [0, Self.n + 1, 0xffff] {
                var s = b; s[34] = UInt8(sender >> 8); s[35] = UInt8(sender & 0xff)
                #expect(throws: DKGDecodingError.indexOutOfRange(field: "sender", value: sender)) { try Self.decode(s) }
            }
            #expect(throws: DKGDecodingError.trailingBytes(1)) { try Self.decode(b + [0]) }
            // Every truncation is refused.
            for len in 0..<b.count {
                #expect(throws: DKGDecodingError.self) { try Self.decode(Array(b.prefix(len))) }
            }
            #expect(throws: DKGDecodingError.truncated(context: "version")) { try Self.decode([]) }
        }
    }

    @Test func dealingErrors() throws {
        guard case let .dealing(d) = Self.samples[0] else { return }
        let header = 36
        let el = G.encodedLength
        // Commitment count t + 1 (the expected threshold is t).
        var b = DKGMessage<G>.dealing(d).encoded(ceremonyID: Self.id)
        b[header + 1] = UInt8(Self.t + 1)
        #expect(throws: DKGDecodingError.sharing(.commitmentCountMismatch(expected: Self.t, got: Self.t + 1))) { try Self.decode(b) }
        // An invalid element (bad SEC1 prefix), and the identity.
        b = DKGMessage<G>.dealing(d).encoded(ceremonyID: Self.id)
        b[header + 2 + el] = 0x05
        #expect(throws: DKGDecodingError.self) { try Self.decode(b) }
        do { _ = try Self.decode(b) } catch { guard case .sharing(.invalidElement) = error else { Issue.record("\(error)"); return } }
        b = DKGMessage<G>.dealing(d).encoded(ceremonyID: Self.id)
        for k in 0..<el { b[header + 2 + k] = 0 }
        #expect(throws: DKGDecodingError.sharing(.identityElement)) { try Self.decode(b) }
        // An x-coordinate ≥ p.
        b = DKGMessage<G>.dealing(d).encoded(ceremonyID: Self.id)
        b[header + 2] = 0x02; for k in 1..<el { b[header + 2 + k] = 0xff }  // x ≥ p
        #expect(throws: DKGDecodingError.self) { try Self.decode(b) }
        // Wrong number of sealed shares.
        let countAt = header + 2 + Self.t * el
        b = DKGMessage<G>.dealing(d).encoded(ceremonyID: Self.id)
        b[countAt + 1] = UInt8(Self.n - 1)
        #expect(throws: DKGDecodingError.countOutOfRange(field: "sealed shares", value: Self.n - 1)) { try Self.decode(b) }
        // A message one byte short ends inside the proof; one cut inside the sealed shares
        // is truncated there.
        b = DKGMessage<G>.dealing(d).encoded(ceremonyID: Self.id)
        #expect(throws: DKGDecodingError.truncated(context: "proof response z2")) { try Self.decode(Array(b.dropLast())) }
        let proofAt = b.count - DealingProof<G>.encodedLength
        #expect(throws: DKGDecodingError.truncated(context: "sealed share")) { try Self.decode(Array(b.prefix(proofAt - 1))) }
        // The proof's announcement may not be the identity or off the curve; its responses
        // must be canonical (< q).
        b = DKGMessage<G>.dealing(d).encoded(ceremonyID: Self.id)
        for k in 0..<el { b[proofAt + k] = 0 }
        #expect(throws: DKGDecodingError.sharing(.identityElement)) { try Self.decode(b) }
        for offset in [el, el + S.byteLength] {
            b = DKGMessage<G>.dealing(d).encoded(ceremonyID: Self.id)
            for k in 0..<S.byteLength { b[proofAt + offset + k] = 0xff }
            #expect(throws: DKGDecodingError.sharing(.nonCanonicalScalar)) { try Self.decode(b) }
        }
    }

    @Test func complaintErrors() throws {
        func enc(_ sender: Int, _ list: [Int]) -> [UInt8] {
            var w = ByteWriter(); w.u8(2); w.u8(2); w.raw(Self.id); w.u16(sender); w.u16(list.count)
            for a in list { w.u16(a) }
            return w.bytes
        }
        #expect(try Self.decode(enc(1, [2, 3])) == .complaints(Complaints(sender: 1, accused: [2, 3])))
        #expect(throws: DKGDecodingError.countOutOfRange(field: "complaints", value: 0)) { try Self.decode(enc(1, [])) }
        #expect(throws: DKGDecodingError.countOutOfRange(field: "complaints", value: 5)) { try Self.decode(enc(1, [2, 3, 4, 5, 6])) }
        #expect(throws: DKGDecodingError.selfReference(field: "accused")) { try Self.decode(enc(1, [1])) }
        #expect(throws: DKGDecodingError.notStrictlyIncreasing(field: "accused")) { try Self.decode(enc(1, [3, 2])) }
        #expect(throws: DKGDecodingError.notStrictlyIncreasing(field: "accused")) { try Self.decode(enc(1, [2, 2])) }
        #expect(throws: DKGDecodingError.indexOutOfRange(field: "accused", value: 0)) { try Self.decode(enc(1, [0])) }
        #expect(throws: DKGDecodingError.indexOutOfRange(field: "accused", value: 5)) { try Self.decode(enc(1, [5])) }
    }

    @Test func openedShareListErrors() throws {
        // tag 3 justification, 5 extraction complaints, 6 reveal
        func enc(_ tag: UInt8, _ sender: Int, _ list: [(Int, [UInt8], [UInt8])], count: Int? = nil) -> [UInt8] {
            var w = ByteWriter(); w.u8(2); w.u8(tag); w.raw(Self.id); w.u16(sender); w.u16(count ?? list.count)
            for (i, s, b) in list { w.u16(i); w.raw(s); w.raw(b) }
            return w.bytes
        }
        let good = Self.scalar().canonicalBytes
        let nonCanonical = [UInt8](repeating: 0xff, count: 32)
        let field: [UInt8: String] = [3: "complainer", 5: "dealer", 6: "dealer"]
        for tag: UInt8 in [3, 5, 6] {
            let f = field[tag]!
            #expect(throws: Never.self) { try Self.decode(enc(tag, 2, [(1, good, good)])) }
            #expect(throws: DKGDecodingError.countOutOfRange(field: f, value: 0)) { try Self.decode(enc(tag, 2, [])) }
            #expect(throws: DKGDecodingError.sharing(.nonCanonicalScalar)) { try Self.decode(enc(tag, 2, [(1, nonCanonical, good)])) }
            #expect(throws: DKGDecodingError.sharing(.nonCanonicalScalar)) { try Self.decode(enc(tag, 2, [(1, good, nonCanonical)])) }
            #expect(throws: DKGDecodingError.notStrictlyIncreasing(field: f)) { try Self.decode(enc(tag, 2, [(3, good, good), (1, good, good)])) }
            #expect(throws: DKGDecodingError.indexOutOfRange(field: f, value: 9)) { try Self.decode(enc(tag, 2, [(9, good, good)])) }
            #expect(throws: DKGDecodingError.truncated(context: f)) { try Self.decode(enc(tag, 2, [(1, good, good)], count: 2)) }
            #expect(throws: DKGDecodingError.truncated(context: "blinding")) { try Self.decode(Array(enc(tag, 2, [(1, good, good)]).dropLast())) }
            if tag == 6 {
                #expect(throws: Never.self) { try Self.decode(enc(tag, 2, [(2, good, good)])) }
            } else {
                #expect(throws: DKGDecodingError.selfReference(field: f)) { try Self.decode(enc(tag, 2, [(2, good, good)])) }
            }
        }
    }

    @Test func extractionErrors() throws {
        guard case let .extraction(e) = Self.samples[3] else { return }
        var b = DKGMessage<G>.extraction(e).encoded(ceremonyID: Self.id)
        for k in 0..<G.encodedLength { b[38 + k] = 0 }
        #expect(throws: DKGDecodingError.sharing(.identityElement)) { try Self.decode(b) }
        b = DKGMessage<G>.extraction(e).encoded(ceremonyID: Self.id)
        b[37] = UInt8(Self.t - 1)
        #expect(throws: DKGDecodingError.sharing(.commitmentCountMismatch(expected: Self.t, got: Self.t - 1))) { try Self.decode(b) }
    }

    @Test func randomBytesNeverTrap() throws {
        var rng = SystemRandomNumberGenerator()
        for m in Self.samples {
            let b = m.encoded(ceremonyID: Self.id)
            for _ in 0..<200 {
                var x = b
                let pos = Int.random(in: 36..<x.count, using: &rng)
                x[pos] = UInt8.random(in: 0...255, using: &rng)
                _ = try? Self.decode(x)  // any outcome but a trap
            }
        }
        for len in [0, 1, 2, 35, 36, 37, 100, 1000] { _ = try? Self.decode(SecureRandom.bytes(len)) }
    }
}

@Suite struct ResharingDecodingTests {
    static let id = [UInt8](repeating: 0xcd, count: 32)
    static func decode(_ b: [UInt8]) throws(DKGDecodingError) -> ResharingMessage<G> {
        try ResharingMessage<G>.decode(b, ceremonyID: id, oldN: 4, newN: 5, newT: 3)
    }

    @Test func roundTripAndErrors() throws {
        let c = VSSCommitments<G>(elements: (0..<3).map { _ in G.multiplyGenerator(S.randomNonZero()) })
        let samples: [ResharingMessage<G>] = [
            .dealing(ResharingDealing(sender: 4, commitments: c, sealedSubShares: (1...5).map { _ in SecureRandom.bytes(ResharingMessage<G>.sealedSubShareLength) })),
            .complaints(ResharingComplaints(sender: 5, accused: [1, 4])),
            .justification(ResharingJustification(sender: 2, subShares: [Share(index: 1, value: S.random()), Share(index: 5, value: S.random())])),
        ]
        for m in samples {
            let b = m.encoded(ceremonyID: Self.id)
            #expect(try Self.decode(b) == m)
            #expect(throws: DKGDecodingError.trailingBytes(2)) { try Self.decode(b + [0, 0]) }
            for len in 0..<b.count { #expect(throws: DKGDecodingError.self) { try Self.decode(Array(b.prefix(len))) } }
            var v = b; v[0] = 0
            #expect(throws: DKGDecodingError.unknownVersion(0)) { try Self.decode(v) }
            var tg = b; tg[1] = 0x01  // a DKG tag is not a resharing tag
            #expect(throws: DKGDecodingError.unknownTag(1)) { try Self.decode(tg) }
            var w = b; w[2] ^= 0x80
            #expect(throws: DKGDecodingError.wrongCeremony) { try Self.decode(w) }
        }
        // Sender bounds: dealings by old index (≤ 4), complaints by new index (≤ 5).
        var d = samples[0].encoded(ceremonyID: Self.id); d[35] = 5
        #expect(throws: DKGDecodingError.indexOutOfRange(field: "sender", value: 5)) { try Self.decode(d) }
        var cm = samples[1].encoded(ceremonyID: Self.id); cm[35] = 6
        #expect(throws: DKGDecodingError.indexOutOfRange(field: "sender", value: 6)) { try Self.decode(cm) }
        // Accused beyond the old committee; non-increasing; non-canonical sub-share.
        var acc = samples[1].encoded(ceremonyID: Self.id); acc[acc.count - 1] = 5
        #expect(throws: DKGDecodingError.indexOutOfRange(field: "accused", value: 5)) { try Self.decode(acc) }
        acc[acc.count - 1] = 1
        #expect(throws: DKGDecodingError.notStrictlyIncreasing(field: "accused")) { try Self.decode(acc) }
        var j = samples[2].encoded(ceremonyID: Self.id)
        for k in (j.count - 32)..<j.count { j[k] = 0xff }
        #expect(throws: DKGDecodingError.sharing(.nonCanonicalScalar)) { try Self.decode(j) }
        // Commitment count must be t_new.
        var cc = samples[0].encoded(ceremonyID: Self.id); cc[37] = 2
        #expect(throws: DKGDecodingError.sharing(.commitmentCountMismatch(expected: 3, got: 2))) { try Self.decode(cc) }
    }
}
