import BigNum
import Secp256k1

/// CGGMP21's security parameters at the 128-bit level (eprint 2021/060, §1.2.8 and the
/// cggmp21 crate's `SecurityLevel128`). Fixed, not configurable: every range check in
/// the proofs is written against these.
public enum CGGMPParameters {
    /// ℓ: the bit size of the secrets (k_i, γ_i, x_i < q < 2^256).
    public static let ell = 256
    /// ℓ′: the bit size of the MtA masks β (and of the Πaff-g witness y).
    public static let ellPrime = 848
    /// ε: the slack of the range proofs (responses are masked by α ← ±2^{ℓ+ε}).
    ///
    /// 230, as the cggmp21 crate's `SecurityLevel128`. That value is complete only together
    /// with the crate's *challenge* range `±2^128` (its `q` parameter, `challengeBound` here),
    /// not the curve order: an honest response z1 = α + e·k then stays below
    /// 2^{ℓ+ε} + 2^{128+ℓ} = 2^486 + 2^384, and α ← ±2^{ℓ+ε} hides e·k with 102 bits of
    /// statistical slack. With e ∈ ±2^256 (the curve order) the same check would refuse most
    /// honest proofs. MtA: |x·k + y| ≤ 2^{2ℓ} + 2^{ℓ′} ≪ N/2, so no decryption wraps.
    public static let epsilon = 230
    /// The challenge range of the range proofs (Πenc, Πaff-g, Πlog*, Πfac): e ← ±2^128,
    /// the cggmp21 crate's `q` of `SecurityLevel128`. Soundness error 2^−128 per proof.
    public static let challengeBits = 128
    /// `2^challengeBits`.
    public static let challengeBound: BigInt = BigInt(1) << challengeBits
    /// m: the number of repetitions of Πmod and Πprm (soundness error 2^−m).
    public static let iterations = 128
    /// Safe-prime size: N = p·q of 3072 bits.
    public static let primeBits = 1536
    /// The secp256k1 group order q as an integer.
    public static let q: BigInt = BigInt(bytes: Scalar.orderBytes)
}

extension Scalar {
    /// The scalar as a non-negative integer in `[0, q)`.
    var integer: BigInt { BigInt(bytes: bytes) }

    /// The scalar `x mod q` for any signed integer `x`.
    init(integer x: BigInt) {
        self = try! Scalar(bytes: x.mod(CGGMPParameters.q).bytes(length: 32))
    }
}
