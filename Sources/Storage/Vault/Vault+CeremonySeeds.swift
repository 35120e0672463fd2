import Primitives

/// Ceremony seeds: the secret that lets a committee member resume a key ceremony after a
/// restart (docs/operations.md, "Restarting a member during a ceremony").
///
/// A member draws its ceremony secrets (polynomials, sealed-box and proof randomness) from a
/// 32-byte seed of the CSPRNG, and seals the seed here *before* its dealing reaches the log.
/// After a restart it re-derives the same secrets, replays the logged ceremony and goes on. The
/// seed is removed once the ceremony ends (the share itself is then sealed as a share file).
///
/// File `<key id>.seed`: `header ‖ nonce:24 ‖ ciphertext ‖ tag:16`, header =
/// `magic "TSIGSED\0" ‖ version:u8 = 1 ‖ keyIDLength:u16 ‖ keyID`, the AEAD's associated data
/// (a seed file renamed to another key fails to open). Written atomically, mode 0600.
extension Vault {
    static let seedMagic: [UInt8] = Array("TSIGSED".utf8) + [0]

    /// Seals the ceremony seed of `keyID`. Never overwrites one.
    public func sealCeremonySeed(keyID: String, seed: SecretBytes) throws(VaultError) {
        let path = try seedPath(keyID: keyID)
        guard !AtomicFile.exists(path) else { throw .seedExists(keyID: keyID) }
        try sealRecord(seed, header: Self.seedHeader(keyID: keyID), to: path)
    }

    /// Opens the ceremony seed of `keyID` into locked memory.
    public func unsealCeremonySeed(keyID: String) throws(VaultError) -> SecretBytes {
        try openKeyRecord(at: try seedPath(keyID: keyID), header: Self.seedHeader(keyID: keyID),
                          notFound: .seedNotFound(keyID: keyID), unauthentic: .seedAuthenticationFailed(keyID: keyID))
    }

    /// Removes the ceremony seed of `keyID` (absent is fine), durably (directory fsync).
    public func removeCeremonySeed(keyID: String) throws(VaultError) {
        let path = try seedPath(keyID: keyID)
        do {
            try Directory.unlink(path)
            try Directory.sync(directory)
        } catch let e as IOError { throw .io(e) } catch { throw .io(IOError(operation: "unlink", path: path, code: 5)) }
    }

    /// Key ids that have a ceremony seed, sorted.
    public func ceremonySeeds() throws(VaultError) -> [String] {
        let names: [String]
        do { names = try Directory.list(directory) } catch let e as IOError { throw .io(e) } catch {
            throw .io(IOError(operation: "opendir", path: directory, code: 5))
        }
        return names.compactMap { name -> String? in
            guard name.hasSuffix(".seed") else { return nil }
            let keyID = String(name.dropLast(".seed".count))
            return Self.isValidKeyID(keyID) ? keyID : nil
        }.sorted()
    }

    func seedPath(keyID: String) throws(VaultError) -> String {
        guard Self.isValidKeyID(keyID) else { throw .invalidKeyID(keyID) }
        return Self.join(directory, "\(keyID).seed")
    }

    static func seedHeader(keyID: String) -> [UInt8] { keyHeader(magic: seedMagic, keyID: keyID) }

    /// `magic ‖ version:u8 ‖ keyIDLength:u16 ‖ keyID`: the header (and AEAD associated data) of
    /// the per-key sealed files other than shares.
    static func keyHeader(magic: [UInt8], keyID: String) -> [UInt8] {
        let id = Array(keyID.utf8)
        return magic + [version, UInt8(id.count >> 8), UInt8(id.count & 0xff)] + id
    }
}
