@testable import DKG
import Foundation
import Primitives
import Secp256k1
import Sharing
import Testing

@Suite struct ResharingStateMachineTests {
    /// Every node is both an old holder (dealer) and a new holder (receiver), as when a
    /// committee changes only its threshold; driven through the public API.
    @Test func dualRolePartiesAndRefusals() throws {
        let dkg = try DKGSimulation<G>.run(n: 3, t: 2, seed: 21)
        let secret = try KeyShare<G>.reconstructSecret(dkg.honestShares, threshold: 2)
        let kps = (1...3).map { _ in X25519.KeyPair.generate() }
        let params = try ResharingParameters<G>(sessionID: Array("raise-threshold".utf8), from: dkg.publicOutput, newT: 3,
                                                newMembers: kps.enumerated().map { Member(index: $0.offset + 1, encryptionKey: $0.element.publicKey) })
        var parties = try (1...3).map { try Resharing<G>(parameters: params, dealerShare: dkg.honestShares[$0 - 1], receiver: ($0, kps[$0 - 1])) }
        #expect(throws: DKGParameterError.encryptionKeyMismatch) {
            try Resharing<G>(parameters: params, dealerShare: nil, receiver: (1, kps[1]))
        }
        #expect(throws: DKGParameterError.oldShareMismatch(index: 1)) {
            try Resharing<G>(parameters: params, dealerShare: KeyShare<G>(epoch: 0, index: 1, value: dkg.honestShares[1].value), receiver: nil)
        }
        var entries: [(ResharingParty, [UInt8])] = []
        for k in parties.indices { entries += try parties[k].start().encodedBroadcasts.map { (.old(k + 1), $0) } }
        #expect(entries.count == 3)
        // Refusals: a dealing claimed by a new holder, a deadline out of order, a duplicate.
        var p = parties[0]
        #expect(throws: ResharingError.senderMismatch(authenticated: .new(1), claimed: .old(1))) { try p.handle(.message(from: .new(1), bytes: entries[0].1)) }
        #expect(throws: ResharingError.unexpectedDeadline(current: .dealing, got: .justifications)) { try p.handle(.deadline(.justifications)) }
        _ = try p.handle(.message(from: .old(1), bytes: entries[0].1))
        #expect(throws: ResharingError.duplicateMessage(sender: .old(1))) { try p.handle(.message(from: .old(1), bytes: entries[0].1)) }
        let justification = ResharingMessage<G>.justification(ResharingJustification(sender: 2, subShares: [Share(index: 1, value: .one)]))
        #expect(throws: ResharingError.wrongPhase(expected: .dealing, got: .justifications)) { try p.handle(message: justification, from: .old(2)) }

        var results: [ResharingResult<G>] = []
        for phase in ResharingPhase.allCases {
            var next: [(ResharingParty, [UInt8])] = []
            for k in parties.indices {
                for (from, bytes) in entries { _ = try parties[k].handle(.message(from: from, bytes: bytes)) }
                if phase == .justifications {
                    // Nobody complained: a justification now is irrelevant.
                    #expect(throws: ResharingError.irrelevant("justification for a complaint that was not made")) {
                        try parties[k].handle(message: justification, from: .old(2))
                    }
                }
                let out = try parties[k].handle(.deadline(phase))
                next += out.encodedBroadcasts.map { (.old(k + 1), $0) }
                if let r = out.result { results.append(r) }
            }
            entries = next
        }
        #expect(results.count == 3)
        #expect(Set(results.map(\.publicOutput)).count == 1)
        #expect(results[0].publicOutput.groupPublicKey == dkg.publicOutput.groupPublicKey)
        #expect(results[0].publicOutput.t == 3)
        #expect(try KeyShare<G>.reconstructSecret(results.map { $0.share! }, threshold: 3) == secret)
        #expect(throws: ResharingError.ceremonyOver) { try parties[0].handle(.deadline(.dealing)) }
    }

    @Test func summaryEncodesWithTheCLIKeys() throws {
        let o = try DKGSimulation<G>.run(n: 4, t: 3, malicious: 1, behaviour: .badCommitment, seed: 2)
        let json = String(decoding: try JSONEncoder().encode(o.summary), as: UTF8.self)
        for key in ["\"scheme\"", "\"n\"", "\"t\"", "\"qual\"", "\"disqualified\"", "\"member\"", "\"reason\"",
                    "\"group_public_key\"", "\"share_public_keys\"", "\"transcript_hash\""] {
            #expect(json.contains(key), "\(key)")
        }
        #expect(try JSONDecoder().decode(DKGSummary.self, from: Data(json.utf8)) == o.summary)
    }
}

