@testable import DKG
import Primitives
import Secp256k1
import Sharing
import Testing

@Suite struct VSSChecksTests {
    /// Horner evaluation agrees with Sharing's FeldmanVSS/PedersenVSS at every position,
    /// including the largest ones, for good and tampered shares.
    @Test func agreesWithSharing() throws {
        let h = PedersenVSS<G>.defaultH()
        for t in [1, 2, 5, 9] {
            let f = Polynomial<S>.random(degree: t - 1, constantTerm: .random())
            let fp = Polynomial<S>.random(degree: t - 1, constantTerm: .random())
            let c = PedersenVSS<G>.commit(f, blinding: fp, h: h)
            let a = FeldmanVSS<G>.commit(f)
            for j in [1, 2, 3, 7, 31, 255, 256, 511, 1000, 1024] {
                #expect(c.evaluated(at: j) == (try FeldmanVSS<G>.publicShare(index: j, commitments: c)))
                let s = f.evaluate(at: j), sp = fp.evaluate(at: j)
                #expect(VSSChecks<G>.pedersen(share: s, blinding: sp, index: j, commitments: c, h: h))
                #expect(!VSSChecks<G>.pedersen(share: s + .one, blinding: sp, index: j, commitments: c, h: h))
                #expect(!VSSChecks<G>.pedersen(share: s, blinding: sp, index: j == 1 ? 2 : j - 1, commitments: c, h: h) || t == 1)
                #expect(VSSChecks<G>.feldman(share: s, index: j, commitments: a))
                #expect(!VSSChecks<G>.feldman(share: s + .one, index: j, commitments: a))
            }
        }
        for m in 1...40 {
            #expect(VSSCommitments<G>.multiplySmall(G.generator, m) == G.multiplyGenerator(S(UInt64(m))))
        }
    }
}
