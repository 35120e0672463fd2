import BigNum
import DKG
import Sharing
import Secp256k1
import Testing
@testable import ThresholdECDSA

/// The CGGMP21 wire codec (what the node's log carries): round trips, and every malformed form
/// refused — wrong version, truncation, trailing bytes, out-of-range scalars, off-curve points,
/// non-minimal integers, wrong proof sizes. Full messages round-trip through a real presigning.
@Suite struct WireTests {
    @Test func partialSignatureAndCommitRoundTripAndRefuseMalformedForms() throws {
        let partial = PartialECDSASignature(index: 3, r: Scalar(reducing: [UInt8](repeating: 7, count: 32)),
                                            sigma: Scalar(reducing: [UInt8](repeating: 9, count: 32)))
        let bytes = partial.encoded()
        #expect(bytes.count == 1 + 2 + 32 + 32)
        #expect(try PartialECDSASignature.decode(bytes) == partial)
        #expect(throws: ECDSAWireError.trailingBytes) { try PartialECDSASignature.decode(bytes + [0]) }
        #expect(throws: ECDSAWireError.truncated(field: "σ")) { try PartialECDSASignature.decode(Array(bytes.dropLast())) }
        #expect(throws: ECDSAWireError.unknownVersion(2)) { try PartialECDSASignature.decode([2] + bytes.dropFirst()) }
        var zeroIndex = bytes
        zeroIndex[1] = 0; zeroIndex[2] = 0
        #expect(throws: ECDSAWireError.invalidField("index")) { try PartialECDSASignature.decode(zeroIndex) }
        var big = bytes
        for i in 35..<67 { big[i] = 0xff }   // σ ≥ n
        #expect(throws: ECDSAWireError.invalidField("σ")) { try PartialECDSASignature.decode(big) }

        let commit = AuxInfoCommit(commitment: [UInt8](repeating: 4, count: 32))
        #expect(try AuxInfoCommit.decode(commit.encoded()) == commit)
        #expect(throws: ECDSAWireError.self) { try AuxInfoCommit.decode(Array(commit.encoded().dropLast())) }
    }

    @Test func realPresigningMessagesRoundTripAndMutationsAreRefused() throws {
        let dkg = try SharedAux.dkg(n: 3, t: 2)
        let setups = try [1, 2].map { i in
            try SignerSetup(share: dkg.honestShares.first { $0.index == i }!, publicOutput: dkg.publicOutput, signers: [1, 2],
                            aux: SharedAux.result[i]!)
        }
        var p1 = Presigner(sessionID: [1, 2, 3], setup: setups[0]), p2 = Presigner(sessionID: [1, 2, 3], setup: setups[1])
        let m1 = try p1.round1()[2]!, m2 = try p2.round1()[1]!
        #expect(try PresignRound1.decode(m1.encoded()) == m1)
        let r2 = try p1.round2([2: m2])[2]!
        _ = try p2.round2([1: m1])
        let r2bytes = r2.encoded()
        #expect(try PresignRound2.decode(r2bytes) == r2)
        // Γ with a hybrid/uncompressed prefix, a non-minimal integer length, truncation.
        var badPoint = r2bytes
        badPoint[1] = 0x04
        #expect(throws: ECDSAWireError.invalidField("Γ")) { try PresignRound2.decode(badPoint) }
        var nonMinimal = m1.encoded()
        nonMinimal.insert(0, at: 4); nonMinimal[2] += 1   // K's length +1 with a leading zero
        #expect(throws: ECDSAWireError.self) { try PresignRound1.decode(nonMinimal) }
        #expect(throws: ECDSAWireError.self) { try PresignRound2.decode(Array(r2bytes.prefix(r2bytes.count / 2))) }
    }
}
