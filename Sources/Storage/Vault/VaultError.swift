import Primitives

/// Why the share vault refused an operation. Each case is stable for callers and tests; none
/// carries secret material.
public enum VaultError: Error, Equatable, Sendable {
    /// A file operation failed.
    case io(IOError)
    /// The passphrase file is readable or writable by group or others (`mode` shows the bits):
    /// the node refuses to start rather than trust a passphrase others may have read.
    case passphraseFilePermissions(path: String, mode: UInt32)
    /// The passphrase file or environment variable is absent.
    case passphraseUnavailable(String)
    /// The passphrase is empty.
    case emptyPassphrase
    /// `vault/VAULT` is missing, malformed, or of an unknown version.
    case notAVault(String)
    /// `create` found an existing vault.
    case alreadyExists(String)
    /// The passphrase does not open this vault (its check value fails to authenticate).
    case wrongPassphrase
    /// A share file failed authentication: tampered with, truncated, or sealed under another key.
    case authenticationFailed(keyID: String, epoch: UInt64)
    /// A share file's header names another key or epoch than its file name (a file swapped in
    /// under the wrong name).
    case headerMismatch(keyID: String, epoch: UInt64)
    /// No share for this key and epoch.
    case shareNotFound(keyID: String, epoch: UInt64)
    /// A share for this key and epoch is already sealed (shares are never overwritten).
    case shareExists(keyID: String, epoch: UInt64)
    /// No ceremony seed for this key (``Vault/unsealCeremonySeed(keyID:)``).
    case seedNotFound(keyID: String)
    /// A ceremony seed for this key is already sealed (never overwritten).
    case seedExists(keyID: String)
    /// A ceremony seed file failed authentication (tampered, or another vault's).
    case seedAuthenticationFailed(keyID: String)
    /// No threshold-ECDSA aux-info record for this key (``Vault/unsealAuxInfo(keyID:)``).
    case auxInfoNotFound(keyID: String)
    /// An aux-info file failed authentication (tampered, or another vault's).
    case auxInfoAuthenticationFailed(keyID: String)
    /// The key id is not 1…64 of `[A-Za-z0-9._-]`.
    case invalidKeyID(String)
    /// A cryptographic primitive failed (not an authentication failure).
    case primitive(PrimitivesError)
}
