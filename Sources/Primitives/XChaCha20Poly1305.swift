import CSodium

/// XChaCha20-Poly1305 AEAD (draft-irtf-cfrg-xchacha, libsodium's IETF construction):
/// 32-byte key, 24-byte nonce, 16-byte tag appended to the ciphertext.
public enum XChaCha20Poly1305 {
    public static let keyLength = 32
    public static let nonceLength = 24
    public static let tagLength = 16

    /// Encrypts; returns ciphertext ‖ tag.
    public static func seal(key: SecretBytes, nonce: [UInt8], plaintext: [UInt8], associatedData: [UInt8] = [])
        throws(PrimitivesError) -> [UInt8]
    {
        try checkLengths(key: key.count, nonce: nonce.count)
        Sodium.ensureInitialized()
        var out = [UInt8](repeating: 0, count: plaintext.count + tagLength)
        var outLen: UInt64 = 0
        let rc = key.withNonNullPointer { k, _ in
            withNonNullBytes(nonce) { n, _ in
                withNonNullBytes(plaintext) { p, pLen in
                    withNonNullBytes(associatedData) { a, aLen in
                        withNonNullMutableBytes(&out) { o, _ in
                            crypto_aead_xchacha20poly1305_ietf_encrypt(
                                o, &outLen, p, UInt64(pLen), a, UInt64(aLen), nil, n, k)
                        }
                    }
                }
            }
        }
        guard rc == 0, Int(outLen) == out.count else { throw .libraryFailure("xchacha20poly1305 encrypt") }
        return out
    }

    /// Encrypts with a fresh random nonce; returns nonce ‖ ciphertext ‖ tag.
    public static func sealWithRandomNonce(key: SecretBytes, plaintext: [UInt8], associatedData: [UInt8] = [])
        throws(PrimitivesError) -> [UInt8]
    {
        let nonce = SecureRandom.bytes(nonceLength)
        return try nonce + seal(key: key, nonce: nonce, plaintext: plaintext, associatedData: associatedData)
    }

    /// Decrypts ciphertext ‖ tag into locked memory. Any tampering → `.authenticationFailed`.
    public static func open(key: SecretBytes, nonce: [UInt8], ciphertextAndTag: [UInt8], associatedData: [UInt8] = [])
        throws(PrimitivesError) -> SecretBytes
    {
        try checkLengths(key: key.count, nonce: nonce.count)
        guard ciphertextAndTag.count >= tagLength else { throw .authenticationFailed }
        Sodium.ensureInitialized()
        let out = SecretBytes(zeroedCount: ciphertextAndTag.count - tagLength)
        var outLen: UInt64 = 0
        let rc = key.withNonNullPointer { k, _ in
            withNonNullBytes(nonce) { n, _ in
                withNonNullBytes(ciphertextAndTag) { c, cLen in
                    withNonNullBytes(associatedData) { a, aLen in
                        out.withNonNullPointer { o, _ in
                            crypto_aead_xchacha20poly1305_ietf_decrypt(
                                o, &outLen, nil, c, UInt64(cLen), a, UInt64(aLen), n, k)
                        }
                    }
                }
            }
        }
        guard rc == 0 else { throw .authenticationFailed }
        return out
    }

    /// Opens nonce ‖ ciphertext ‖ tag as written by ``sealWithRandomNonce(key:plaintext:associatedData:)``.
    public static func openWithPrefixedNonce(key: SecretBytes, sealed: [UInt8], associatedData: [UInt8] = [])
        throws(PrimitivesError) -> SecretBytes
    {
        guard sealed.count >= nonceLength + tagLength else { throw .authenticationFailed }
        return try open(key: key, nonce: Array(sealed[..<nonceLength]),
                        ciphertextAndTag: Array(sealed[nonceLength...]), associatedData: associatedData)
    }

    private static func checkLengths(key: Int, nonce: Int) throws(PrimitivesError) {
        guard key == keyLength else { throw .invalidLength(expected: keyLength, actual: key) }
        guard nonce == nonceLength else { throw .invalidLength(expected: nonceLength, actual: nonce) }
    }
}
