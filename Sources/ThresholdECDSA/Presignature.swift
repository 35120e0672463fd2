import Foundation
import Secp256k1

/// The public part of a presignature, the same at every signer: what the combiner needs
/// to check each σ_i and the final signature.
public struct PresignaturePublic: Sendable, Hashable {
    /// The presigning session (bound to the signer set and the aux info).
    public let sessionID: [UInt8]
    /// The signer set the presignature is bound to, ascending.
    public let signers: [Int]
    /// R = δ^{−1}·Γ = k^{−1}·G.
    public let R: Point
    /// Γ = Σ γ_j·G.
    public let Gamma: Point
    /// Δ_j = k_j·Γ.
    public let Deltas: [Int: Point]
    /// S_j = χ_j·Γ.
    public let S: [Int: Point]
    /// The group public key X.
    public let groupPublicKey: Point

    /// r = x(R) mod q.
    public var r: Scalar { Scalar(reducing: R.affineCoordinates!.x) }
}

/// One signer's partial signature σ_i = k_i·m + r·χ_i.
public struct PartialECDSASignature: Sendable, Hashable {
    public let index: Int
    /// r as the signer computed it (all must agree).
    public let r: Scalar
    public let sigma: Scalar

    /// A partial signature as received (a log entry): its checks come with the combination
    /// (``ECDSACombiner``).
    public init(index: Int, r: Scalar, sigma: Scalar) {
        self.index = index
        self.r = r
        self.sigma = sigma
    }
}

/// A single-use presignature `(R, k_i, χ_i)` bound to its signer set (CGGMP21 Figure 7
/// output). It is a reference type with a lock so that every copy of it shares one state:
/// ``partialSign(digest:)`` succeeds once, and every later call — from any copy, any thread —
/// is refused. Two signatures with the same k reveal the key (k = (m₁ − m₂)/(s₁ − s₂)).
/// The node must also record the consumption in its log before releasing σ_i (issue 7
/// item 5), so that a restart or a restored backup cannot bring it back.
public final class Presignature: @unchecked Sendable, CustomStringConvertible {
    /// The holder's index.
    public let index: Int
    let k: Scalar
    let chi: Scalar
    /// The public part.
    public let publicPart: PresignaturePublic
    let misbehaviour: Misbehaviour?
    private let lock = NSLock()
    private var state: State = .fresh

    /// The life cycle: fresh → used (σ_i released) or burnt (discarded unused).
    public enum State: Sendable, Equatable { case fresh, used, burnt }

    init(index: Int, k: Scalar, chi: Scalar, public: PresignaturePublic, misbehaviour: Misbehaviour?) {
        self.index = index; self.k = k; self.chi = chi; self.publicPart = `public`; self.misbehaviour = misbehaviour
    }

    /// The current state.
    public var currentState: State { lock.withLock { state } }

    /// Online signing, one round: σ_i = k_i·m + r·χ_i for a 32-byte digest m. Marks the
    /// presignature used *before* computing σ_i; a second call throws
    /// `.presignatureAlreadyUsed`, a burnt one `.presignatureBurnt`.
    public func partialSign(digest: [UInt8]) throws(ECDSAProtocolError) -> PartialECDSASignature {
        guard digest.count == 32 else { throw .invalidParameters("digest must be 32 bytes") }
        let previous: State = lock.withLock {
            let s = state
            if s == .fresh { state = .used }
            return s
        }
        switch previous {
        case .used: throw .presignatureAlreadyUsed
        case .burnt: throw .presignatureBurnt
        case .fresh: break
        }
        let m = Scalar(reducing: digest)
        let r = publicPart.r
        var sigma = k * m + r * chi
        if misbehaviour == .badSigma { sigma += .one }
        return PartialECDSASignature(index: index, r: r, sigma: sigma)
    }

    /// Discards the presignature unused (e.g. after a failed combination elsewhere, or a
    /// restore): it can never sign afterwards.
    public func burn() { lock.withLock { if state == .fresh { state = .burnt } } }

    /// Redacted.
    public var description: String { "Presignature(index: \(index), signers: \(publicPart.signers), secrets redacted)" }
}

/// A combined threshold ECDSA signature with its recovery id.
public struct ThresholdECDSASignature: Sendable, Hashable {
    /// The low-s signature.
    public let signature: ECDSA.Signature
    /// Recovery id: bit 0 the parity of R.y (after low-s normalisation), bit 1 R.x ≥ q.
    public let recoveryId: UInt8
}

/// Combining partial signatures (CGGMP21 Figure 8, "Signing"): s = Σσ_j, checked by ordinary
/// ECDSA verification under the group key before anything is output; normalised to low s.
/// On failure each σ_j is checked against σ_j·Γ = m·Δ_j + r·S_j and the first party whose
/// σ_j fails is named; an invalid signature is never returned.
public enum ECDSACombiner {
    public static func combine(_ pub: PresignaturePublic, digest: [UInt8], partials: [PartialECDSASignature]) throws(ECDSAProtocolError) -> ThresholdECDSASignature {
        guard digest.count == 32 else { throw .invalidParameters("digest must be 32 bytes") }
        var byIndex: [Int: PartialECDSASignature] = [:]
        for p in partials {
            guard pub.signers.contains(p.index) else { throw .invalidParameters("partial from \(p.index), not a signer") }
            guard byIndex[p.index] == nil else { throw .blame(party: p.index, reason: "two partial signatures") }
            byIndex[p.index] = p
        }
        for j in pub.signers where byIndex[j] == nil { throw .missingMessage(party: j) }
        let r = pub.r
        for j in pub.signers where byIndex[j]!.r != r { throw .blame(party: j, reason: "r differs from x(R)") }
        let s = pub.signers.reduce(Scalar.zero) { $0 + byIndex[$1]!.sigma }
        if let sig = try? ECDSA.Signature(r: r, s: s), ECDSA.verify(signature: sig, digest: digest, publicKey: pub.groupPublicKey) {
            let (x, y) = pub.R.affineCoordinates!
            var recid: UInt8 = y[31] & 1
            if Scalar.orderBytes.lexicographicallyPrecedes(x) || Scalar.orderBytes == x { recid |= 2 }
            let low = sig.normalizedLowS()
            if low != sig { recid ^= 1 }
            return ThresholdECDSASignature(signature: low, recoveryId: recid)
        }
        // Identification: σ_j·Γ must equal m·Δ_j + r·S_j.
        let m = Scalar(reducing: digest)
        for j in pub.signers {
            let lhs = pub.Gamma.multiply(by: byIndex[j]!.sigma)
            let rhs = pub.Deltas[j]!.multiply(by: m) + pub.S[j]!.multiply(by: r)
            if lhs != rhs { throw .blame(party: j, reason: "σ_j·Γ ≠ m·Δ_j + r·S_j") }
        }
        throw .unattributedFailure("the combined signature does not verify")
    }
}
