import DKG
import Primitives
import Secp256k1
import Sharing
import Testing

/// A member that restarts mid-ceremony (its process crashed after its dealing went out) is
/// rebuilt from its sealed seed and the logged broadcasts: it reproduces its own dealing byte
/// for byte and finishes with the same share as the members that never stopped expect of it.
@Suite struct ResumableCeremonyTests {
    @Test func aMemberRebuiltFromItsSeedAndTheLogFinishesWithItsShare() throws {
        let n = 3, t = 2
        let kps = (1...n).map { _ in X25519.KeyPair.generate() }
        let p = try CeremonyParameters(sessionID: Array("resume".utf8), n: n, t: t,
                                       members: kps.enumerated().map { Member(index: $0.offset + 1, encryptionKey: $0.element.publicKey) })
        let seed = SecretBytes.random(count: 32)
        var members = try (1...n).map { k in
            k == 1 ? try Ceremony<G>(parameters: p, index: 1, encryptionKeyPair: kps[0], resumableSeed: seed)
                   : try Ceremony<G>(parameters: p, index: k, encryptionKeyPair: kps[k - 1])
        }
        // Everything member 1 hears, in order: the log as it would replay it.
        var heard: [CeremonyInput] = []
        var broadcasts: [(from: Int, bytes: [UInt8])] = []
        for k in members.indices { broadcasts += try members[k].start().encodedBroadcasts.map { (k + 1, $0) } }
        let ownDealing = broadcasts.filter { $0.from == 1 }.map(\.bytes)

        var results: [Int: DKGResult<G>] = [:]
        var crashed = false
        for phase in Phase.allCases where results.count < n {
            var next: [(from: Int, bytes: [UInt8])] = []
            for k in members.indices where results[k + 1] == nil {
                var inputs = broadcasts.map { CeremonyInput.message(from: $0.from, bytes: $0.bytes) }
                inputs.append(.deadline(phase))
                for input in inputs {
                    let out: CeremonyOutput<G>
                    do { out = try members[k].handle(input) } catch { continue } // e.g. the ceremony is over
                    if k == 0 { heard.append(input) }
                    if case .deadline = input { next += out.encodedBroadcasts.map { (k + 1, $0) } }
                    if let r = out.result { results[k + 1] = r }
                }
            }
            broadcasts = next
            if phase == .dealing && !crashed {
                // Member 1 "crashes" after the dealing phase closed: rebuild it from the seed
                // and replay what it had heard. Its dealing comes out the same.
                crashed = true
                var rebuilt = try Ceremony<G>(parameters: p, index: 1, encryptionKeyPair: kps[0], resumableSeed: seed)
                #expect(try rebuilt.start().encodedBroadcasts == ownDealing)
                for input in heard { _ = try? rebuilt.handle(input) }
                #expect(rebuilt.phase == members[0].phase)
                members[0] = rebuilt
            }
        }
        #expect(results.count == n)
        let outputs = results.values.map(\.publicOutput)
        #expect(Set(outputs.map(\.transcriptHash)).count == 1)
        let shares = (1...n).map { results[$0]!.share }
        try checkKeyInvariants(outputs[0], shares: shares, t: t)
        #expect(throws: DKGParameterError.invalidSeed(length: 16)) {
            try Ceremony<G>(parameters: p, index: 1, encryptionKeyPair: kps[0], resumableSeed: SecretBytes.random(count: 16))
        }
    }
}
