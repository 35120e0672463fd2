import BLS12381
import DKG
import Primitives
import Sharing
import Testing
@testable import ThresholdBLS

@Suite("Robust combine")
struct RobustCombineTests {
    static let message = Array("robust combine".utf8)

    func run(_ c: DKGSimulationOutcome<G1>, _ ps: [PartialSignature], t: Int) throws -> RobustCombineResult {
        try BLSThreshold.robustCombine(partials: ps, threshold: t, groupPublicKey: c.publicOutput.groupPublicKey,
                                       sharePublicKeys: c.publicOutput.sharePublicKeys, message: Self.message)
    }

    @Test("all good: fast path, first t signers, nothing named")
    func fastPath() throws {
        let c = try Ceremonies.honest(n: 5, t: 3)
        let ps = try partials(c, [5, 1, 3, 2], Self.message)
        let r = try run(c, ps, t: 3)
        #expect(r.fastPath && r.badMembers.isEmpty && r.signers == [5, 1, 3])
        #expect(BLS.verify(publicKey: try groupKey(c), message: Self.message, signature: r.signature))
    }

    @Test("bad partials are named and the result still verifies (also under pyblst)")
    func badPartialsNamed() throws {
        let c = try Ceremonies.honest(n: 7, t: 5)
        var ps = try partials(c, Array(1...7), Self.message)
        // Member 2 signs another message, member 4 uses a random share.
        ps[1] = try BLSThreshold.partialSign(share: c.honestShares[1].share, message: Array("other".utf8))
        ps[3] = try BLSThreshold.partialSign(share: Share(index: 4, value: .random()), message: Self.message)
        let r = try run(c, ps, t: 5)
        #expect(!r.fastPath)
        #expect(r.badMembers == [2, 4])
        #expect(r.signers == [1, 3, 5, 6, 7])
        let pk = try groupKey(c)
        #expect(BLS.verify(publicKey: pk, message: Self.message, signature: r.signature))
        guard let ok = pyblstVerify([(pk.compressed, Self.message, r.signature.compressed)]) else { return }
        #expect(ok == [true])
    }

    @Test("a bad partial beyond the first t is not examined on the fast path")
    func lateBadIgnored() throws {
        let c = try Ceremonies.honest(n: 4, t: 3)
        var ps = try partials(c, [1, 2, 3, 4], Self.message)
        ps[3] = try BLSThreshold.partialSign(share: Share(index: 4, value: .random()), message: Self.message)
        let r = try run(c, ps, t: 3)
        #expect(r.fastPath && r.badMembers.isEmpty && r.signers == [1, 2, 3])
    }

    @Test("fewer than t good partials: typed error naming the bad ones")
    func tooFewGood() throws {
        let c = try Ceremonies.honest(n: 5, t: 3)
        var ps = try partials(c, [1, 2, 3, 4], Self.message)
        ps[0] = try BLSThreshold.partialSign(share: Share(index: 1, value: .random()), message: Self.message)
        ps[2] = try BLSThreshold.partialSign(share: Share(index: 3, value: .random()), message: Self.message)
        #expect(throws: ThresholdBLSError.notEnoughValidPartials(needed: 3, valid: 2, bad: [1, 3])) { try run(c, ps, t: 3) }
    }

    @Test("share keys that do not belong to the group key: typed error")
    func inconsistentKeys() throws {
        let c = try Ceremonies.honest(n: 4, t: 3)
        let d = try Ceremonies.honest(n: 4, t: 3, seed: 2)
        let ps = try partials(c, [1, 2, 3], Self.message)
        #expect(throws: ThresholdBLSError.sharePublicKeysInconsistent) {
            try BLSThreshold.robustCombine(partials: ps, threshold: 3, groupPublicKey: d.publicOutput.groupPublicKey,
                                           sharePublicKeys: c.publicOutput.sharePublicKeys, message: Self.message)
        }
        #expect(throws: ThresholdBLSError.invalidPublicKey(index: 0, .identityPublicKey)) {
            try BLSThreshold.robustCombine(partials: ps, threshold: 3, groupPublicKey: .identity,
                                           sharePublicKeys: c.publicOutput.sharePublicKeys, message: Self.message)
        }
    }
}
