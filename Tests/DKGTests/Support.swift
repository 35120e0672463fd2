import DKG
import Foundation
import Primitives
import Secp256k1
import Sharing
import Testing

typealias G = Secp256k1Group
typealias S = Secp256k1Group.Scalar

/// The big loops run only with THRESIG_SLOW_TESTS=1; the default subset stays meaningful.
let slowTests = ProcessInfo.processInfo.environment["THRESIG_SLOW_TESTS"] == "1"

/// Checks the invariants every successful ceremony must satisfy, whatever the behaviours.
func checkKeyInvariants(_ out: DKGPublicOutput<G>, shares: [KeyShare<G>], t: Int,
                        sourceLocation: SourceLocation = #_sourceLocation) throws {
    // Every honest share matches its share public key.
    for s in shares {
        #expect(G.multiplyGenerator(s.value) == out.sharePublicKey(s.index), sourceLocation: sourceLocation)
    }
    // The share public keys interpolate to the group key (any t of them: first and last t).
    for pts in [Array(1...t), Array((out.n - t + 1)...out.n)] {
        let y = try Lagrange.interpolateInExponent(points: pts.map { (index: $0, element: out.sharePublicKey($0)) }, in: G.self)
        #expect(y == out.groupPublicKey, sourceLocation: sourceLocation)
    }
    // Any t honest shares reconstruct the secret of y; t − 1 do not.
    if shares.count >= t {
        for subset in [Array(shares.prefix(t)), Array(shares.suffix(t))] {
            let x = try KeyShare<G>.reconstructSecret(subset, threshold: t)
            #expect(G.multiplyGenerator(x) == out.groupPublicKey, sourceLocation: sourceLocation)
        }
        if t >= 2 {
            let partial = try Lagrange.interpolateAtZero(shares.prefix(t - 1).map(\.share))
            #expect(G.multiplyGenerator(partial) != out.groupPublicKey, sourceLocation: sourceLocation)
        }
    }
    #expect(out.transcriptHash.count == 32, sourceLocation: sourceLocation)
    #expect(out.commitments.threshold == t, sourceLocation: sourceLocation)
}

func disqualifiedMembers(_ out: DKGPublicOutput<G>) -> [Int] { out.disqualified.map(\.member) }
