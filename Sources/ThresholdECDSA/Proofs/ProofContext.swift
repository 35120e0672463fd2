import BigNum
import Paillier
import Primitives
import Secp256k1

/// What every proof's Fiat–Shamir challenge is bound to besides its statement: the
/// session (one presigning, one aux-info run) and the prover's index. A proof made in one
/// session, or by one party, therefore never verifies in another session or for another
/// party (replay across sessions or parties is what TSSHOCK's "c-split"/"c-guess" attacks
/// and Alpha-Rays' copied proofs lean on).
public struct ProofContext: Sendable, Hashable {
    /// The session identifier (bytes chosen by the protocol: aux-info or presigning session).
    public let sessionID: [UInt8]
    /// The prover's committee index.
    public let prover: Int

    /// A context for `prover` in `sessionID`.
    public init(sessionID: [UInt8], prover: Int) {
        self.sessionID = sessionID
        self.prover = prover
    }
}

/// Why a proof was refused. One case per check, so tests (and operators) see which one.
public enum ProofError: Error, Equatable, Sendable {
    /// A response was outside its range (the range checks are the heart of Πenc, Πaff-g,
    /// Πlog*, Πfac: without them a prover can encrypt values far larger than claimed).
    case responseOutOfRange(String)
    /// A verification equation did not hold; the string names it.
    case equationFailed(String)
    /// A value was not a unit / not in its group / malformed.
    case invalidValue(String)
    /// The proof has the wrong number of repetitions.
    case wrongRepetitionCount(expected: Int, got: Int)
    /// Πmod: the modulus is even, prime, or otherwise not a candidate Blum modulus.
    case invalidModulus(String)
    /// The prover could not produce a proof (its witness does not satisfy the statement).
    case witnessInvalid(String)
}

/// The Fiat–Shamir transcript of one proof: domain `thresig/cggmp21/<tag>/v1`, then the
/// session id, the prover's index, then every public input and first message in a fixed
/// order, then the challenge. Built on `Primitives.Transcript`, whose encoding is
/// injective (length-prefixed labels and values); integers are encoded with their sign.
struct FiatShamir {
    var transcript: Transcript

    init(tag: String, context: ProofContext) {
        transcript = Transcript(domain: "thresig/cggmp21/\(tag)/v1")
        transcript.append("session-id", context.sessionID)
        transcript.append("prover", uint64: UInt64(max(context.prover, 0)))
    }

    mutating func int(_ label: String, _ x: BigInt) { transcript.append(label, Signed.encode(x)) }

    mutating func ints(_ label: String, _ xs: [BigInt]) {
        transcript.append(label + ".count", uint64: UInt64(xs.count))
        for (i, x) in xs.enumerated() { int("\(label)[\(i)]", x) }
    }

    mutating func point(_ label: String, _ p: Point) { transcript.append(label, p.sec1(compressed: true)) }

    mutating func ringPedersen(_ label: String, _ rp: RingPedersenParameters) {
        int(label + ".N", rp.n); int(label + ".s", rp.s); int(label + ".t", rp.t)
    }

    /// A challenge uniform in `[−b, b]` for b = `CGGMPParameters.challengeBound` = 2^128
    /// (CGGMP21's `e ← ±q` with the cggmp21 crate's proof-challenge `q`): a wide reduction
    /// modulo 2b + 1 (bias below 2^−128), shifted by −b.
    mutating func challengePlusMinusQ() -> BigInt {
        let q = CGGMPParameters.challengeBound
        let m = 2 * q + 1
        let b = try! transcript.challengeScalar("e", modulus: m.bytes())
        return BigInt(bytes: b) - q
    }

    /// A challenge scalar in Z_q (Πsch).
    mutating func challengeScalar() -> Scalar {
        Scalar(reducing: transcript.challengeBytes("e", count: 48))
    }

    /// `count` challenge bits (Πprm's binary challenges).
    mutating func challengeBits(_ count: Int) -> [Bool] {
        let b = transcript.challengeBytes("bits", count: (count + 7) / 8)
        return (0..<count).map { (b[$0 / 8] >> UInt8($0 % 8)) & 1 == 1 }
    }

    /// `count` challenges uniform in Z*_N (Πmod's y_i): wide reductions modulo N; a draw
    /// that is not a unit (probability ≈ 2^−1535) is redrawn, identically on both sides.
    mutating func challengeUnits(_ count: Int, modulus n: BigInt) -> [BigInt] {
        var out: [BigInt] = []
        out.reserveCapacity(count)
        let nb = n.bytes()
        while out.count < count {
            let y = BigInt(bytes: try! transcript.challengeScalar("y", modulus: nb))
            if !y.isZero && y.gcd(n) == 1 { out.append(y) }
        }
        return out
    }
}

/// Shared range constants, as integers.
enum Ranges {
    static let ell = CGGMPParameters.ell
    static let ellPrime = CGGMPParameters.ellPrime
    static let epsilon = CGGMPParameters.epsilon
    static func pow2(_ k: Int) -> BigInt { BigInt(1) << k }
}
