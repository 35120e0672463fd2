import Primitives

/// Threshold-ECDSA auxiliary secrets: a member's Paillier key together with every party's
/// public aux info (CGGMP21 aux-info's output), so that an `ecdsa-secp256k1` key survives a
/// restart of its members (docs/protocols/cggmp21.md, "In the node"). Presignatures are never
/// sealed: a restart or restore must never bring an unused one back.
///
/// File `<key id>.aux`: `header ‖ nonce:24 ‖ ciphertext ‖ tag:16`, header =
/// `magic "TSIGAUX\0" ‖ version:u8 = 1 ‖ keyIDLength:u16 ‖ keyID`, the AEAD's associated data
/// (a file renamed to another key fails to open). Written atomically (temp file, fsync, rename),
/// mode 0600; a later aux-info attempt that completes replaces it (an earlier attempt's record
/// was never used: a key presigns only with the run the log completed).
extension Vault {
    static let auxMagic: [UInt8] = Array("TSIGAUX".utf8) + [0]

    /// Seals the aux-info record of `keyID` (its encoding is the caller's), replacing an
    /// earlier attempt's atomically.
    public func sealAuxInfo(keyID: String, record: SecretBytes) throws(VaultError) {
        try sealRecord(record, header: Self.auxHeader(keyID: keyID), to: try auxPath(keyID: keyID), replace: true)
    }

    /// Opens the aux-info record of `keyID` into locked memory.
    public func unsealAuxInfo(keyID: String) throws(VaultError) -> SecretBytes {
        try openKeyRecord(at: try auxPath(keyID: keyID), header: Self.auxHeader(keyID: keyID),
                          notFound: .auxInfoNotFound(keyID: keyID), unauthentic: .auxInfoAuthenticationFailed(keyID: keyID))
    }

    /// Whether `keyID` has a sealed aux-info record.
    public func hasAuxInfo(keyID: String) -> Bool {
        guard let path = try? auxPath(keyID: keyID) else { return false }
        return AtomicFile.exists(path)
    }

    func auxPath(keyID: String) throws(VaultError) -> String {
        guard Self.isValidKeyID(keyID) else { throw .invalidKeyID(keyID) }
        return Self.join(directory, "\(keyID).aux")
    }

    static func auxHeader(keyID: String) -> [UInt8] { keyHeader(magic: auxMagic, keyID: keyID) }
}
