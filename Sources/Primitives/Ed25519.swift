import CSodium

/// Ed25519 signatures (RFC 8032, libsodium), used for node identities.
public enum Ed25519 {
    public static let publicKeyLength = 32
    public static let signatureLength = 64
    public static let seedLength = 32

    /// A signing key: libsodium's 64-byte secret (seed ‖ public key) kept in locked memory.
    public struct SigningKey: Sendable {
        let secret: SecretBytes
        /// The 32-byte public key.
        public let publicKey: [UInt8]

        /// A fresh key from the OS CSPRNG.
        public static func generate() -> SigningKey {
            try! SigningKey(seed: SecretBytes.random(count: seedLength))
        }

        /// The key determined by a 32-byte seed (RFC 8032's private key).
        public init(seed: SecretBytes) throws(PrimitivesError) {
            guard seed.count == seedLength else { throw .invalidLength(expected: seedLength, actual: seed.count) }
            Sodium.ensureInitialized()
            let sk = SecretBytes(zeroedCount: Int(crypto_sign_SECRETKEYBYTES))
            var pk = [UInt8](repeating: 0, count: publicKeyLength)
            let rc = seed.withNonNullPointer { s, _ in
                sk.withNonNullPointer { k, _ in
                    withNonNullMutableBytes(&pk) { p, _ in crypto_sign_seed_keypair(p, k, s) }
                }
            }
            guard rc == 0 else { throw .libraryFailure("crypto_sign_seed_keypair") }
            self.secret = sk
            self.publicKey = pk
        }

        /// A detached 64-byte signature of `message`.
        public func sign(_ message: [UInt8]) -> [UInt8] {
            var sig = [UInt8](repeating: 0, count: signatureLength)
            let rc = secret.withNonNullPointer { k, _ in
                withNonNullBytes(message) { m, mLen in
                    withNonNullMutableBytes(&sig) { s, _ in crypto_sign_detached(s, nil, m, UInt64(mLen), k) }
                }
            }
            precondition(rc == 0, "crypto_sign_detached failed")
            return sig
        }
    }

    /// True when `signature` is a valid signature of `message` under `publicKey`
    /// (libsodium refuses small-order keys and non-canonical encodings).
    public static func verify(signature: [UInt8], message: [UInt8], publicKey: [UInt8]) -> Bool {
        guard signature.count == signatureLength, publicKey.count == publicKeyLength else { return false }
        Sodium.ensureInitialized()
        return withNonNullBytes(signature) { s, _ in
            withNonNullBytes(message) { m, mLen in
                withNonNullBytes(publicKey) { p, _ in crypto_sign_verify_detached(s, m, UInt64(mLen), p) == 0 }
            }
        }
    }
}
