import Sharing
import Testing

@Suite struct FeldmanTests {
    @Test func honestSharesVerifyAndPublicValuesMatch() throws {
        for (t, n) in [(1, 1), (1, 3), (2, 3), (3, 5), (5, 9), (10, 20)] {
            let secret = S.random()
            let (commitments, shares) = try FeldmanVSS<G>.deal(secret: secret, threshold: t, shareCount: n)
            #expect(commitments.threshold == t)
            #expect(FeldmanVSS<G>.publicKey(commitments) == G.multiplyGenerator(secret))
            let publicShares = try FeldmanVSS<G>.publicShares(shareCount: n, commitments: commitments)
            for share in shares {
                #expect(FeldmanVSS<G>.verify(share: share, commitments: commitments))
                #expect(FeldmanVSS<G>.verify(share: share, commitments: commitments, shareCount: n))
                let pk = try FeldmanVSS<G>.publicShare(index: share.index, commitments: commitments)
                #expect(pk == G.multiplyGenerator(share.value))
                #expect(publicShares[share.index - 1] == pk)
            }
            #expect(try Shamir.reconstruct(Array(shares.suffix(t)), threshold: t) == secret)
            let points = publicShares.enumerated().prefix(t).map { (index: $0.offset + 1, element: $0.element) }
            #expect(try Lagrange.interpolateInExponent(points: points, in: G.self) == FeldmanVSS<G>.publicKey(commitments))
        }
    }

    @Test func tamperedSharesAndCommitmentsAreRejected() throws {
        let (commitments, shares) = try FeldmanVSS<G>.deal(secret: .random(), threshold: 3, shareCount: 5)
        for share in shares {
            // Tampered value.
            #expect(!FeldmanVSS<G>.verify(share: Share(index: share.index, value: share.value + .one), commitments: commitments))
            // Right value presented for the wrong index.
            let other = share.index % 5 + 1
            #expect(!FeldmanVSS<G>.verify(share: Share(index: other, value: share.value), commitments: commitments))
            // Each tampered commitment.
            for k in 0..<3 {
                var elements = commitments.elements
                elements[k] = G.add(elements[k], G.generator)
                #expect(!FeldmanVSS<G>.verify(share: share, commitments: VSSCommitments(elements: elements)))
            }
            // Commitments with a coefficient missing (lower threshold) do not match either.
            #expect(!FeldmanVSS<G>.verify(share: share, commitments: VSSCommitments(elements: Array(commitments.elements.prefix(2)))))
        }
    }

    @Test func invalidIndicesAreRejected() throws {
        let f = Polynomial<S>.random(degree: 2, constantTerm: .random())
        let (commitments, _) = try FeldmanVSS<G>.deal(polynomial: f, shareCount: 5)
        // f(0), the secret itself, is consistent with the commitments but is no share.
        #expect(!FeldmanVSS<G>.verify(share: Share(index: 0, value: f.evaluate(at: 0)), commitments: commitments))
        #expect(!FeldmanVSS<G>.verify(share: Share(index: -1, value: f.evaluate(at: -S.one)), commitments: commitments))
        #expect(!FeldmanVSS<G>.verify(share: Share(index: 1025, value: f.evaluate(at: 1025)), commitments: commitments))
        // Correct f(6) but only 5 holders.
        #expect(FeldmanVSS<G>.verify(share: Share(index: 6, value: f.evaluate(at: 6)), commitments: commitments))
        #expect(!FeldmanVSS<G>.verify(share: Share(index: 6, value: f.evaluate(at: 6)), commitments: commitments, shareCount: 5))
        expectError(.invalidIndex(0)) { () throws(SharingError) in try FeldmanVSS<G>.publicShare(index: 0, commitments: commitments) }
        expectError(.invalidIndex(1025)) { () throws(SharingError) in try FeldmanVSS<G>.publicShare(index: 1025, commitments: commitments) }
        expectError(.invalidThreshold(t: 3, n: 2)) { () throws(SharingError) in try FeldmanVSS<G>.publicShares(shareCount: 2, commitments: commitments) }
        expectError(.invalidThreshold(t: 0, n: 5)) { () throws(SharingError) in try FeldmanVSS<G>.deal(secret: .random(), threshold: 0, shareCount: 5) }
        expectError(.invalidThreshold(t: 6, n: 5)) { () throws(SharingError) in try FeldmanVSS<G>.deal(secret: .random(), threshold: 6, shareCount: 5) }
    }

    @Test func dealingWithAGivenPolynomialCommitsToIt() throws {
        let f = Polynomial<S>.random(degree: 3, constantTerm: .random())
        let (commitments, shares) = try FeldmanVSS<G>.deal(polynomial: f, shareCount: 4)
        #expect(commitments == FeldmanVSS<G>.commit(f))
        #expect(commitments.elements == f.coefficients.map { G.multiplyGenerator($0) })
        #expect(shares.map(\.value) == (1...4).map { f.evaluate(at: $0) })
    }
}

@Suite struct PedersenTests {
    let h = PedersenVSS<G>.defaultH(for: G.self)

    @Test func defaultHIsFixedAndUsable() throws {
        #expect(h == PedersenVSS<G>.defaultH())
        #expect(h == G.hashToGroup(message: Array("thresig/pedersen-h/v1".utf8),
                                   dst: Array("THRESIG-V01-CS01-with-TOYQR63_XMD:SHA-256_SSWU_RO_".utf8)))
        #expect(h != G.identity && h != G.generator)
        #expect(throws: Never.self) { try PedersenVSS<G>.validate(h: h) }
    }

    @Test func honestSharesVerify() throws {
        for (t, n) in [(1, 1), (2, 3), (3, 5), (10, 20)] {
            let secret = S.random()
            let (commitments, shares, blinding) = try PedersenVSS<G>.deal(secret: secret, threshold: t, shareCount: n, h: h)
            #expect(commitments.threshold == t)
            #expect(shares.count == n && blinding.count == n)
            for (s, b) in zip(shares, blinding) {
                #expect(s.index == b.index)
                #expect(PedersenVSS<G>.verify(share: s, blindingShare: b, commitments: commitments, h: h))
                #expect(PedersenVSS<G>.verify(share: s, blindingShare: b, commitments: commitments, h: h, shareCount: n))
            }
            #expect(try Shamir.reconstruct(Array(shares.prefix(t)), threshold: t) == secret)
            // Hiding: C_0 is not g^secret (w.p. 1 − 1/q).
            #expect(commitments.constantTerm != G.multiplyGenerator(secret))
        }
    }

    @Test func tamperingIsRejected() throws {
        let (commitments, shares, blinding) = try PedersenVSS<G>.deal(secret: .random(), threshold: 3, shareCount: 5, h: h)
        func ok(_ s: Share<S>, _ b: Share<S>, _ c: VSSCommitments<G> = commitments, h: ToyElement? = nil) -> Bool {
            PedersenVSS<G>.verify(share: s, blindingShare: b, commitments: c, h: h ?? self.h)
        }
        for i in 0..<5 {
            let s = shares[i], b = blinding[i]
            #expect(!ok(Share(index: s.index, value: s.value + .one), b))
            #expect(!ok(s, Share(index: b.index, value: b.value + .one)))
            #expect(!ok(b, s))  // swapped roles
            let other = s.index % 5 + 1
            #expect(!ok(Share(index: other, value: s.value), Share(index: other, value: b.value)))
            #expect(!ok(s, Share(index: other, value: b.value)))  // mismatched indices
            for k in 0..<3 {
                var elements = commitments.elements
                elements[k] = G.add(elements[k], h)
                #expect(!ok(s, b, VSSCommitments(elements: elements)))
            }
            // A different h, the generator, or the identity: rejected.
            #expect(!ok(s, b, h: G.hashToGroup(message: [9], dst: [9])))
            #expect(!ok(s, b, h: G.generator))
            #expect(!ok(s, b, h: G.identity))
            #expect(!PedersenVSS<G>.verify(share: s, blindingShare: b, commitments: commitments, h: h, shareCount: s.index - 1))
        }
        #expect(!ok(Share(index: 0, value: .zero), Share(index: 0, value: .zero)))
    }

    @Test func badParametersAreTypedErrors() throws {
        expectError(.identityElement) { () throws(SharingError) in
            try PedersenVSS<G>.deal(secret: .random(), threshold: 2, shareCount: 3, h: G.identity)
        }
        expectError(.invalidElement("h must not equal the generator g")) { () throws(SharingError) in
            try PedersenVSS<G>.deal(secret: .random(), threshold: 2, shareCount: 3, h: G.generator)
        }
        expectError(.invalidThreshold(t: 4, n: 3)) { () throws(SharingError) in
            try PedersenVSS<G>.deal(secret: .random(), threshold: 4, shareCount: 3, h: h)
        }
        let f = Polynomial<S>.random(degree: 2, constantTerm: .random())
        let g = Polynomial<S>.random(degree: 1, constantTerm: .random())
        expectError(.invalidThreshold(t: 2, n: 5)) { () throws(SharingError) in
            try PedersenVSS<G>.deal(polynomial: f, blinding: g, shareCount: 5, h: h)
        }
    }

    @Test func givenPolynomialsAndFeldmanExtraction() throws {
        // GJKR: Pedersen-deal f, later Feldman-commit to the same f; shares verify under both.
        let f = Polynomial<S>.random(degree: 2, constantTerm: .random())
        let b = Polynomial<S>.random(degree: 2, constantTerm: .random())
        let (pc, shares, blinding) = try PedersenVSS<G>.deal(polynomial: f, blinding: b, shareCount: 4, h: h)
        #expect(pc == PedersenVSS<G>.commit(f, blinding: b, h: h))
        let fc = FeldmanVSS<G>.commit(f)
        for (s, bs) in zip(shares, blinding) {
            #expect(PedersenVSS<G>.verify(share: s, blindingShare: bs, commitments: pc, h: h))
            #expect(FeldmanVSS<G>.verify(share: s, commitments: fc))
        }
    }
}

@Suite struct CommitmentEncodingTests {
    @Test func roundTrip() throws {
        for t in [1, 2, 5, 20] {
            let (c, _) = try FeldmanVSS<G>.deal(secret: .random(), threshold: t, shareCount: 20)
            let bytes = c.encoded()
            #expect(bytes.count == 2 + t * G.encodedLength)
            #expect(Array(bytes.prefix(2)) == [UInt8(t >> 8), UInt8(t & 0xff)])
            #expect(try VSSCommitments<G>(decoding: bytes) == c)
            #expect(try VSSCommitments<G>(decoding: bytes, expectedThreshold: t) == c)
        }
        let (pc, _, _) = try PedersenVSS<G>.deal(secret: .random(), threshold: 4, shareCount: 6, h: PedersenVSS<G>.defaultH())
        #expect(try VSSCommitments<G>(decoding: pc.encoded(), expectedThreshold: 4) == pc)
    }

    @Test func malformedEncodingsAreRefused() throws {
        let (c, _) = try FeldmanVSS<G>.deal(secret: .random(), threshold: 3, shareCount: 5)
        let good = c.encoded()
        func decode(_ b: [UInt8], t: Int? = nil, allowIdentity: Bool = false) throws(SharingError) -> VSSCommitments<G> {
            try VSSCommitments<G>(decoding: b, expectedThreshold: t, allowIdentityConstantTerm: allowIdentity)
        }
        expectError(.malformedEncoding("commitments: missing count prefix")) { () throws(SharingError) in try decode([]) }
        expectError(.malformedEncoding("commitments: missing count prefix")) { () throws(SharingError) in try decode([0]) }
        expectError(.malformedEncoding("commitments: count 0 outside 1…1024")) { () throws(SharingError) in try decode([0, 0]) }
        expectError(.malformedEncoding("commitments: count 1025 outside 1…1024")) { () throws(SharingError) in
            try decode([0x04, 0x01] + [UInt8](repeating: 0, count: 1025 * 8))
        }
        expectError(.malformedEncoding("commitments: 25 bytes for 3 elements of 8 bytes")) { () throws(SharingError) in try decode(good.dropLast(1)) }
        expectError(.malformedEncoding("commitments: 27 bytes for 3 elements of 8 bytes")) { () throws(SharingError) in try decode(good + [0]) }
        expectError(.malformedEncoding("commitments: 26 bytes for 4 elements of 8 bytes")) { () throws(SharingError) in
            try decode([0, 4] + good.dropFirst(2))
        }
        expectError(.commitmentCountMismatch(expected: 2, got: 3)) { () throws(SharingError) in try decode(good, t: 2) }
        expectError(.commitmentCountMismatch(expected: 4, got: 3)) { () throws(SharingError) in try decode(good, t: 4) }

        // An element outside the subgroup, and out of range, in each position.
        for k in 0..<3 {
            var bad = good
            bad.replaceSubrange((2 + 8 * k)..<(10 + 8 * k), with: bigEndian(G.p - 1))
            expectError(.invalidElement("toy element: not a quadratic residue")) { () throws(SharingError) in try decode(bad) }
            bad.replaceSubrange((2 + 8 * k)..<(10 + 8 * k), with: bigEndian(G.p))
            expectError(.invalidElement("toy element: not in Z_p^*")) { () throws(SharingError) in try decode(bad) }
        }

        // The identity: refused as A_0 unless allowed, refused elsewhere always.
        let zeroSharing = try FeldmanVSS<G>.deal(secret: .zero, threshold: 3, shareCount: 5).commitments
        #expect(zeroSharing.constantTerm == G.identity)
        expectError(.identityElement) { () throws(SharingError) in try decode(zeroSharing.encoded()) }
        #expect(try decode(zeroSharing.encoded(), allowIdentity: true) == zeroSharing)
        var identityAtOne = good
        identityAtOne.replaceSubrange(10..<18, with: G.encode(G.identity))
        expectError(.identityElement) { () throws(SharingError) in try decode(identityAtOne, allowIdentity: true) }
    }
}
