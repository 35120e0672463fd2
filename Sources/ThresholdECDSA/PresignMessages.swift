import BigNum
import Secp256k1

/// Presigning round 1, from i to j: K_i = enc_i(k_i), G_i = enc_i(γ_i) (the same for every
/// j: a broadcast) and Πenc for K_i against j's ring-Pedersen parameters.
public struct PresignRound1: Sendable, Hashable {
    public var K: BigInt
    public var G: BigInt
    public var enc: PiEnc
}

/// Presigning round 2, from i to j: Γ_i, the two MtA ciphertext pairs and their proofs.
public struct PresignRound2: Sendable, Hashable {
    public var Gamma: Point
    /// D_{j,i} = γ_i ⊙ K_j ⊕ enc_j(β_{i,j}); F_{j,i} = enc_i(β_{i,j}).
    public var D: BigInt
    public var F: BigInt
    /// D̂_{j,i} = w_i ⊙ K_j ⊕ enc_j(β̂_{i,j}); F̂_{j,i} = enc_i(β̂_{i,j}).
    public var Dhat: BigInt
    public var Fhat: BigInt
    /// Πaff-g for (D, F, Γ_i), for (D̂, F̂, W_i), and Πlog* for (G_i, Γ_i).
    public var aff: PiAffG
    public var affHat: PiAffG
    public var logStar: PiLogStar
}

/// Presigning round 3, from i to j: δ_i, Δ_i = k_i·Γ, S_i = χ_i·Γ, and Πlog* for (K_i, Δ_i) with base Γ.
public struct PresignRound3: Sendable, Hashable {
    public var delta: Scalar
    public var Delta: Point
    public var S: Point
    public var logStar: PiLogStar
}

/// What a party reveals when δ·G ≠ ΣΔ_j, to let everyone find the party whose δ_i is wrong
/// (see ``PresignIdentification``). Only values of the δ side of the burnt presignature:
/// k_i, γ_i, the δ-MtA masks β_{i,j} and the encryption randomness — never the key share
/// or anything of the χ side.
public struct PresignReveal: Sendable, Hashable {
    public var k: BigInt
    public var gamma: BigInt
    public var rho: BigInt
    public var nu: BigInt
    /// β_{i,j} and the randomness s_{i,j} of enc_j(β_{i,j}) inside D_{j,i}, by j.
    public var beta: [Int: BigInt]
    public var betaRandomness: [Int: BigInt]
}
