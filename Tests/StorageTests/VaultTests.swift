import Foundation
import Primitives
import Testing
@testable import Storage

@Suite struct VaultTests {
    /// The cheapest Argon2id cost: these tests check the vault's logic, not the KDF's strength.
    let cost = Argon2id.Cost.minimum
    let passphrase = SecretBytes(copying: Array("correct horse battery staple".utf8))

    func withVault(_ body: (Vault, String) throws -> Void) throws {
        try withTemporaryDirectory { dir in
            let vaultDir = dir + "/vault"
            try body(try Vault.create(directory: vaultDir, passphrase: passphrase, cost: cost), vaultDir)
        }
    }

    @Test func sealUnsealRoundTripAndReopen() throws {
        try withVault { vault, dir in
            let share = SecretBytes(copying: (0..<32).map { UInt8($0) })
            try vault.seal(keyID: "k-1", epoch: 0, share: share)
            try vault.seal(keyID: "k-1", epoch: 1, share: SecretBytes(copying: [9, 9]))
            #expect(try vault.unseal(keyID: "k-1", epoch: 0).constantTimeEquals(share))
            let reopened = try Vault.open(directory: dir, passphrase: passphrase)
            #expect(try reopened.unseal(keyID: "k-1", epoch: 1).unsafeCopyToArray() == [9, 9])
            #expect(try reopened.shares().map { "\($0.keyID)/\($0.epoch)" } == ["k-1/0", "k-1/1"])
            // Nothing secret in the clear, and the file is private.
            let file = try readBytes(dir + "/k-1.0.share")
            #expect(!Data(file).contains(Data((0..<32).map { UInt8($0) })))
            #expect(try AtomicFile.permissions(dir + "/k-1.0.share") == 0o600)
            #expect(try AtomicFile.permissions(dir + "/VAULT") == 0o600)
        }
    }

    @Test func refusals() throws {
        try withVault { vault, dir in
            try vault.seal(keyID: "k", epoch: 3, share: SecretBytes(copying: [1]))
            #expect(throws: VaultError.shareExists(keyID: "k", epoch: 3)) { try vault.seal(keyID: "k", epoch: 3, share: SecretBytes(copying: [2])) }
            #expect(throws: VaultError.shareNotFound(keyID: "k", epoch: 4)) { try vault.unseal(keyID: "k", epoch: 4) }
            #expect(throws: VaultError.invalidKeyID("../x")) { try vault.unseal(keyID: "../x", epoch: 0) }
            #expect(throws: VaultError.invalidKeyID("..")) { try vault.seal(keyID: "..", epoch: 0, share: SecretBytes(copying: [1])) }
            #expect(throws: VaultError.wrongPassphrase) { try Vault.open(directory: dir, passphrase: SecretBytes(copying: [0x41])) }
            #expect(throws: VaultError.alreadyExists(dir + "/VAULT")) { try Vault.create(directory: dir, passphrase: passphrase, cost: cost) }
            #expect(throws: VaultError.notAVault(dir + "/none/VAULT")) { try Vault.open(directory: dir + "/none", passphrase: passphrase) }
        }
    }

    @Test func tamperingIsDetected() throws {
        try withVault { vault, dir in
            try vault.seal(keyID: "k", epoch: 0, share: SecretBytes(copying: Array(repeating: 7, count: 32)))
            let path = dir + "/k.0.share"
            let good = try readBytes(path)
            // Every byte after the header, flipped one at a time (nonce, ciphertext, tag).
            let header = Vault.shareHeader(keyID: "k", epoch: 0).count
            for i in stride(from: header, to: good.count, by: 5) {
                var bad = good
                bad[i] ^= 0x01
                try writeBytes(path, bad)
                #expect(throws: VaultError.authenticationFailed(keyID: "k", epoch: 0)) { try vault.unseal(keyID: "k", epoch: 0) }
            }
            try writeBytes(path, Array(good.prefix(good.count - 1)))
            #expect(throws: VaultError.authenticationFailed(keyID: "k", epoch: 0)) { try vault.unseal(keyID: "k", epoch: 0) }
            // A valid share file moved under another epoch's name: the header says otherwise.
            try writeBytes(path, good)
            try writeBytes(dir + "/k.1.share", good)
            #expect(throws: VaultError.headerMismatch(keyID: "k", epoch: 1)) { try vault.unseal(keyID: "k", epoch: 1) }
            // Header edited to match the new name: the associated data no longer authenticates.
            var edited = good
            edited[header - 1] = 1
            try writeBytes(dir + "/k.1.share", edited)
            #expect(throws: VaultError.authenticationFailed(keyID: "k", epoch: 1)) { try vault.unseal(keyID: "k", epoch: 1) }
            // A share sealed by another vault (another key) does not open here.
            let other = try Vault.create(directory: dir + "/other", passphrase: passphrase, cost: cost)
            try other.seal(keyID: "z", epoch: 0, share: SecretBytes(copying: [1]))
            try writeBytes(dir + "/z.0.share", try readBytes(dir + "/other/z.0.share"))
            #expect(throws: VaultError.authenticationFailed(keyID: "z", epoch: 0)) { try vault.unseal(keyID: "z", epoch: 0) }
        }
    }

    /// Threshold-ECDSA aux info (Vault+AuxInfo): sealed once, private, bound to its key id.
    @Test func auxInfoRecords() throws {
        try withVault { vault, dir in
            let record = SecretBytes(copying: Array(repeating: 0x5a, count: 700))
            #expect(!vault.hasAuxInfo(keyID: "w"))
            #expect(throws: VaultError.auxInfoNotFound(keyID: "w")) { try vault.unsealAuxInfo(keyID: "w") }
            try vault.sealAuxInfo(keyID: "w", record: record)
            #expect(vault.hasAuxInfo(keyID: "w"))
            #expect(try vault.unsealAuxInfo(keyID: "w").constantTimeEquals(record))
            #expect(try Vault.open(directory: dir, passphrase: passphrase).unsealAuxInfo(keyID: "w").constantTimeEquals(record))
            // A later attempt's record replaces it.
            let later = SecretBytes(copying: Array(repeating: 0x3c, count: 650))
            try vault.sealAuxInfo(keyID: "w", record: later)
            #expect(try vault.unsealAuxInfo(keyID: "w").constantTimeEquals(later))
            #expect(try AtomicFile.permissions(dir + "/w.aux") == 0o600)
            #expect(!Data(try readBytes(dir + "/w.aux")).contains(Data(Array(repeating: 0x5a, count: 64))))
            #expect(throws: VaultError.invalidKeyID("../w")) { try vault.sealAuxInfo(keyID: "../w", record: record) }
            // Renamed to another key: its header (the AEAD's associated data) names "w".
            try writeBytes(dir + "/v.aux", try readBytes(dir + "/w.aux"))
            #expect(throws: VaultError.auxInfoAuthenticationFailed(keyID: "v")) { try vault.unsealAuxInfo(keyID: "v") }
            // A flipped ciphertext bit.
            var bad = try readBytes(dir + "/w.aux")
            bad[bad.count - 30] ^= 0x04
            try writeBytes(dir + "/w.aux", bad)
            #expect(throws: VaultError.auxInfoAuthenticationFailed(keyID: "w")) { try vault.unsealAuxInfo(keyID: "w") }
            // Neither a share nor a ceremony seed.
            #expect(try vault.shares().isEmpty)
            #expect(try vault.ceremonySeeds().isEmpty)
        }
    }

    @Test func passphraseFileMustBePrivate() throws {
        try withTemporaryDirectory { dir in
            let path = dir + "/passphrase"
            try AtomicFile.write(Array("secret\n".utf8), to: path, mode: 0o600)
            #expect(try VaultPassphrase.load(file: path).unsafeCopyToArray() == Array("secret".utf8))
            for mode in [0o640, 0o604, 0o660] as [UInt32] {
                chmod(path, mode_t(mode))
                #expect(throws: VaultError.passphraseFilePermissions(path: path, mode: mode)) { try VaultPassphrase.load(file: path) }
            }
            chmod(path, 0o400)
            #expect(try VaultPassphrase.load(file: path).count == 6)
            try AtomicFile.write(Array("\n".utf8), to: dir + "/empty", mode: 0o600)
            #expect(throws: VaultError.emptyPassphrase) { try VaultPassphrase.load(file: dir + "/empty") }
            #expect(throws: VaultError.passphraseUnavailable(dir + "/absent")) { try VaultPassphrase.load(file: dir + "/absent") }
            setenv("THRESIG_TEST_VAULT_PASSPHRASE", "from-env", 1)
            #expect(try VaultPassphrase.load(environment: "THRESIG_TEST_VAULT_PASSPHRASE").unsafeCopyToArray() == Array("from-env".utf8))
            #expect(throws: VaultError.passphraseUnavailable("$THRESIG_TEST_VAULT_PASSPHRASE_ABSENT")) {
                try VaultPassphrase.load(environment: "THRESIG_TEST_VAULT_PASSPHRASE_ABSENT")
            }
        }
    }

    @Test func atomicWriteRefusesToReplaceWhenAsked() throws {
        try withTemporaryDirectory { dir in
            try AtomicFile.write([1], to: dir + "/f", mode: 0o644)
            #expect(try AtomicFile.permissions(dir + "/f") & 0o600 == 0o600)
            #expect(throws: IOError.self) { try AtomicFile.write([2], to: dir + "/f", replace: false) }
            try AtomicFile.write([3], to: dir + "/f")
            #expect(try AtomicFile.read(dir + "/f") == [3])
            #expect(!AtomicFile.exists(dir + "/f.tmp"))
        }
    }
}
