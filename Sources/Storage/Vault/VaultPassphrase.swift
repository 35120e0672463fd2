import Foundation
import Primitives

/// Where the vault passphrase comes from (DESIGN.md, "Storage": an Argon2id passphrase or a key
/// file), loaded into locked memory.
public enum VaultPassphrase {
    /// Reads the passphrase from `path`. Refuses a file with any group or other permission bit
    /// (`mode & 0o077 ≠ 0`), as ssh does for private keys. One trailing newline is dropped
    /// (editors add one).
    public static func load(file path: String) throws(VaultError) -> SecretBytes {
        guard AtomicFile.exists(path) else { throw .passphraseUnavailable(path) }
        let mode: UInt32
        do { mode = try AtomicFile.permissions(path) } catch { throw .io(error) }
        guard mode & 0o077 == 0 else { throw .passphraseFilePermissions(path: path, mode: mode) }
        var bytes: [UInt8]
        do { bytes = try AtomicFile.read(path) } catch { throw .io(error) }
        return try finish(&bytes)
    }

    /// Reads the passphrase from the environment variable `name`.
    public static func load(environment name: String) throws(VaultError) -> SecretBytes {
        guard let value = ProcessInfo.processInfo.environment[name] else { throw .passphraseUnavailable("$" + name) }
        var bytes = Array(value.utf8)
        return try finish(&bytes)
    }

    static func finish(_ bytes: inout [UInt8]) throws(VaultError) -> SecretBytes {
        if bytes.last == 0x0A { bytes.removeLast() }
        if bytes.last == 0x0D { bytes.removeLast() }
        guard !bytes.isEmpty else { throw .emptyPassphrase }
        return SecretBytes(consuming: &bytes)
    }
}
