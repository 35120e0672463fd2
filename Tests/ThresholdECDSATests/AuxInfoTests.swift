import BigNum
import Paillier
import Testing
@testable import ThresholdECDSA

/// Aux-info among three members (pool pairs 5–7), stopped before party 1's round 3 so
/// that each test can hand party 1 a tampered reveal or proof.
struct AuxInfoHarness {
    var parties: [Int: AuxInfoParty] = [:]
    var commits: [Int: AuxInfoCommit] = [:]
    var reveals: [Int: AuxInfoReveal] = [:]
    let sid = Array("aux-test".utf8)

    static let shared: AuxInfoHarness = {
        var h = AuxInfoHarness()
        for i in 1...3 {
            h.parties[i] = try! AuxInfoParty(sessionID: h.sid, index: i, parties: [1, 2, 3], paillierKey: Fixtures.key(4 + i),
                                             source: .seeded([UInt8(i)]))
            h.commits[i] = try! h.parties[i]!.round1()
        }
        for i in 1...3 { h.reveals[i] = try! h.parties[i]!.round2(commitments: h.commits) }
        return h
    }()

    /// Party 1's round 3 on reveals where party `j`'s was replaced by `tampered` (its
    /// commitment recomputed, so that only the checked property is wrong).
    func round3(replacing j: Int, with tampered: AuxInfoReveal, recommit: Bool = true) throws(ECDSAProtocolError) {
        var c = commits
        if recommit { c[j] = AuxInfoCommit(commitment: AuxInfoParty.commitment(sessionID: sid, index: j, tampered)) }
        // A fresh party 1 (same seed, so the same reveal) that saw the recomputed commitment.
        var p = try! AuxInfoParty(sessionID: sid, index: 1, parties: [1, 2, 3], paillierKey: Fixtures.key(5), source: .seeded([1]))
        _ = try! p.round1()
        _ = try p.round2(commitments: c)
        var r = reveals
        r[j] = tampered
        r[1] = try! p.round2Reveal()
        _ = try p.round3(reveals: r)
    }
}

extension AuxInfoParty {
    /// The reveal this party sent (tests).
    func round2Reveal() throws -> AuxInfoReveal { reveal! }
}

@Suite("Aux-info: commit–reveal, Πprm, Πmod, Πfac; every bad parameter refused and attributed", .serialized)
struct AuxInfoTests {
    let h = AuxInfoHarness.shared

    func expectBlame(_ j: Int, containing text: String, _ body: () throws(ECDSAProtocolError) -> Void,
                     sourceLocation: SourceLocation = #_sourceLocation) {
        do { try body(); Issue.record("not refused", sourceLocation: sourceLocation) } catch {
            guard case let .blame(p, why) = error else { Issue.record("unexpected \(error)", sourceLocation: sourceLocation); return }
            #expect(p == j, sourceLocation: sourceLocation)
            #expect(why.contains(text), "reason: \(why)", sourceLocation: sourceLocation)
        }
    }

    @Test("honest run: everyone ends with the same public aux info")
    func honest() throws {
        var parties = h.parties
        var proofs: [Int: [Int: AuxInfoProofs]] = [:]
        for i in 1...3 { proofs[i] = try parties[i]!.round3(reveals: h.reveals) }
        let beforeFinish = parties
        var outs: [Int: AuxInfo] = [:]
        for i in 1...3 {
            var mine: [Int: AuxInfoProofs] = [:]
            for j in 1...3 where j != i { mine[j] = proofs[j]![i] }
            outs[i] = try parties[i]!.finish(proofs: mine)
        }
        #expect(outs[1]!.parties == outs[2]!.parties && outs[2]!.parties == outs[3]!.parties)
        #expect(outs[1]!.parties.count == 3)
        // Tampered Πmod and Πfac in the last step are attributed.
        var p1 = beforeFinish[1]!
        var bad = [2: proofs[2]![1]!, 3: proofs[3]![1]!]
        bad[3]!.mod.responses[5].z += 1
        expectBlame(3, containing: "Πmod") { () throws(ECDSAProtocolError) in _ = try p1.finish(proofs: bad) }
        p1 = beforeFinish[1]!
        bad = [2: proofs[2]![1]!, 3: proofs[3]![1]!]
        bad[2]!.fac.z1 += 1
        expectBlame(2, containing: "Πfac") { () throws(ECDSAProtocolError) in _ = try p1.finish(proofs: bad) }
        // A Πfac made for another verifier (party 3's parameters) does not verify at party 1.
        p1 = beforeFinish[1]!
        bad = [2: proofs[2]![3]!, 3: proofs[3]![1]!]
        expectBlame(2, containing: "Πfac") { () throws(ECDSAProtocolError) in _ = try p1.finish(proofs: bad) }
    }

    @Test("a modulus with a 256-bit factor: Πmod passes, Πfac refuses, the party is named")
    func smallFactor() throws {
        let bad = Fixtures.smallFactorKey
        var ps: [Int: AuxInfoParty] = [:]
        for i in 1...3 {
            ps[i] = try AuxInfoParty(sessionID: [9], index: i, parties: [1, 2, 3], paillierKey: i == 3 ? bad : Fixtures.key(4 + i), source: .seeded([UInt8(10 + i)]))
        }
        var c: [Int: AuxInfoCommit] = [:], r: [Int: AuxInfoReveal] = [:], pr: [Int: [Int: AuxInfoProofs]] = [:]
        for i in 1...3 { c[i] = try ps[i]!.round1() }
        for i in 1...3 { r[i] = try ps[i]!.round2(commitments: c) }
        for i in 1...3 { pr[i] = try ps[i]!.round3(reveals: r) }
        var p1 = ps[1]!
        expectBlame(3, containing: "Πfac") { () throws(ECDSAProtocolError) in _ = try p1.finish(proofs: [2: pr[2]![1]!, 3: pr[3]![1]!]) }
    }

    @Test("refused reveals: short modulus, copied or duplicate modulus, duplicate (s, t), gcd(s, N) ≠ 1, gcd(t, N) ≠ 1, s = t, bad opening, bad Πprm")
    func refusedReveals() throws {
        let r2 = h.reveals[2]!, r3 = h.reveals[3]!
        // N below 3071 bits (a 3070-bit odd modulus).
        var short = r2; short.n = (BigInt(1) << 3069) + 1
        expectBlame(2, containing: "parameters refused") { () throws(ECDSAProtocolError) in try h.round3(replacing: 2, with: short) }
        // Party 2 copies party 3's modulus, parameters and proof: its Πprm (bound to index 3) fails.
        expectBlame(2, containing: "Πprm") { () throws(ECDSAProtocolError) in try h.round3(replacing: 2, with: r3) }
        // Colluding parties (both know the secrets) with the same modulus, or the same (s, t):
        // the later index is named.
        var sameN = r2; sameN.n = r3.n
        #expect(AuxInfoParty.firstDuplicate([(1, h.reveals[1]!), (2, r3), (3, sameN)])?.0 == 3)
        #expect(AuxInfoParty.firstDuplicate([(1, h.reveals[1]!), (2, r3), (3, sameN)])?.1.contains("modulus") == true)
        var sameST = r2; sameST.s = r3.s; sameST.t = r3.t
        #expect(AuxInfoParty.firstDuplicate([(1, h.reveals[1]!), (2, sameST), (3, r3)])?.0 == 3)
        #expect(AuxInfoParty.firstDuplicate([(1, h.reveals[1]!), (2, sameST), (3, r3)])?.1.contains("(s, t)") == true)
        #expect(AuxInfoParty.firstDuplicate([(1, h.reveals[1]!), (2, r2), (3, r3)]) == nil)
        // gcd(s, N) ≠ 1 and gcd(t, N) ≠ 1: a factor of N.
        let p2 = Fixtures.key(6).primes.p
        var gs = r2; gs.s = p2
        expectBlame(2, containing: "parameters refused") { () throws(ECDSAProtocolError) in try h.round3(replacing: 2, with: gs) }
        var gt = r2; gt.t = p2 * 3
        expectBlame(2, containing: "parameters refused") { () throws(ECDSAProtocolError) in try h.round3(replacing: 2, with: gt) }
        // The reveal does not open the commitment.
        var open = r2; open.rid[0] ^= 1
        expectBlame(2, containing: "commitment") { () throws(ECDSAProtocolError) in try h.round3(replacing: 2, with: open, recommit: false) }
        // Πprm with a wrong response.
        var prm = r2; prm.prm.responses[0] += 1
        expectBlame(2, containing: "Πprm") { () throws(ECDSAProtocolError) in try h.round3(replacing: 2, with: prm) }
        // s = t (degenerate commitments).
        var st = r2; st.s = st.t
        expectBlame(2, containing: "parameters refused") { () throws(ECDSAProtocolError) in try h.round3(replacing: 2, with: st) }
    }

    @Test("local parameters: a short key, a missing holder, rounds out of order")
    func localParameters() throws {
        let short = try PaillierSecretKey(primes: SecretPrimes(p: Fixtures.prime(0), q: Fixtures.smallFactorKey.primes.p), minimumBits: 1000)
        #expect(throws: ECDSAProtocolError.self) { try AuxInfoParty(sessionID: [1], index: 1, parties: [1, 2], paillierKey: short) }
        var fresh = try AuxInfoParty(sessionID: [1], index: 1, parties: [1, 2], paillierKey: Fixtures.key(0), source: .seeded([1]))
        #expect(throws: ECDSAProtocolError.wrongRound("round2")) { try fresh.round2(commitments: [:]) }
        #expect(throws: ECDSAProtocolError.self) { try AuxInfoParty(sessionID: [1], index: 3, parties: [1, 2], paillierKey: Fixtures.key(0)) }
        #expect(throws: ECDSAProtocolError.self) { try AuxInfoParty(sessionID: [1], index: 1, parties: [1, 1], paillierKey: Fixtures.key(0)) }
    }
}
