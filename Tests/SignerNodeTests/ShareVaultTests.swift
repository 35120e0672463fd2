import DKG
import Foundation
import Primitives
@testable import SignerNode
import Sharing
import Storage
import Testing

@Suite struct ShareVaultTests {
    @Test func sealedSharesComeBackCheckedAgainstTheLog() throws {
        let fx = SessionFixture()
        var log = SimulatedLog(fx)
        log.submit(.genesis(members: fx.nodes.map(\.logged), idempotencyTTLMillis: 1_000))
        log.submit(fx.ceremonyStart("vaulted", t: 2, n: 3, phaseMillis: 10_000))
        log.submit(fx.ceremonyStart("other", t: 2, n: 3, phaseMillis: 10_000))
        let key = try #require(log.states[0].keys[KeyID("vaulted")!])
        let other = try #require(log.states[0].keys[KeyID("other")!])
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("thresig-sharevault-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let vault = ShareVault(vault: try Vault.create(directory: dir, passphrase: SecretBytes(copying: [1, 2, 3]), cost: .minimum))
        // The member on both committees.
        let k = try #require((0..<4).first { key.spec.index(of: fx.nodes[$0].id) != nil && other.spec.index(of: fx.nodes[$0].id) != nil })
        let share = try #require(log.completed[k]?.first { $0.keyID == KeyID("vaulted")! }).result.share
        try vault.seal(share, keyID: KeyID("vaulted")!)
        let back = try vault.unseal(keyID: KeyID("vaulted")!, epoch: 0, key: key)
        #expect(back.index == share.index && back.secret.constantTimeEquals(share.secret))
        // The same share presented as the other key's: its share public key differs.
        try vault.seal(share, keyID: KeyID("other")!)
        #expect(throws: ShareVaultError.shareKeyMismatch(keyID: "other")) { try vault.unseal(keyID: KeyID("other")!, epoch: 0, key: other) }
        // A tampered file: authentication fails, nothing is returned.
        let path = dir + "/vaulted.0.share"
        var bytes = try AtomicFile.read(path)
        bytes[bytes.count - 20] ^= 0x80
        try AtomicFile.write(bytes, to: path)
        #expect(throws: ShareVaultError.vault(.authenticationFailed(keyID: "vaulted", epoch: 0))) {
            try vault.unseal(keyID: KeyID("vaulted")!, epoch: 0, key: key)
        }
    }
}
