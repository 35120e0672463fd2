import BLS12381
import ThresholdBLS

/// The coordinator's expensive step for one request, as a value that can run on any thread:
/// decode the partials (decompression, subgroup checks), robust-combine them and verify the
/// signature (hash-to-G2, a pairing product). ``SigningCoordinator`` hands it out instead of
/// doing the work inline, so that the node runs it off the log's event loop (the log's own
/// messages must not wait behind pairings) and on every core, then feeds the
/// ``CombineJob/Result`` back through ``SigningCoordinator/complete(_:)``.
///
/// Everything in it is public (partials, keys, message): no secret leaves the loop.
public struct CombineJob: Sendable, Equatable {
    /// The request being signed.
    public let requestID: UInt64
    let keyID: KeyID
    let t: Int
    let groupKey: G1Affine
    let shareKeys: [G1Affine]
    let message: [UInt8]
    /// Partials as received (index → compressed point), not yet decoded.
    let partials: [(index: Int, bytes: [UInt8])]

    /// Jobs are equal when they combine the same partials for the same request.
    public static func == (a: CombineJob, b: CombineJob) -> Bool {
        a.requestID == b.requestID && a.keyID == b.keyID && a.t == b.t && a.message == b.message
            && a.partials.map(\.index) == b.partials.map(\.index) && a.partials.map(\.bytes) == b.partials.map(\.bytes)
    }

    /// What running the job found.
    public struct Result: Sendable {
        /// The request.
        public let requestID: UInt64
        /// The partials the job combined or examined (indices).
        let examined: [Int]
        /// The compressed signature, when `t` good partials combined to one that verifies.
        let signature: [UInt8]?
        /// Partials that failed to decode or to verify against their share key.
        let bad: [Int]
        /// True when the registered keys themselves are inconsistent (good partials that do not
        /// combine): the request can never be signed.
        let keysInconsistent: Bool
    }

    /// Decodes and robust-combines (fast path: one pairing check of the combined signature;
    /// per-partial checks only when that fails, BLSThreshold.robustCombine).
    public func run() -> Result {
        var decoded: [PartialSignature] = [], bad: [Int] = []
        for p in partials {
            if let s = try? PartialSignature(index: p.index, compressed: p.bytes) { decoded.append(s) } else { bad.append(p.index) }
        }
        let examined = partials.map(\.index)
        guard decoded.count >= t else {
            return Result(requestID: requestID, examined: examined, signature: nil, bad: bad, keysInconsistent: false)
        }
        do {
            let r = try BLSThreshold.robustCombine(partials: decoded, threshold: t, groupPublicKey: groupKey,
                                                   sharePublicKeys: shareKeys, message: message)
            return Result(requestID: requestID, examined: examined, signature: r.signature.compressed,
                          bad: (bad + r.badMembers).sorted(), keysInconsistent: false)
        } catch let .notEnoughValidPartials(_, _, invalid) {
            return Result(requestID: requestID, examined: examined, signature: nil, bad: (bad + invalid).sorted(), keysInconsistent: false)
        } catch {
            return Result(requestID: requestID, examined: examined, signature: nil, bad: bad.sorted(), keysInconsistent: true)
        }
    }
}
