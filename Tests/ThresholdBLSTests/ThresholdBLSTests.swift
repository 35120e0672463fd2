import BLS12381
import DKG
import Primitives
import Sharing
import Testing
@testable import ThresholdBLS

@Suite("Threshold BLS over GJKR keys")
struct ThresholdBLSTests {
    static let message = Array("threshold BLS test message".utf8)
    static let sizes: [(n: Int, t: Int)] = [(1, 1), (3, 2), (4, 3), (5, 3), (7, 5)]

    @Test("combined signatures verify under the group key (BLS.verify and pyblst), for several (n, t)")
    func combinedVerifies() throws {
        var items: [(publicKey: [UInt8], message: [UInt8], signature: [UInt8])] = []
        for (n, t) in Self.sizes {
            let c = try Ceremonies.honest(n: n, t: t)
            let ps = try partials(c, Array(1...n), Self.message)
            let pk = try groupKey(c)
            for p in ps {
                #expect(BLSThreshold.verifyPartial(partial: p, message: Self.message, sharePublicKey: c.publicOutput.sharePublicKey(p.index)))
            }
            let sig = try BLSThreshold.combine(partials: ps, threshold: t, shareCount: n)
            #expect(BLS.verify(publicKey: pk, message: Self.message, signature: sig), "n=\(n) t=\(t)")
            items.append((pk.compressed, Self.message, sig.compressed))
        }
        // A wrong message must be refused by pyblst too (the oracle is not vacuous).
        items.append((items[0].publicKey, Array("other".utf8), items[0].signature))
        guard let ok = pyblstVerify(items) else { return }
        #expect(ok == Array(repeating: true, count: Self.sizes.count) + [false])
    }

    @Test("every t-subset gives the same signature: the group secret's signature")
    func everySubsetAgrees() throws {
        for (n, t) in [(4, 3), (5, 3), (5, 2)] {
            let c = try Ceremonies.honest(n: n, t: t)
            let all = try partials(c, Array(1...n), Self.message)
            let secret = try KeyShare<G1>.reconstructSecret(c.honestShares, threshold: t)
            let expected = try BLSSecretKey(bytes: secret.canonicalBytes).sign(Self.message)
            for subset in Self.subsets(of: Array(0..<n), size: t) {
                let sig = try BLSThreshold.combine(partials: subset.map { all[$0] }, threshold: t)
                #expect(sig == expected, "n=\(n) t=\(t) subset \(subset.map { $0 + 1 })")
            }
            // Order does not matter either.
            let reversed = try BLSThreshold.combine(partials: Array(all.prefix(t).reversed()), threshold: t)
            #expect(reversed == expected)
        }
    }

    @Test("t − 1 colluding shares cannot produce a verifying signature")
    func tMinusOneCannotSign() throws {
        for (n, t) in [(3, 2), (5, 3), (7, 5)] {
            let c = try Ceremonies.honest(n: n, t: t)
            let pk = try groupKey(c)
            let ps = try partials(c, Array(1...(t - 1)), Self.message)
            // combine refuses fewer than t.
            #expect(throws: ThresholdBLSError.notEnoughPartials(needed: t, got: t - 1)) {
                try BLSThreshold.combine(partials: ps, threshold: t)
            }
            // Interpolating t − 1 partials as if the threshold were t − 1 gives a wrong signature.
            let forged = try BLSThreshold.combine(partials: ps, threshold: t - 1)
            #expect(!BLS.verify(publicKey: pk, message: Self.message, signature: forged))
            // Their shares interpolated as a (t−1)-sharing give a wrong key, so no signature
            // they can make with it verifies.
            let guess = try Lagrange.interpolateAtZero(c.honestShares.prefix(t - 1).map(\.share))
            if !guess.isZero {
                let sig = try BLSSecretKey(bytes: guess.canonicalBytes).sign(Self.message)
                #expect(!BLS.verify(publicKey: pk, message: Self.message, signature: sig))
            }
            // Adding a made-up t-th partial does not help.
            let fake = try BLSThreshold.partialSign(share: Share(index: t, value: .random()), message: Self.message)
            let sig = try BLSThreshold.combine(partials: ps + [fake], threshold: t)
            #expect(!BLS.verify(publicKey: pk, message: Self.message, signature: sig))
        }
    }

    @Test("verifyPartial refuses a wrong key, message or share")
    func verifyPartialRefuses() throws {
        let c = try Ceremonies.honest(n: 4, t: 3)
        let p = try partials(c, [2], Self.message)[0]
        #expect(BLSThreshold.verifyPartial(partial: p, message: Self.message, sharePublicKey: c.publicOutput.sharePublicKey(2)))
        #expect(!BLSThreshold.verifyPartial(partial: p, message: Self.message, sharePublicKey: c.publicOutput.sharePublicKey(3)))
        #expect(!BLSThreshold.verifyPartial(partial: p, message: Array("x".utf8), sharePublicKey: c.publicOutput.sharePublicKey(2)))
        let other = try BLSThreshold.partialSign(share: Share(index: 2, value: .random()), message: Self.message)
        #expect(!BLSThreshold.verifyPartial(partial: other, message: Self.message, sharePublicKey: c.publicOutput.sharePublicKey(2)))
        // Bytes round trip.
        #expect(try PartialSignature(index: 2, compressed: p.compressed) == p)
    }

    static func subsets(of xs: [Int], size k: Int) -> [[Int]] {
        if k == 0 { return [[]] }
        if xs.count < k { return [] }
        let head = xs[0], tail = Array(xs.dropFirst())
        return subsets(of: tail, size: k - 1).map { [head] + $0 } + subsets(of: tail, size: k)
    }
}

