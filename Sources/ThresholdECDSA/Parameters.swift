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
    /// 512 = 2ℓ, as the cggmp21 crate's `SecurityLevel128`, **not** the 230 of the issue:
    /// with challenges e ∈ ±q (q ≈ 2^256) and witnesses up to 2^ℓ, the response
    /// z1 = α + e·k reaches 2^{2ℓ} = 2^512, so with ε = 230 (2^{ℓ+ε} = 2^486) honest Πenc,
    /// Πlog* and Πaff-g proofs fail their own range check almost always (observed: the
    /// first dry run refused every honest Πenc). ε must exceed ℓ by the statistical
    /// zero-knowledge slack; 2ℓ leaves 256 bits. ℓ′ = 848 stays: β ∈ ±2^{ℓ′} still hides
    /// γ·k < 2^{512} with 336 bits to spare, and |x·k + y| ≤ 2^{ℓ′+ε+1} ≪ N/2, so no MtA
    /// decryption wraps.
    public static let epsilon = 512
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
