import DKG
import Primitives
import Secp256k1
import Sharing
import Testing

@Suite struct ResharingTests {
    @Test func threeOfFourToFourOfSevenToTwoOfThree() throws {
        let dkg = try DKGSimulation<G>.run(n: 4, t: 3, seed: 11)
        let y = dkg.publicOutput.groupPublicKey
        let secret = try KeyShare<G>.reconstructSecret(Array(dkg.honestShares.prefix(3)), threshold: 3)

        // 3-of-4 → 4-of-7, dealt by three old holders only (t_old of them).
        let r1 = try ResharingSimulation<G>.run(old: dkg.publicOutput, oldShares: [dkg.honestShares[0], dkg.honestShares[2], dkg.honestShares[3]],
                                                newN: 7, newT: 4, seed: 1)
        #expect(r1.publicOutput.groupPublicKey == y)
        #expect(r1.publicOutput.epoch == 1)
        #expect(r1.publicOutput.dealersUsed == [1, 3, 4])
        #expect(r1.publicOutput.disqualified == [Disqualification(member: 2, reason: .noDealing)])
        #expect(r1.newShares.allSatisfy { $0.epoch == 1 })
        try checkKeyInvariants(r1.publicOutput.asKeyOutput, shares: r1.newShares, t: 4)
        #expect(try KeyShare<G>.reconstructSecret(Array(r1.newShares.suffix(4)), threshold: 4) == secret)

        // 4-of-7 → 2-of-3, dealt by all seven.
        let r2 = try ResharingSimulation<G>.run(old: r1.publicOutput.asKeyOutput, oldShares: r1.newShares, newN: 3, newT: 2, seed: 2)
        #expect(r2.publicOutput.groupPublicKey == y)
        #expect(r2.publicOutput.epoch == 2)
        #expect(r2.publicOutput.qualified == Array(1...7))
        #expect(r2.publicOutput.dealersUsed == [1, 2, 3, 4])
        try checkKeyInvariants(r2.publicOutput.asKeyOutput, shares: r2.newShares, t: 2)
        for pair in [[0, 1], [0, 2], [1, 2]] {
            #expect(try KeyShare<G>.reconstructSecret(pair.map { r2.newShares[$0] }, threshold: 2) == secret)
        }

        // Old and new shares do not combine: refused by epoch, and wrong in arithmetic.
        #expect(throws: KeyShareError.mixedEpochs) {
            try KeyShare<G>.reconstructSecret([dkg.honestShares[0], r2.newShares[1]], threshold: 2)
        }
        let mixed = try Lagrange.interpolateAtZero([dkg.honestShares[0].share, r1.newShares[1].share, r1.newShares[2].share, r1.newShares[3].share])
        #expect(mixed != secret)
    }

    @Test func maliciousDealers() throws {
        let dkg = try DKGSimulation<G>.run(n: 5, t: 2, seed: 12)
        let y = dkg.publicOutput.groupPublicKey
        let secret = try KeyShare<G>.reconstructSecret(Array(dkg.honestShares.prefix(2)), threshold: 2)
        let cases: [(Behaviour, (DisqualificationReason) -> Bool)] = [
            (.silent, { $0 == .noDealing }),
            (.badCommitment, { $0 == .constantTermMismatch }),
            (.badShare, { if case .tooManyComplaints = $0 { true } else { false } }),
        ]
        for (b, reasonOK) in cases {
            let r = try ResharingSimulation<G>.run(old: dkg.publicOutput, oldShares: dkg.honestShares, newN: 5, newT: 3,
                                                   behaviours: [1: b, 4: b], seed: 3)
            #expect(r.publicOutput.disqualified.map(\.member) == [1, 4], "\(b)")
            #expect(r.publicOutput.disqualified.allSatisfy { reasonOK($0.reason) }, "\(b)")
            #expect(r.publicOutput.dealersUsed == [2, 3], "\(b)")
            #expect(r.publicOutput.groupPublicKey == y)
            #expect(try KeyShare<G>.reconstructSecret(Array(r.newShares.prefix(3)), threshold: 3) == secret)
        }
        // Bad sub-shares to t_new − 1 holders, justified: the dealer stays.
        let j = try ResharingSimulation<G>.run(old: dkg.publicOutput, oldShares: dkg.honestShares, newN: 5, newT: 3,
                                               behaviours: [1: .badShareJustified], seed: 4)
        #expect(j.publicOutput.disqualified.isEmpty)
        #expect(j.publicOutput.dealersUsed == [1, 2])
        #expect(try KeyShare<G>.reconstructSecret(Array(j.newShares.suffix(3)), threshold: 3) == secret)
        // t_new − 1 new holders complain falsely against every dealer: all justify.
        let fc = try ResharingSimulation<G>.run(old: dkg.publicOutput, oldShares: dkg.honestShares, newN: 5, newT: 3,
                                                receiverBehaviours: [4: .falseComplaint, 5: .falseComplaint], seed: 6)
        #expect(fc.publicOutput.disqualified.isEmpty)
        #expect(fc.publicOutput.qualified == Array(1...5))
        #expect(try KeyShare<G>.reconstructSecret(Array(fc.newShares.prefix(3)), threshold: 3) == secret)
        // Fewer than t_old acceptable dealers: the resharing fails, nothing is produced.
        #expect(throws: CeremonyFailure.notEnoughQualifiedDealers(qualified: 1, needed: 2)) {
            try ResharingSimulation<G>.run(old: dkg.publicOutput, oldShares: Array(dkg.honestShares.prefix(2)), newN: 3, newT: 2,
                                           behaviours: [2: .badCommitment], seed: 5)
        }
    }

    @Test func parametersAreChecked() throws {
        let dkg = try DKGSimulation<G>.run(n: 4, t: 3, seed: 13)
        let members = (1...3).map { Member(index: $0, encryptionKey: X25519.KeyPair.generate().publicKey) }
        var pks = dkg.publicOutput.sharePublicKeys
        // Share keys off the polynomial, or not matching y.
        pks[3] = G.generator
        #expect(throws: DKGParameterError.self) {
            try ResharingParameters<G>(sessionID: [1], oldEpoch: 0, oldT: 3, oldSharePublicKeys: pks, groupPublicKey: dkg.publicOutput.groupPublicKey, newT: 2, newMembers: members)
        }
        #expect(throws: DKGParameterError.self) {
            try ResharingParameters<G>(sessionID: [1], oldEpoch: 0, oldT: 3, oldSharePublicKeys: dkg.publicOutput.sharePublicKeys, groupPublicKey: G.generator, newT: 2, newMembers: members)
        }
        #expect(throws: DKGParameterError.invalidThreshold(t: 4, n: 3)) {
            try ResharingParameters<G>(sessionID: [1], from: dkg.publicOutput, newT: 4, newMembers: members)
        }
        let p = try ResharingParameters<G>(sessionID: [1], from: dkg.publicOutput, newT: 2, newMembers: members)
        #expect(p.newEpoch == 1)
        // A dealer must hold the share its public key says.
        let wrong = dkg.honestShares[1]
        #expect(throws: DKGParameterError.self) {
            _ = try Resharing<G>(parameters: try ResharingParameters<G>(sessionID: [1], oldEpoch: 5, oldT: 3, oldSharePublicKeys: dkg.publicOutput.sharePublicKeys,
                                                                          groupPublicKey: dkg.publicOutput.groupPublicKey, newT: 2, newMembers: members),
                                 dealerShare: wrong, receiver: nil)
        }
    }
}
