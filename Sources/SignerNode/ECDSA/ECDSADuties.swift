/// What the primary appends for threshold ECDSA, from the replicated state alone (so a new
/// primary simply carries on): a presignature consumption for each pending request on an ECDSA
/// key that has none yet — oldest request first, oldest presignature first — and one presigning
/// start per key whose pool (complete + running) is below `poolSize`.
///
/// A duty appended twice (a retry, a failover) is refused by the state machine (`duplicate`,
/// `presignatureUnavailable`), so duties need no bookkeeping of their own.
public enum ECDSADuties {
    /// The signer sets presigning rotates through: every t-subset of 1…n in lexicographic
    /// order, so that one member down leaves the sets without it filling the pool.
    public static func signerSets(t: Int, n: Int) -> [[Int]] {
        func subsets(_ from: Int, _ k: Int) -> [[Int]] {
            if k == 0 { return [[]] }
            guard from <= n else { return [] }
            return subsets(from + 1, k - 1).map { [from] + $0 } + subsets(from + 1, k)
        }
        return subsets(1, max(t, 2))
    }

    /// The commands to append now.
    public static func commands(_ state: SessionStateMachine, poolSize: Int) -> [SessionCommand] {
        var out: [SessionCommand] = []
        var taken = Set<[UInt8]>()
        for id in state.pending.keys.sorted() where state.ecdsa.signings[id] == nil {
            let request = state.pending[id]!
            guard state.keys[request.keyID]?.scheme == .ecdsaSecp256k1, request.message.count == 32,
                  let presignature = state.ecdsa.availablePresignatures(request.keyID).first(where: { !taken.contains($0.sessionID) })
            else { continue }
            taken.insert(presignature.sessionID)
            out.append(.ecdsa(.presignConsume(keyID: request.keyID, sessionID: presignature.sessionID, requestID: id)))
        }
        for keyID in state.keys.keys.sorted() {
            let key = state.keys[keyID]!
            guard key.scheme == .ecdsaSecp256k1, key.n >= 2, state.ecdsa.isAuxReady(keyID) else { continue }
            let have = state.ecdsa.availablePresignatures(keyID).count + state.ecdsa.runningPresignings(keyID).count
                - state.ecdsa.stalledPresignings(keyID, now: state.clockMillis).count
            guard have < poolSize else { continue }
            let sets = signerSets(t: key.t, n: key.n)
            let signers = sets[Int(state.ecdsa.nextPresignNumber % UInt64(sets.count))]
            out.append(.ecdsa(.presignStart(keyID: keyID, signers: signers)))
        }
        return out
    }
}
