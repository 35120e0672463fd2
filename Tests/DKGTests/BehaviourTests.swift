import DKG
import Primitives
import Secp256k1
import Sharing
import Testing

@Suite struct MaliciousBehaviourTests {
    /// (n, t) pairs with n ≥ 2t − 1, malicious counts 1…min(t − 1, n − t).
    static var cases: [(n: Int, t: Int)] {
        slowTests ? [(3, 2), (4, 2), (5, 3), (6, 3), (7, 4), (8, 4), (9, 5), (10, 5), (10, 4), (10, 6)]
                  : [(3, 2), (5, 3), (7, 4), (10, 5)]
    }

    static func expectOutcome(_ b: Behaviour, n: Int, t: Int, k: Int, seed: UInt64) throws {
        let o = try DKGSimulation<G>.run(n: n, t: t, malicious: k, behaviour: b, seed: seed)
        let out = o.publicOutput
        let malicious = Array((n - k + 1)...n)
        let honest = Array(1...(n - k))
        let ctx = "\(b) n=\(n) t=\(t) k=\(k)"
        // Never an honest member disqualified.
        #expect(Set(honest).isSubset(of: Set(out.qualified)), "\(ctx)")
        switch b {
        case .silent:
            #expect(out.qualified == honest, "\(ctx)")
            #expect(out.disqualified.map(\.member) == malicious, "\(ctx)")
            #expect(out.disqualified.allSatisfy { $0.reason == .noDealing }, "\(ctx)")
        case .badShare:
            #expect(out.qualified == honest, "\(ctx)")
            #expect(out.disqualified.map(\.member) == malicious, "\(ctx)")
            for d in out.disqualified {
                switch d.reason {
                case let .tooManyComplaints(c): #expect(c == n - 1 && c > t - 1, "\(ctx)")
                case .invalidJustification: #expect(n - 1 <= t - 1, "\(ctx)")
                default: Issue.record("\(ctx): unexpected reason \(d.reason)")
                }
            }
        case .badShareJustified:
            #expect(out.qualified == Array(1...n), "\(ctx)")
            #expect(out.disqualified.isEmpty, "\(ctx)")
        case .badCommitment:
            #expect(out.qualified == honest, "\(ctx)")
            #expect(out.disqualified.map(\.member) == malicious, "\(ctx)")
        case .badExtraction:
            #expect(out.qualified == Array(1...n), "\(ctx)")
            #expect(out.disqualified.isEmpty, "\(ctx)")
            #expect(out.reconstructed.keys.sorted() == malicious, "\(ctx)")
            #expect(o.phases.last == .reconstruction, "\(ctx)")
        case .falseComplaint:
            #expect(out.qualified == Array(1...n), "\(ctx)")
            #expect(out.disqualified.isEmpty, "\(ctx)")
            #expect(out.reconstructed.isEmpty, "\(ctx)")
        }
        try checkKeyInvariants(out, shares: o.honestShares, t: t)
    }

    @Test(arguments: Behaviour.allCases)
    func aloneUpToTheToleratedNumber(_ b: Behaviour) throws {
        for (n, t) in Self.cases {
            let tolerated = min(t - 1, n - t)
            for k in 1...max(tolerated, 1) where k <= tolerated {
                try Self.expectOutcome(b, n: n, t: t, k: k, seed: UInt64(n * 1000 + t * 10 + k))
            }
        }
    }

    /// The group key with a malicious extraction equals the key the same seeded
    /// polynomials give when everyone is honest: the public reconstruction restores it.
    @Test func badExtractionLeavesTheKeyUnchanged() throws {
        let honest = try DKGSimulation<G>.run(n: 5, t: 3, seed: 77)
        let bad = try DKGSimulation<G>.run(n: 5, t: 3, malicious: 2, behaviour: .badExtraction, seed: 77)
        #expect(bad.publicOutput.groupPublicKey == honest.publicOutput.groupPublicKey)
        #expect(bad.publicOutput.sharePublicKeys == honest.publicOutput.sharePublicKeys)
        #expect(bad.honestShares.map(\.value) == honest.honestShares.prefix(3).map(\.value))
        #expect(bad.publicOutput.reconstructed == [4: .invalidExtraction(complainer: 1), 5: .invalidExtraction(complainer: 1)])
    }

    /// Complainers of a bad-share-justified dealer end with the published share, which
    /// is the honest one: same shares as the all-honest run with the same seed.
    @Test func badShareJustifiedComplainersUseThePublishedShare() throws {
        let honest = try DKGSimulation<G>.run(n: 7, t: 4, seed: 5)
        let bad = try DKGSimulation<G>.run(n: 7, t: 4, malicious: 3, behaviour: .badShareJustified, seed: 5)
        #expect(bad.publicOutput.groupPublicKey == honest.publicOutput.groupPublicKey)
        #expect(bad.honestShares.map(\.value) == honest.honestShares.prefix(4).map(\.value))
    }

    @Test func falseComplaintsChangeNothing() throws {
        let honest = try DKGSimulation<G>.run(n: 7, t: 4, seed: 6)
        let bad = try DKGSimulation<G>.run(n: 7, t: 4, malicious: 3, behaviour: .falseComplaint, seed: 6)
        #expect(bad.publicOutput.groupPublicKey == honest.publicOutput.groupPublicKey)
        #expect(bad.publicOutput.sharePublicKeys == honest.publicOutput.sharePublicKeys)
    }

    /// Mixed behaviours on the highest indices, up to the tolerated number.
    @Test func combinedUpToTheToleratedNumber() throws {
        let all = Behaviour.allCases
        let grid: [(Int, Int)] = slowTests ? [(5, 3), (7, 4), (9, 5), (10, 5), (10, 6)] : [(7, 4), (10, 5)]
        var rotation = 0
        for (n, t) in grid {
            let k = min(t - 1, n - t)
            for _ in 0..<(slowTests ? 6 : 3) {
                var behaviours: [Int: Behaviour] = [:]
                for (offset, i) in ((n - k + 1)...n).enumerated() { behaviours[i] = all[(rotation + offset) % all.count] }
                rotation += 1
                let o = try DKGSimulation<G>.run(n: n, t: t, behaviours: behaviours, seed: UInt64(rotation))
                let out = o.publicOutput
                let ctx = "n=\(n) t=\(t) \(behaviours)"
                #expect(Set(1...(n - k)).isSubset(of: Set(out.qualified)), "\(ctx)")
                for (i, b) in behaviours where [.silent, .badShare, .badCommitment].contains(b) {
                    #expect(disqualifiedMembers(out).contains(i), "\(ctx): \(i) should be disqualified")
                }
                for (i, b) in behaviours where b == .badExtraction && out.qualified.contains(i) {
                    #expect(out.reconstructed[i] != nil, "\(ctx)")
                }
                try checkKeyInvariants(out, shares: o.honestShares, t: t)
            }
        }
    }

    /// Beyond the tolerance GJKR promises nothing; here: t false complainers disqualify an
    /// honest dealer — the documented limit, not a bug.
    @Test func beyondToleranceHonestDealersCanBeDisqualified() throws {
        let o = try DKGSimulation<G>.run(n: 4, t: 2, malicious: 2, behaviour: .falseComplaint, seed: 3)
        #expect(o.publicOutput.disqualified.contains { $0.member == 1 && $0.reason == .tooManyComplaints(count: 2) })
    }
}
