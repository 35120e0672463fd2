import DKG
import Foundation
import Primitives
import Secp256k1
import Sharing
import Testing

/// SplitMix64, to draw test cases from a seed.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite struct PropertyTests {
    /// Random (n, t), random behaviours on up to the tolerated number of random members:
    /// honest members are always in QUAL; silent, bad-share and bad-commitment members
    /// never are; the key invariants hold; a rerun with the seed gives the same outcome.
    @Test func randomSeeds() throws {
        let runs = slowTests ? 120 : 16
        var base = SplitMix64(state: UInt64(ProcessInfo.processInfo.environment["THRESIG_PROPERTY_SEED"].flatMap(UInt64.init) ?? 20261126))
        for _ in 0..<runs {
            let seed = base.next()
            var rng = SplitMix64(state: seed)
            let n = Int.random(in: 1...8, using: &rng)
            let t = Int.random(in: 1...n, using: &rng)
            let tolerated = min(t - 1, n - t)
            let k = tolerated == 0 ? 0 : Int.random(in: 0...tolerated, using: &rng)
            let corrupt = Array(1...n).shuffled(using: &rng).prefix(k)
            var behaviours: [Int: Behaviour] = [:]
            for i in corrupt { behaviours[i] = Behaviour.allCases.randomElement(using: &rng)! }
            let ctx = "seed=\(seed) n=\(n) t=\(t) \(behaviours)"
            let o = try DKGSimulation<G>.run(n: n, t: t, behaviours: behaviours, seed: seed)
            let out = o.publicOutput
            let honest = (1...n).filter { behaviours[$0] == nil }
            #expect(Set(honest).isSubset(of: Set(out.qualified)), "\(ctx)")
            for (i, b) in behaviours where [.silent, .badShare, .badCommitment].contains(b) {
                #expect(!out.qualified.contains(i), "\(ctx)")
            }
            #expect(Set(out.qualified).union(out.disqualified.map(\.member)) == Set(1...n), "\(ctx)")
            try checkKeyInvariants(out, shares: o.honestShares, t: t)
            let again = try DKGSimulation<G>.run(n: n, t: t, behaviours: behaviours, seed: seed)
            #expect(again.publicOutput.qualified == out.qualified, "\(ctx)")
            #expect(again.publicOutput.disqualified == out.disqualified, "\(ctx)")
            #expect(again.publicOutput.groupPublicKey == out.groupPublicKey, "\(ctx)")
        }
    }

    /// Random resharing chains keep the key.
    @Test func randomResharingChains() throws {
        var rng = SplitMix64(state: 99)
        for _ in 0..<(slowTests ? 12 : 3) {
            let n = Int.random(in: 1...6, using: &rng), t = Int.random(in: 1...n, using: &rng)
            let dkg = try DKGSimulation<G>.run(n: n, t: t, seed: rng.next())
            let secret = try KeyShare<G>.reconstructSecret(dkg.honestShares, threshold: t)
            var output = dkg.publicOutput
            var shares = dkg.honestShares
            for _ in 0..<3 {
                let n2 = Int.random(in: 1...6, using: &rng), t2 = Int.random(in: 1...n2, using: &rng)
                let dealers = Array(shares.shuffled(using: &rng).prefix(Int.random(in: output.t...shares.count, using: &rng)))
                let r = try ResharingSimulation<G>.run(old: output, oldShares: dealers, newN: n2, newT: t2, seed: rng.next())
                #expect(r.publicOutput.groupPublicKey == dkg.publicOutput.groupPublicKey)
                #expect(r.publicOutput.epoch == output.epoch + 1)
                #expect(try KeyShare<G>.reconstructSecret(r.newShares, threshold: t2) == secret)
                output = r.publicOutput.asKeyOutput
                shares = r.newShares
            }
        }
    }
}

@Suite struct GenericGroupTests {
    /// The state machine is generic: the same ceremony over the toy group of SharingTests.
    @Test func toyGroupCeremonyWithMisbehaviour() throws {
        for b in Behaviour.allCases {
            let o = try DKGSimulation<ToyGroup>.run(n: 7, t: 4, malicious: 3, behaviour: b, seed: 8)
            #expect(Set(1...4).isSubset(of: Set(o.publicOutput.qualified)), "\(b)")
            let x = try KeyShare<ToyGroup>.reconstructSecret(o.honestShares, threshold: 4)
            #expect(ToyGroup.multiplyGenerator(x) == o.publicOutput.groupPublicKey, "\(b)")
        }
        let r = try ResharingSimulation<ToyGroup>.run(old: try DKGSimulation<ToyGroup>.run(n: 3, t: 2, seed: 1).publicOutput,
                                                      oldShares: try DKGSimulation<ToyGroup>.run(n: 3, t: 2, seed: 1).honestShares,
                                                      newN: 4, newT: 3, seed: 2)
        #expect(r.newShares.count == 4)
    }
}

@Suite struct TimingTests {
    /// Per-member time of whole ceremonies; prints only when THRESIG_DKG_TIMING=1
    /// (numbers from a debug build mean little: run with -c release -Xswiftc -enable-testing).
    @Test(.enabled(if: ProcessInfo.processInfo.environment["THRESIG_DKG_TIMING"] == "1"))
    func perMemberTime() throws {
        for (n, t) in [(4, 3), (10, 7), (31, 21)] {
            for b: Behaviour? in [nil, .badExtraction] {
                let o = try DKGSimulation<G>.run(n: n, t: t, malicious: b == nil ? 0 : min(t - 1, n - t), behaviour: b ?? .silent, seed: 1)
                print("DKG secp256k1 (n,t)=(\(n),\(t)) \(b.map { "\($0) ×\(min(t - 1, n - t))" } ?? "honest"): \(o.timePerMember) per member, phases \(o.phases.count)")
            }
        }
    }
}
