import BigNum
import Paillier
import Secp256k1

/// Identification after δ·G ≠ ΣΔ_j (CGGMP21 §4.3 "identifying the culprit"), by revealing
/// the δ side of the burnt presignature instead of the paper's Πmul/Πdec proofs of correct
/// decryption: each party publishes k_i, γ_i, their encryption randomness and its δ-MtA
/// masks β_{i,j} with their randomness. Everyone then checks that these open K_i, G_i and
/// every D_{j,i} the party sent, and recomputes each δ_i = k_i·γ_i + Σ_j (γ_j·k_i + β_{j,i} −
/// β_{i,j}). A party whose reveal does not open its ciphertexts, or whose sent δ_i differs
/// from the recomputation, is named. Nothing revealed depends on the key share (the χ side
/// stays hidden), and the presignature is burnt, so k is never used to sign.
public enum PresignIdentification {
    /// Public data of one party for identification.
    public struct PartyRecord: Sendable {
        public var K: BigInt
        public var G: BigInt
        public var sentDelta: Scalar
        /// D_{j,i} as received by j, for each other signer j.
        public var sentD: [Int: BigInt]
        public var reveal: PresignReveal?

        public init(K: BigInt, G: BigInt, sentDelta: Scalar, sentD: [Int: BigInt], reveal: PresignReveal?) {
            self.K = K; self.G = G; self.sentDelta = sentDelta; self.sentD = sentD; self.reveal = reveal
        }
    }

    /// The parties whose reveal or δ_i is wrong, ascending. `keys` are the signers' Paillier keys.
    public static func identify(records: [Int: PartyRecord], keys: [Int: PaillierPublicKey]) -> [Int] {
        let signers = records.keys.sorted()
        var blamed = Set<Int>()
        let J = BigInt(1) << CGGMPParameters.ellPrime
        // 1. Each reveal must open the party's own ciphertexts.
        for i in signers {
            guard let rv = records[i]!.reveal, let ki = keys[i] else { blamed.insert(i); continue }
            let okK = (try? ki.encrypt(rv.k, randomness: rv.rho)) == records[i]!.K
            let okG = (try? ki.encrypt(rv.gamma, randomness: rv.nu)) == records[i]!.G
            if !okK || !okG { blamed.insert(i); continue }
            for j in signers where j != i {
                guard let b = rv.beta[j], let s = rv.betaRandomness[j], b.magnitude <= J, let kj = keys[j],
                      let D = records[i]!.sentD[j], let e = try? kj.encrypt(b, randomness: s),
                      kj.add(kj.multiply(records[j]!.K, by: rv.gamma), e) == D
                else { blamed.insert(i); break }
            }
        }
        if !blamed.isEmpty { return blamed.sorted() }
        // 2. Recompute every δ_i from the (now verified) reveals.
        let q = CGGMPParameters.q
        for i in signers {
            let ri = records[i]!.reveal!
            var d = ri.k * ri.gamma
            for j in signers where j != i {
                let rj = records[j]!.reveal!
                d += rj.gamma * ri.k + rj.beta[i]! - ri.beta[j]!
            }
            if Scalar(integer: d.mod(q)) != records[i]!.sentDelta { blamed.insert(i) }
        }
        return blamed.sorted()
    }
}
