import DKG
import Primitives
import Sharing
import Storage
import ThresholdECDSA

/// Why a share could not be restored from the vault.
public enum ShareVaultError: Error, Equatable, Sendable {
    /// The vault refused (authentication failure = tampering, missing file, I/O…).
    case vault(VaultError)
    /// The opened plaintext is not a share record of this version.
    case malformedRecord
    /// The share does not match the share public key the log registered for its index (a share
    /// of another key or epoch): the node must not sign with it.
    case shareKeyMismatch(keyID: String)
}

/// Seals and restores a member's DKG shares in the node's `Vault` (issue 6: "each member seals
/// its share into its vault"), and checks a restored share against the log before it is used.
///
/// Plaintext record (inside the vault's AEAD, never on disk in the clear):
/// `version:u8 = 1 ‖ index:u16 ‖ x_j:32` (canonical scalar, big-endian).
public struct ShareVault: Sendable {
    /// The node's vault.
    public let vault: Vault
    static let version: UInt8 = 1

    /// Shares kept in `vault`.
    public init(vault: Vault) { self.vault = vault }

    /// Seals `share` of `keyID` under its epoch (a BLS12-381 or a secp256k1 share: the record
    /// is the same, the key's scheme says which group reads it back).
    public func seal<G: PrimeOrderGroup>(_ share: KeyShare<G>, keyID: KeyID) throws(ShareVaultError) {
        let scalarLength = G.Scalar.byteLength
        let record = SecretBytes(zeroedCount: 3 + scalarLength)
        record.withUnsafeMutableBytes { out in
            out[0] = Self.version
            out[1] = UInt8(share.index >> 8)
            out[2] = UInt8(share.index & 0xff)
            share.secret.withUnsafeBytes { x in
                for i in 0..<scalarLength { out[3 + i] = x[i] }
            }
        }
        do { try vault.seal(keyID: keyID.rawValue, epoch: share.epoch, share: record) } catch { throw .vault(error) }
    }

    /// Opens the BLS12-381 share of `keyID` at `epoch` (``unseal(_:keyID:epoch:key:)``).
    public func unseal(keyID: KeyID, epoch: UInt64, key: KeyRecord) throws(ShareVaultError) -> KeyShare<BLS12381G1Group> {
        try unseal(BLS12381G1Group.self, keyID: keyID, epoch: epoch, key: key)
    }

    /// Opens the share of `keyID` at `epoch` in group `G` and checks it against `key`'s
    /// registered share public key: `G^{x_j}` must equal `sharePublicKeys[j − 1]`.
    public func unseal<G: PrimeOrderGroup>(_: G.Type, keyID: KeyID, epoch: UInt64, key: KeyRecord) throws(ShareVaultError) -> KeyShare<G> {
        let record: SecretBytes
        do { record = try vault.unseal(keyID: keyID.rawValue, epoch: epoch) } catch { throw .vault(error) }
        let scalarLength = G.Scalar.byteLength
        guard record.count == 3 + scalarLength else { throw .malformedRecord }
        let secret = SecretBytes(zeroedCount: scalarLength)
        let (version, index) = record.withUnsafeBytes { raw in
            secret.withUnsafeMutableBytes { out in for i in 0..<scalarLength { out[i] = raw[3 + i] } }
            return (raw[0], Int(raw[1]) << 8 | Int(raw[2]))
        }
        guard version == Self.version else { throw .malformedRecord }
        let share: KeyShare<G>
        do { share = try KeyShare(epoch: epoch, index: index, secret: secret) } catch { throw .malformedRecord }
        guard index >= 1, index <= key.n, key.output.epoch == epoch, key.output.sharePublicKeys.count == key.n,
              G.encode(G.multiplyGeneratorSecret(share.value)) == key.output.sharePublicKeys[index - 1]
        else { throw .shareKeyMismatch(keyID: keyID.rawValue) }
        return share
    }

    // MARK: Threshold-ECDSA aux info (Vault+AuxInfo)

    /// Seals the aux info of `keyID` (its Paillier key and every party's public aux info).
    public func sealAuxInfo(_ aux: AuxInfo, keyID: KeyID) throws(ShareVaultError) {
        do { try vault.sealAuxInfo(keyID: keyID.rawValue, record: aux.sealingRecord()) } catch { throw .vault(error) }
    }

    /// Whether `keyID` has sealed aux info.
    public func hasAuxInfo(keyID: KeyID) -> Bool { vault.hasAuxInfo(keyID: keyID.rawValue) }

    /// Opens the aux info of `keyID`; `minimumBits` is the smallest Paillier modulus accepted.
    public func unsealAuxInfo(keyID: KeyID, minimumBits: Int) throws(ShareVaultError) -> AuxInfo {
        let record: SecretBytes
        do { record = try vault.unsealAuxInfo(keyID: keyID.rawValue) } catch { throw .vault(error) }
        do { return try AuxInfo(sealingRecord: record, minimumBits: minimumBits) } catch { throw .malformedRecord }
    }

    // MARK: Ceremony seeds (Vault+CeremonySeeds)

    /// Seals the seed of this member's side of the ceremony of `keyID`.
    public func sealCeremonySeed(_ seed: SecretBytes, keyID: KeyID) throws(ShareVaultError) {
        do { try vault.sealCeremonySeed(keyID: keyID.rawValue, seed: seed) } catch { throw .vault(error) }
    }

    /// Every sealed ceremony seed, by key (a seed that fails to open is reported, not returned).
    public func ceremonySeeds() -> (seeds: [(keyID: KeyID, seed: SecretBytes)], failures: [(String, VaultError)]) {
        var seeds: [(keyID: KeyID, seed: SecretBytes)] = [], failures: [(String, VaultError)] = []
        let names: [String]
        do { names = try vault.ceremonySeeds() } catch { return ([], [("*", error)]) }
        for name in names {
            guard let keyID = KeyID(name) else { continue }
            do { seeds.append((keyID, try vault.unsealCeremonySeed(keyID: name))) } catch { failures.append((name, error)) }
        }
        return (seeds, failures)
    }

    /// Key ids with a sealed ceremony seed (names only; nothing is opened).
    public func ceremonySeedKeyIDs() throws(ShareVaultError) -> [KeyID] {
        do { return try vault.ceremonySeeds().compactMap(KeyID.init) } catch { throw .vault(error) }
    }

    /// Removes the ceremony seed of `keyID` (absent is fine).
    public func removeCeremonySeed(keyID: KeyID) throws(ShareVaultError) {
        do { try vault.removeCeremonySeed(keyID: keyID.rawValue) } catch { throw .vault(error) }
    }
}
