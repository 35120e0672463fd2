import DKG
import Primitives
import Secp256k1
import Sharing

/// What a signer brings to presigning: its GJKR key share, the key's public data, the
/// aux info, and the signer set (any t live members of the committee). The Shamir share
/// is turned into an additive one by Lagrange over the signer set:
/// `w_i = λ_i·x_i`, `W_j = λ_j·X_j`, so that `Σ_{j∈S} w_j = x` (CGGMP21 §1.2.8 "threshold").
public struct SignerSetup: Sendable {
    /// The holder's index.
    public let index: Int
    /// The signer set, ascending.
    public let signers: [Int]
    /// w_i = λ_i·x_i, the holder's additive share (secret).
    let additiveShare: Scalar
    /// W_j = λ_j·X_j for every signer.
    public let additivePublicShares: [Int: Point]
    /// The group public key X.
    public let groupPublicKey: Point
    /// The aux info (every signer's Paillier key and ring-Pedersen parameters).
    public let aux: AuxInfo

    /// Checks: the holder is in the signer set, the set has ≥ t distinct committee indices,
    /// every signer has aux info, the share matches its public key, and Σ W_j = X.
    public init(share: KeyShare<Secp256k1Group>, publicOutput: DKGPublicOutput<Secp256k1Group>, signers: [Int],
                aux: AuxInfo) throws(ECDSAProtocolError) {
        try self.init(share: share, key: ECDSAKeyPublic(publicOutput), signers: signers, aux: aux)
    }

    /// The same, from the key's public data alone (a node restoring a share sealed in its
    /// vault has the registered key, not the DKG's whole public output).
    public init(share: KeyShare<Secp256k1Group>, key publicOutput: ECDSAKeyPublic, signers: [Int],
                aux: AuxInfo) throws(ECDSAProtocolError) {
        let sorted = signers.sorted()
        guard sorted.contains(share.index), share.index == aux.index else { throw .invalidParameters("holder not in the signer set") }
        guard sorted.allSatisfy({ (1...publicOutput.n).contains($0) }) else { throw .invalidParameters("signer outside 1…\(publicOutput.n)") }
        guard sorted.count >= publicOutput.t else { throw .invalidParameters("\(sorted.count) signers, threshold \(publicOutput.t)") }
        let lambdas: [Scalar]
        do { lambdas = try Lagrange.coefficientsAtZero(indices: sorted, shareCount: publicOutput.n) } catch {
            throw .invalidParameters("signer set refused: \(error)")
        }
        for j in sorted where aux.parties[j] == nil { throw .invalidParameters("no aux info for signer \(j)") }
        guard Point.generatorMultiplySecret(share.value) == publicOutput.sharePublicKeys[share.index - 1] else {
            throw .invalidParameters("share does not match its public key")
        }
        var W: [Int: Point] = [:]
        var sum = Point.identity
        for (j, l) in zip(sorted, lambdas) {
            W[j] = publicOutput.sharePublicKeys[j - 1].multiply(by: l)
            sum = sum + W[j]!
        }
        guard sum == publicOutput.groupPublicKey else { throw .invalidParameters("Σ λ_j·X_j ≠ group public key") }
        self.index = share.index
        self.signers = sorted
        self.additiveShare = lambdas[sorted.firstIndex(of: share.index)!] * share.value
        self.additivePublicShares = W
        self.groupPublicKey = publicOutput.groupPublicKey
        self.aux = aux
    }
}

/// The public data of a threshold key that presigning needs: t, n, the group key and every
/// member's share public key `X_j = x_j·G`.
public struct ECDSAKeyPublic: Sendable, Hashable {
    /// Threshold.
    public let t: Int
    /// Committee size.
    public let n: Int
    /// X.
    public let groupPublicKey: Point
    /// X_j for j = 1…n (position j − 1).
    public let sharePublicKeys: [Point]

    /// Checks only the shape (n share keys, 1 ≤ t ≤ n); ``SignerSetup`` checks Σ λ_j·X_j = X.
    public init(t: Int, n: Int, groupPublicKey: Point, sharePublicKeys: [Point]) throws(ECDSAProtocolError) {
        guard n >= 1, t >= 1, t <= n, sharePublicKeys.count == n else { throw .invalidParameters("key of t = \(t), n = \(n) with \(sharePublicKeys.count) share keys") }
        self.t = t; self.n = n; self.groupPublicKey = groupPublicKey; self.sharePublicKeys = sharePublicKeys
    }

    /// The public data of a GJKR run's output.
    public init(_ output: DKGPublicOutput<Secp256k1Group>) {
        t = output.t; n = output.n; groupPublicKey = output.groupPublicKey; sharePublicKeys = output.sharePublicKeys
    }
}
