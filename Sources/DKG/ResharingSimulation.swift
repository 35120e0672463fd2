import Primitives
import Sharing

/// The outcome of an in-process resharing.
public struct ResharingSimulationOutcome<G: PrimeOrderGroup>: Sendable {
    public let parameters: ResharingParameters<G>
    public let publicOutput: ResharingPublicOutput<G>
    /// The new holders' shares, indices `1…n_new`.
    public let newShares: [KeyShare<G>]
}

/// Runs a resharing in-process over a perfect broadcast: the given old shares deal
/// (old holders without a share given stay silent), `newN` fresh new holders receive.
/// `behaviours` (by old index) apply `silent`, `badShare`, `badShareJustified` and
/// `badCommitment` to dealers (`badCommitment` breaks `B_i0 = g^{x_i}`);
/// `receiverBehaviours` (by new index) apply `falseComplaint` (complain against every
/// dealer) and `silent` (never complain) to new holders; other cases act honestly.
/// Seeded like `DKGSimulation`.
public enum ResharingSimulation<G: PrimeOrderGroup> {
    public static func run(old: DKGPublicOutput<G>, oldShares: [KeyShare<G>], newN: Int, newT: Int,
                           behaviours: [Int: Behaviour] = [:], receiverBehaviours: [Int: Behaviour] = [:], seed: UInt64) throws -> ResharingSimulationOutcome<G> {
        var sw = ByteWriter()
        sw.raw(Array("thresig/dkg/reshare-simulate/v1".utf8)); sw.u64(seed); sw.u64(old.epoch)
        let seedBytes = SHA256.hash(sw.bytes)
        guard newN >= 1, newN <= Shamir.maxShareCount else { throw DKGParameterError.invalidThreshold(t: newT, n: newN) }
        let keyPairs = (1...newN).map { j -> X25519.KeyPair in
            var w = ByteWriter(); w.u16(j)
            var sk = SHA256.hash(seedBytes + Array("x25519".utf8) + w.bytes)
            return try! X25519.KeyPair(secretKey: SecretBytes(consuming: &sk))
        }
        let parameters = try ResharingParameters<G>(
            sessionID: Array("reshare-simulation".utf8) + seedBytes.prefix(8), from: old, newT: newT,
            newMembers: keyPairs.enumerated().map { Member(index: $0.offset + 1, encryptionKey: $0.element.publicKey) })
        var parties = [Resharing<G>]()
        for s in oldShares.sorted(by: { $0.index < $1.index }) {
            var w = ByteWriter(); w.u16(s.index)
            parties.append(try Resharing(parameters: parameters, dealerShare: s, receiver: nil,
                                         source: .seeded(SHA256.hash(seedBytes + Array("dealer".utf8) + w.bytes)),
                                         behaviour: behaviours[s.index]))
        }
        let firstReceiver = parties.count
        for j in 1...newN {
            parties.append(try Resharing(parameters: parameters, dealerShare: nil, receiver: (j, keyPairs[j - 1]),
                                         source: .system, behaviour: receiverBehaviours[j]))
        }
        var pending: [(ResharingParty, [UInt8])] = []
        for k in parties.indices {
            let out = try parties[k].start()
            pending += out.encodedBroadcasts.map { (parties[k].oldIndex.map { .old($0) } ?? .new(parties[k].newIndex!), $0) }
        }
        var results: [Int: ResharingResult<G>] = [:]
        for phase in ResharingPhase.allCases {
            let entries = pending
            pending = []
            for k in parties.indices {
                for (from, bytes) in entries { _ = try? parties[k].handle(.message(from: from, bytes: bytes)) }
                let out = try parties[k].handle(.deadline(phase))
                let sender: ResharingParty = parties[k].oldIndex.map { .old($0) } ?? .new(parties[k].newIndex!)
                pending += out.encodedBroadcasts.map { (sender, $0) }
                if let f = out.failure { throw f }
                if let r = out.result { results[k] = r }
            }
        }
        guard let first = results[firstReceiver] else { throw SimulationError.didNotTerminate }
        for r in results.values where r.publicOutput != first.publicOutput { throw SimulationError.honestMembersDisagree }
        let shares = (firstReceiver..<parties.count).compactMap { results[$0]?.share }
        return ResharingSimulationOutcome(parameters: parameters, publicOutput: first.publicOutput, newShares: shares)
    }
}
