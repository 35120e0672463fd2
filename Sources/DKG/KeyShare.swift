import Primitives
import Sharing

/// One member's secret share of a group key at a share epoch.
///
/// The epoch starts at 0 for a DKG and increments with each resharing. Shares of
/// different epochs lie on unrelated polynomials: `combine`-style operations (and
/// `KeyShare.reconstructSecret`, used by tests) refuse to mix them.
public struct KeyShare<G: PrimeOrderGroup>: Sendable, CustomStringConvertible {
    public let epoch: UInt64
    /// The holder's committee position.
    public let index: Int
    /// `x_j` as its canonical scalar bytes in locked memory (`SecretBytes`).
    public let secret: SecretBytes
    /// `x_j` as a scalar, for signing. Kept in ordinary memory while in use.
    public let value: G.Scalar

    init(epoch: UInt64, index: Int, value: G.Scalar) {
        self.epoch = epoch
        self.index = index
        self.value = value
        var bytes = value.canonicalBytes
        self.secret = SecretBytes(consuming: &bytes)
    }

    /// A share restored from storage: `secret` must hold the canonical scalar encoding.
    /// - Throws: `SharingError.malformedEncoding`, `.nonCanonicalScalar`, `.invalidIndex`.
    public init(epoch: UInt64, index: Int, secret: SecretBytes) throws(SharingError) {
        guard index >= 1, index <= Shamir.maxShareCount else { throw .invalidIndex(index) }
        var bytes = secret.unsafeCopyToArray()
        defer { Wipe.bytes(&bytes) }
        let value = try G.Scalar(canonicalBytes: bytes)
        self.init(epoch: epoch, index: index, value: value)
    }

    /// The Shamir share `(index, x_j)`.
    public var share: Share<G.Scalar> { Share(index: index, value: value) }

    /// Redacted.
    public var description: String { "KeyShare(epoch: \(epoch), index: \(index), value: <redacted>)" }

    /// Reconstructs the group secret from `threshold` or more shares of one epoch.
    /// **For tests and audits only** — in production the secret is never assembled.
    /// - Throws: `KeyShareError.mixedEpochs`, or `Shamir.reconstruct`'s errors.
    public static func reconstructSecret(_ shares: [KeyShare<G>], threshold: Int) throws -> G.Scalar {
        guard let e = shares.first?.epoch, shares.allSatisfy({ $0.epoch == e }) else {
            if shares.isEmpty { throw SharingError.notEnoughShares(needed: threshold, got: 0) }
            throw KeyShareError.mixedEpochs
        }
        return try Shamir.reconstruct(shares.map(\.share), threshold: threshold)
    }
}

public enum KeyShareError: Error, Equatable, Sendable {
    /// Shares of different epochs were combined.
    case mixedEpochs
}

/// The public outcome of a ceremony, identical at every honest member.
public struct DKGPublicOutput<G: PrimeOrderGroup>: Sendable, Hashable {
    public let n: Int
    public let t: Int
    public let epoch: UInt64
    /// QUAL, ascending.
    public let qualified: [Int]
    /// Disqualified dealers with reasons, ascending by member.
    public let disqualified: [Disqualification]
    /// QUAL dealers whose polynomial was reconstructed in public, and why.
    public let reconstructed: [Int: ExtractionFault]
    /// `y = Π_{i∈QUAL} y_i`, `y_i = A_i0 = g^{a_i0}` (GJKR Fig. 2, step 4).
    public let groupPublicKey: G.Element
    /// `A_k = Π_{i∈QUAL} A_ik`: the Feldman commitments of the joint polynomial, from
    /// which every share public key follows.
    public let commitments: VSSCommitments<G>
    /// `g^{x_j}` for `j = 1…n` (position `j − 1`).
    public let sharePublicKeys: [G.Element]
    /// SHA-256 transcript digest binding the parameters, every accepted broadcast in
    /// log order and every deadline.
    public let transcriptHash: [UInt8]

    /// The share public key of member `j`.
    public func sharePublicKey(_ j: Int) -> G.Element { sharePublicKeys[j - 1] }

    /// The fields the `thresig dkg simulate --json` output prints, as plain values.
    public func summary(scheme: String) -> DKGSummary {
        DKGSummary(scheme: scheme, n: n, t: t, qual: qualified,
                   disqualified: disqualified.map { .init(member: $0.member, reason: $0.reason.description, code: $0.reason.code) },
                   groupPublicKey: Hex.encode(G.encode(groupPublicKey)),
                   sharePublicKeys: sharePublicKeys.map { Hex.encode(G.encode($0)) },
                   transcriptHash: Hex.encode(transcriptHash))
    }
}

/// A ceremony's outcome in plain values, `Codable` with the snake_case keys of the
/// `thresig dkg simulate --json` format.
public struct DKGSummary: Sendable, Hashable, Codable {
    public struct Entry: Sendable, Hashable, Codable {
        public let member: Int
        public let reason: String
        public let code: String
    }
    public let scheme: String
    public let n: Int
    public let t: Int
    public let qual: [Int]
    public let disqualified: [Entry]
    public let groupPublicKey: String
    public let sharePublicKeys: [String]
    public let transcriptHash: String

    enum CodingKeys: String, CodingKey {
        case scheme, n, t, qual, disqualified
        case groupPublicKey = "group_public_key"
        case sharePublicKeys = "share_public_keys"
        case transcriptHash = "transcript_hash"
    }
}

/// What one member ends a ceremony with: the public output and its own share.
public struct DKGResult<G: PrimeOrderGroup>: Sendable {
    public let publicOutput: DKGPublicOutput<G>
    public let share: KeyShare<G>
}

/// Reflection (`dump`, `String(reflecting:)`) shows the epoch and index, never the share.
extension KeyShare: CustomReflectable {
    public var customMirror: Mirror { Mirror(self, children: ["epoch": epoch, "index": index]) }
}
