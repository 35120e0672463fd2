import CSodium

/// X25519 (RFC 7748) key agreement and anonymous sealed boxes (libsodium
/// `crypto_box_seal`: ephemeral X25519 + XSalsa20-Poly1305), used to encrypt DKG
/// shares to a recipient over a broadcast channel.
public enum X25519 {
    public static let keyLength = 32
    /// Bytes a sealed box adds to its plaintext (ephemeral public key + tag).
    public static var sealOverhead: Int { Int(crypto_box_sealbytes()) }

    /// A key pair: the secret scalar in locked memory, the public key in the clear.
    public struct KeyPair: Sendable {
        public let secretKey: SecretBytes
        public let publicKey: [UInt8]

        /// A fresh key pair from the OS CSPRNG.
        public static func generate() -> KeyPair {
            Sodium.ensureInitialized()
            // A 32-byte secret is always accepted: X25519 clamps it.
            return try! KeyPair(secretKey: SecretBytes.random(count: keyLength))
        }

        /// The key pair of an existing 32-byte secret.
        public init(secretKey: SecretBytes) throws(PrimitivesError) {
            guard secretKey.count == keyLength else { throw .invalidLength(expected: keyLength, actual: secretKey.count) }
            Sodium.ensureInitialized()
            var pk = [UInt8](repeating: 0, count: keyLength)
            let rc = secretKey.withNonNullPointer { s, _ in
                withNonNullMutableBytes(&pk) { p, _ in crypto_scalarmult_base(p, s) }
            }
            guard rc == 0 else { throw .libraryFailure("crypto_scalarmult_base") }
            self.secretKey = secretKey
            self.publicKey = pk
        }
    }

    /// The raw shared secret. Refuses low-order public keys (all-zero output).
    public static func sharedSecret(secretKey: SecretBytes, publicKey: [UInt8]) throws(PrimitivesError) -> SecretBytes {
        guard secretKey.count == keyLength else { throw .invalidLength(expected: keyLength, actual: secretKey.count) }
        guard publicKey.count == keyLength else { throw .invalidLength(expected: keyLength, actual: publicKey.count) }
        Sodium.ensureInitialized()
        let out = SecretBytes(zeroedCount: keyLength)
        let rc = secretKey.withNonNullPointer { s, _ in
            withNonNullBytes(publicKey) { p, _ in
                out.withNonNullPointer { o, _ in crypto_scalarmult(o, s, p) }
            }
        }
        guard rc == 0 else { throw .invalidPublicKey }
        return out
    }

    /// Encrypts `plaintext` to `recipientPublicKey` (anonymous sender); adds ``sealOverhead`` bytes.
    public static func seal(_ plaintext: [UInt8], to recipientPublicKey: [UInt8]) throws(PrimitivesError) -> [UInt8] {
        try seal(SecretBytes(copying: plaintext), to: recipientPublicKey)
    }

    /// Encrypts a secret to a recipient without copying it out of locked memory first.
    public static func seal(_ secret: SecretBytes, to recipientPublicKey: [UInt8]) throws(PrimitivesError) -> [UInt8] {
        guard recipientPublicKey.count == keyLength else {
            throw .invalidLength(expected: keyLength, actual: recipientPublicKey.count)
        }
        Sodium.ensureInitialized()
        var out = [UInt8](repeating: 0, count: secret.count + sealOverhead)
        let rc = secret.withNonNullPointer { p, pLen in
            withNonNullBytes(recipientPublicKey) { k, _ in
                withNonNullMutableBytes(&out) { o, _ in crypto_box_seal(o, p, UInt64(pLen), k) }
            }
        }
        guard rc == 0 else { throw .invalidPublicKey }
        return out
    }

    /// A sealed box whose ephemeral key is `ephemeralSecret` instead of a fresh random one,
    /// byte-identical to what `crypto_box_seal` produces with that ephemeral key (ephemeral
    /// public key ‖ `crypto_box_easy` with nonce = BLAKE2b-192(epk ‖ pk)), so that
    /// ``open(_:with:)`` and libsodium open it. **Only for reproducible test vectors**:
    /// reusing an ephemeral secret for two messages to the same recipient breaks
    /// confidentiality, so protocol code must call ``seal(_:to:)``.
    public static func sealDeterministically(_ secret: SecretBytes, to recipientPublicKey: [UInt8],
                                             ephemeralSecret: SecretBytes) throws(PrimitivesError) -> [UInt8] {
        guard recipientPublicKey.count == keyLength else {
            throw .invalidLength(expected: keyLength, actual: recipientPublicKey.count)
        }
        let ephemeral = try KeyPair(secretKey: ephemeralSecret)
        var nonce = [UInt8](repeating: 0, count: Int(crypto_box_noncebytes()))
        let input = ephemeral.publicKey + recipientPublicKey
        let hashed = withNonNullMutableBytes(&nonce) { n, nLen in
            withNonNullBytes(input) { i, iLen in crypto_generichash(n, nLen, i, UInt64(iLen), nil, 0) }
        }
        guard hashed == 0 else { throw .libraryFailure("crypto_generichash") }
        var box = [UInt8](repeating: 0, count: secret.count + Int(crypto_box_macbytes()))
        let rc = secret.withNonNullPointer { m, mLen in
            withNonNullMutableBytes(&box) { c, _ in
                withNonNullBytes(nonce) { n, _ in
                    withNonNullBytes(recipientPublicKey) { pk, _ in
                        ephemeral.secretKey.withNonNullPointer { esk, _ in crypto_box_easy(c, m, UInt64(mLen), n, pk, esk) }
                    }
                }
            }
        }
        guard rc == 0 else { throw .invalidPublicKey }
        return ephemeral.publicKey + box
    }

    /// Opens a sealed box into locked memory; tampering or the wrong key → `.authenticationFailed`.
    public static func open(_ sealed: [UInt8], with keyPair: KeyPair) throws(PrimitivesError) -> SecretBytes {
        guard sealed.count >= sealOverhead else { throw .authenticationFailed }
        Sodium.ensureInitialized()
        let out = SecretBytes(zeroedCount: sealed.count - sealOverhead)
        let rc = withNonNullBytes(sealed) { c, cLen in
            withNonNullBytes(keyPair.publicKey) { pk, _ in
                keyPair.secretKey.withNonNullPointer { sk, _ in
                    out.withNonNullPointer { o, _ in crypto_box_seal_open(o, c, UInt64(cLen), pk, sk) }
                }
            }
        }
        guard rc == 0 else { throw .authenticationFailed }
        return out
    }
}
