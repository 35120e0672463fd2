import Primitives

/// The encrypted share vault of a node (DESIGN.md, "Storage": `vault/`, one file per key and
/// share epoch, XChaCha20-Poly1305 under a vault key from an Argon2id passphrase; nothing secret
/// is ever written in the clear).
///
/// ## Files (docs/storage.md)
/// - `VAULT`: `magic "TSIGVLT\0" ‖ version:u8 = 1 ‖ opsLimit:u64 ‖ memLimit:u64 ‖ salt:16 ‖
///   check:(24 nonce ‖ 16 tag)` — the Argon2id parameters and salt, and an encryption of the empty
///   string under associated data "thresig/vault-check/v1", which tells a wrong passphrase
///   (`wrongPassphrase`) from a tampered share (`authenticationFailed`).
/// - `<key id>.<epoch>.share`: `header ‖ nonce:24 ‖ ciphertext ‖ tag:16`, header =
///   `magic "TSIGSHR\0" ‖ version:u8 = 1 ‖ keyIDLength:u16 ‖ keyID ‖ epoch:u64`, big-endian.
///   The header is the AEAD's associated data, so a share file renamed to another key or epoch
///   fails (`headerMismatch`, or authentication if the header was edited to match).
///
/// Every file is written atomically with mode 0600 (``AtomicFile``).
public struct Vault: Sendable {
    /// The vault directory.
    public let directory: String
    let key: SecretBytes

    static let vaultMagic: [UInt8] = Array("TSIGVLT".utf8) + [0]
    static let shareMagic: [UInt8] = Array("TSIGSHR".utf8) + [0]
    static let version: UInt8 = 1
    static let checkAD = Array("thresig/vault-check/v1".utf8)
    static let headerFile = "VAULT"

    /// Creates a new vault in `directory` (created 0700 if absent): draws a salt, derives the
    /// vault key, writes `VAULT`. Refuses if a vault is already there.
    public static func create(directory: String, passphrase: SecretBytes,
                              cost: Argon2id.Cost = .moderate) throws(VaultError) -> Vault {
        let path = join(directory, headerFile)
        guard !AtomicFile.exists(path) else { throw .alreadyExists(path) }
        do { try AtomicFile.createDirectory(directory) } catch { throw .io(error) }
        let salt = SecureRandom.bytes(Argon2id.saltLength)
        let key = try derive(passphrase, salt: salt, cost: cost)
        var header = vaultMagic + [version]
        header += bigEndian(cost.opsLimit) + bigEndian(UInt64(cost.memLimitBytes)) + salt
        do { header += try XChaCha20Poly1305.sealWithRandomNonce(key: key, plaintext: [], associatedData: checkAD) } catch {
            throw .primitive(error)
        }
        do { try AtomicFile.write(header, to: path, replace: false) } catch { throw .io(error) }
        return Vault(directory: directory, key: key)
    }

    /// Opens the vault in `directory` with `passphrase`.
    public static func open(directory: String, passphrase: SecretBytes) throws(VaultError) -> Vault {
        let path = join(directory, headerFile)
        guard AtomicFile.exists(path) else { throw .notAVault(path) }
        let bytes: [UInt8]
        do { bytes = try AtomicFile.read(path) } catch { throw .io(error) }
        let fixed = vaultMagic.count + 1 + 8 + 8 + Argon2id.saltLength
        guard bytes.count == fixed + XChaCha20Poly1305.nonceLength + XChaCha20Poly1305.tagLength,
              Array(bytes[0..<vaultMagic.count]) == vaultMagic
        else { throw .notAVault(path) }
        guard bytes[vaultMagic.count] == version else { throw .notAVault(path) }
        var offset = vaultMagic.count + 1
        let ops = readBigEndian(bytes, &offset), mem = readBigEndian(bytes, &offset)
        // Bounds on the stored cost: a forged header must not make the node allocate 2^64 bytes.
        guard ops >= 1, ops <= 1 << 20, mem >= 8192, mem <= 1 << 34 else { throw .notAVault(path) }
        let salt = Array(bytes[offset..<offset + Argon2id.saltLength])
        let key = try derive(passphrase, salt: salt, cost: Argon2id.Cost(opsLimit: ops, memLimitBytes: Int(mem)))
        do {
            _ = try XChaCha20Poly1305.openWithPrefixedNonce(key: key, sealed: Array(bytes[fixed...]), associatedData: checkAD)
        } catch {
            throw .wrongPassphrase
        }
        return Vault(directory: directory, key: key)
    }

    /// Seals `share` for `keyID` at `epoch` into a new file. Never overwrites a share.
    public func seal(keyID: String, epoch: UInt64, share: SecretBytes) throws(VaultError) {
        let path = try sharePath(keyID: keyID, epoch: epoch)
        guard !AtomicFile.exists(path) else { throw .shareExists(keyID: keyID, epoch: epoch) }
        try sealRecord(share, header: Self.shareHeader(keyID: keyID, epoch: epoch), to: path)
    }

    /// Opens the share of `keyID` at `epoch` into locked memory.
    public func unseal(keyID: String, epoch: UInt64) throws(VaultError) -> SecretBytes {
        let path = try sharePath(keyID: keyID, epoch: epoch)
        guard AtomicFile.exists(path) else { throw .shareNotFound(keyID: keyID, epoch: epoch) }
        switch try openRecord(at: path, header: Self.shareHeader(keyID: keyID, epoch: epoch)) {
        case let .opened(plain): return plain
        case .headerMismatch: throw .headerMismatch(keyID: keyID, epoch: epoch)
        case .authenticationFailed: throw .authenticationFailed(keyID: keyID, epoch: epoch)
        }
    }

    /// Writes `header ‖ XChaCha20-Poly1305(plaintext, AD = header)` atomically (0600, never
    /// replacing a file): the one sealed-file format of shares and ceremony seeds.
    func sealRecord(_ plaintext: SecretBytes, header: [UInt8], to path: String, replace: Bool = false) throws(VaultError) {
        let sealed: [UInt8]
        do {
            sealed = try plaintext.withUnsafeBytes { raw throws(PrimitivesError) in
                // libsodium reads the plaintext in place; the array copy below is wiped at once.
                var plain = Array(raw)
                defer { Wipe.bytes(&plain) }
                return try XChaCha20Poly1305.sealWithRandomNonce(key: key, plaintext: plain, associatedData: header)
            }
        } catch {
            throw .primitive(error)
        }
        do { try AtomicFile.write(header + sealed, to: path, replace: replace) } catch { throw .io(error) }
    }

    /// What opening a sealed record found.
    enum OpenedRecord {
        case opened(SecretBytes)
        /// The file's header is not the expected one (renamed to another key or epoch).
        case headerMismatch
        /// The ciphertext or tag fails (tampered, or another vault's key).
        case authenticationFailed
    }

    /// Reads and opens a file written by ``sealRecord(_:header:to:)`` into locked memory.
    func openRecord(at path: String, header: [UInt8]) throws(VaultError) -> OpenedRecord {
        let bytes: [UInt8]
        do { bytes = try AtomicFile.read(path) } catch { throw .io(error) }
        guard bytes.count >= header.count else { return .authenticationFailed }
        guard Array(bytes[0..<header.count]) == header else { return .headerMismatch }
        do {
            return .opened(try XChaCha20Poly1305.openWithPrefixedNonce(key: key, sealed: Array(bytes[header.count...]),
                                                                       associatedData: header))
        } catch {
            return .authenticationFailed
        }
    }

    /// Opens the per-key record at `path` (a ceremony seed, aux info), throwing `notFound` when
    /// it is absent and `unauthentic` when it does not open under `header`.
    func openKeyRecord(at path: String, header: [UInt8], notFound: VaultError, unauthentic: VaultError) throws(VaultError) -> SecretBytes {
        guard AtomicFile.exists(path) else { throw notFound }
        guard case let .opened(record) = try openRecord(at: path, header: header) else { throw unauthentic }
        return record
    }

    /// The (key id, epoch) pairs of the share files present, sorted.
    public func shares() throws(VaultError) -> [(keyID: String, epoch: UInt64)] {
        let names: [String]
        do { names = try Directory.list(directory) } catch let e as IOError { throw .io(e) } catch {
            throw .io(IOError(operation: "opendir", path: directory, code: 5))
        }
        return names.compactMap(Self.parseShareName).sorted { ($0.keyID, $0.epoch) < ($1.keyID, $1.epoch) }
    }

    // MARK: Helpers

    func sharePath(keyID: String, epoch: UInt64) throws(VaultError) -> String {
        guard Self.isValidKeyID(keyID) else { throw .invalidKeyID(keyID) }
        return Self.join(directory, "\(keyID).\(epoch).share")
    }

    static func parseShareName(_ name: String) -> (keyID: String, epoch: UInt64)? {
        guard name.hasSuffix(".share") else { return nil }
        let stem = name.dropLast(".share".count)
        guard let dot = stem.lastIndex(of: "."), let epoch = UInt64(stem[stem.index(after: dot)...]) else { return nil }
        let keyID = String(stem[..<dot])
        return isValidKeyID(keyID) ? (keyID, epoch) : nil
    }

    static func shareHeader(keyID: String, epoch: UInt64) -> [UInt8] {
        let id = Array(keyID.utf8)
        return shareMagic + [version, UInt8(id.count >> 8), UInt8(id.count & 0xff)] + id + bigEndian(epoch)
    }

    /// 1…64 bytes of `[A-Za-z0-9._-]`: safe as a file name, the same rule as `KeyID`.
    static func isValidKeyID(_ s: String) -> Bool {
        let u = Array(s.utf8)
        return (1...64).contains(u.count) && u.allSatisfy { c in
            (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x2E || c == 0x2D || c == 0x5F
        } && s != "." && s != ".."
    }

    static func derive(_ passphrase: SecretBytes, salt: [UInt8], cost: Argon2id.Cost) throws(VaultError) -> SecretBytes {
        do { return try Argon2id.deriveKey(password: passphrase, salt: salt, length: XChaCha20Poly1305.keyLength, cost: cost) } catch {
            throw .primitive(error)
        }
    }

    static func join(_ dir: String, _ name: String) -> String { Directory.join(dir, name) }

    static func bigEndian(_ v: UInt64) -> [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: v >> (56 - 8 * UInt64($0))) } }

    static func readBigEndian(_ b: [UInt8], _ offset: inout Int) -> UInt64 {
        defer { offset += 8 }
        return b[offset..<offset + 8].reduce(0) { $0 << 8 | UInt64($1) }
    }
}
