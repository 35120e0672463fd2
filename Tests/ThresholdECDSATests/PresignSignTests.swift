import BigNum
import DKG
import Foundation
import Primitives
import Secp256k1
import Sharing
import Testing
@testable import ThresholdECDSA

@Suite("CGGMP21 presigning and signing", .serialized)
struct PresignSignTests {
    /// (n, t) with every t-subset as signer set, plus the whole committee. (5, 3)'s ten
    /// subsets run in full with THRESIG_SLOW_TESTS=1 (`make soak`); by default its first and
    /// last subsets run, to keep `make test` within its time budget. (bad-sigma through the
    /// dry run is covered by vectors/ecdsa-threshold/2-of-3_bad-sigma.json.)
    static let slow = ProcessInfo.processInfo.environment["THRESIG_SLOW_TESTS"] == "1"

    @Test("presign + sign for (2,2), (3,2), (4,3), (5,3): every signer set; Secp256k1, coincurve and OpenSSL verify", arguments: [(2, 2), (3, 2), (4, 3), (5, 3)])
    func everySignerSet(_ nt: (Int, Int)) throws {
        let (n, t) = nt
        let dkg = try SharedAux.dkg(n: n, t: t, seed: UInt64(10 * n + t))
        let pub = dkg.publicOutput.groupPublicKey
        var sets = subsets(Array(1...n), t)
        if n == 5 && !Self.slow { sets = [sets[0], sets[9]] }
        if t < n { sets.append(Array(1...n)) }
        var oracleCases: [(sig: [UInt8], recid: UInt8, digest: [UInt8], pub: [UInt8])] = []
        for (k, signers) in sets.enumerated() {
            let label = "sets-\(n)-\(t)-\(k)"
            let presigs = try SharedAux.presign(dkg, signers: signers, label: label).get()
            // Every signer agrees on the public part, bound to this signer set.
            let pp = presigs[signers[0]]!.publicPart
            for i in signers { #expect(presigs[i]!.publicPart == pp) }
            #expect(pp.signers == signers)
            let digest = SHA256.hash(Array(label.utf8))
            let partials = try signers.map { try presigs[$0]!.partialSign(digest: digest) }
            let sig = try ECDSACombiner.combine(pp, digest: digest, partials: partials)
            #expect(ECDSA.verifyLowS(signature: sig.signature, digest: digest, publicKey: pub), "signers \(signers)")
            #expect(try ECDSA.recoverPublicKey(digest: digest, signature: sig.signature, recoveryId: sig.recoveryId) == pub)
            if k < 2 { #expect(opensslVerify(publicKey: pub, digest: digest, der: sig.signature.der) == true, "OpenSSL, signers \(signers)") }
            oracleCases.append((sig.signature.compact, sig.recoveryId, digest, pub.sec1(compressed: true)))
        }
        if let results = coincurveVerify(oracleCases) {
            #expect(results == Array(repeating: true, count: oracleCases.count))
        }
    }

    @Test("a presignature signs once: a second use and a burnt one are refused")
    func singleUse() throws {
        let dkg = try SharedAux.dkg(n: 2, t: 2, seed: 7)
        let presigs = try SharedAux.presign(dkg, signers: [1, 2], label: "single-use").get()
        let d1 = SHA256.hash([1]), d2 = SHA256.hash([2])
        let p1 = try presigs[1]!.partialSign(digest: d1)
        #expect(presigs[1]!.currentState == .used)
        #expect(throws: ECDSAProtocolError.presignatureAlreadyUsed) { try presigs[1]!.partialSign(digest: d2) }
        #expect(throws: ECDSAProtocolError.presignatureAlreadyUsed) { try presigs[1]!.partialSign(digest: d1) }
        // Copies share the state (a class): no copy can sign again.
        let copy = presigs[1]!
        #expect(throws: ECDSAProtocolError.presignatureAlreadyUsed) { try copy.partialSign(digest: d2) }
        presigs[2]!.burn()
        #expect(throws: ECDSAProtocolError.presignatureBurnt) { try presigs[2]!.partialSign(digest: d1) }
        // The combiner needs both partials.
        #expect(throws: ECDSAProtocolError.missingMessage(party: 2)) { try ECDSACombiner.combine(presigs[1]!.publicPart, digest: d1, partials: [p1]) }
        #expect(!"\(presigs[1]!)".contains("k:"))
        // The state machines print no secrets either.
        let setup = try SignerSetup(share: dkg.honestShares[0], publicOutput: dkg.publicOutput, signers: [1, 2], aux: SharedAux.result[1]!)
        var presigner = Presigner(sessionID: [1], setup: setup, source: .seeded([1]))
        _ = try presigner.round1()
        var dumped = ""
        dump(presigner, to: &dumped)
        let k = presigner.reveal().k.description
        #expect(!dumped.contains(k) && !"\(presigner)".contains(k) && !String(reflecting: presigner).contains(k))
    }

    @Test("bad-range: an MtA mask outside ±2^ℓ′ is caught by Πaff-g and attributed")
    func badRange() throws {
        let dkg = try SharedAux.dkg(n: 3, t: 3, seed: 8)
        let r = try SharedAux.presign(dkg, signers: [1, 2, 3], behaviours: [2: .badRange], label: "bad-range")
        guard case let .failure(.blamed(j, phase, why)) = r else { Issue.record("not caught: \(r)"); return }
        #expect(j == 2 && phase == "presigning" && why.contains("Πaff-g") && why.contains("z2"))
    }

    @Test("bad-delta: δ·G ≠ ΣΔ_j; the reveal names the party")
    func badDelta() throws {
        let dkg = try SharedAux.dkg(n: 3, t: 2, seed: 9)
        let r = try SharedAux.presign(dkg, signers: [1, 3], behaviours: [3: .badDelta], label: "bad-delta")
        guard case let .failure(.blamed(j, phase, _)) = r else { Issue.record("not caught: \(r)"); return }
        #expect(j == 3 && phase == "identification")
    }

    @Test("bad-sigma: the combined signature fails, σ_j·Γ = m·Δ_j + r·S_j names the party, nothing is output")
    func badSigma() throws {
        let dkg = try SharedAux.dkg(n: 3, t: 2, seed: 10)
        let presigs = try SharedAux.presign(dkg, signers: [1, 2], behaviours: [1: .badSigma], label: "bad-sigma").get()
        let digest = SHA256.hash([9])
        let partials = try [1, 2].map { try presigs[$0]!.partialSign(digest: digest) }
        #expect(throws: ECDSAProtocolError.blame(party: 1, reason: "σ_j·Γ ≠ m·Δ_j + r·S_j")) {
            try ECDSACombiner.combine(presigs[1]!.publicPart, digest: digest, partials: partials)
        }
        // A partial with another r is refused and attributed too.
        var other = partials
        other[1] = PartialECDSASignature(index: 2, r: partials[1].r + .one, sigma: partials[1].sigma)
        #expect(throws: ECDSAProtocolError.blame(party: 2, reason: "r differs from x(R)")) {
            try ECDSACombiner.combine(presigs[1]!.publicPart, digest: digest, partials: other)
        }
    }

    @Test("signer setup refuses a set below t, an outsider, and a share that does not match")
    func setupRefusals() throws {
        let dkg = try SharedAux.dkg(n: 3, t: 2, seed: 11)
        let s1 = dkg.honestShares[0]
        #expect(throws: ECDSAProtocolError.self) { try SignerSetup(share: s1, publicOutput: dkg.publicOutput, signers: [1], aux: SharedAux.result[1]!) }
        #expect(throws: ECDSAProtocolError.self) { try SignerSetup(share: s1, publicOutput: dkg.publicOutput, signers: [2, 3], aux: SharedAux.result[1]!) }
        #expect(throws: ECDSAProtocolError.self) { try SignerSetup(share: dkg.honestShares[1], publicOutput: dkg.publicOutput, signers: [1, 2], aux: SharedAux.result[1]!) }
        let other = try SharedAux.dkg(n: 3, t: 2, seed: 12)
        #expect(throws: ECDSAProtocolError.self) { try SignerSetup(share: s1, publicOutput: other.publicOutput, signers: [1, 2], aux: SharedAux.result[1]!) }
    }
}
