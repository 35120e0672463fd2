import CSodium

/// Argon2id (RFC 9106) password hashing, used to derive vault keys from passphrases.
public enum Argon2id {
    /// Salt length libsodium requires.
    public static let saltLength = Int(crypto_pwhash_SALTBYTES)

    /// Cost parameters. `moderate` matches libsodium's interactive-plus level suitable for
    /// a daemon start; tests use `.minimum` to stay fast.
    public struct Cost: Sendable, Equatable {
        public var opsLimit: UInt64
        public var memLimitBytes: Int
        public init(opsLimit: UInt64, memLimitBytes: Int) { self.opsLimit = opsLimit; self.memLimitBytes = memLimitBytes }
        public static let minimum = Cost(opsLimit: UInt64(crypto_pwhash_OPSLIMIT_MIN), memLimitBytes: Int(crypto_pwhash_MEMLIMIT_MIN))
        public static let moderate = Cost(opsLimit: UInt64(crypto_pwhash_OPSLIMIT_MODERATE), memLimitBytes: Int(crypto_pwhash_MEMLIMIT_MODERATE))
    }

    /// Derives `length` bytes from `password` and a 16-byte `salt`.
    public static func deriveKey(password: SecretBytes, salt: [UInt8], length: Int = 32, cost: Cost = .moderate)
        throws(PrimitivesError) -> SecretBytes
    {
        guard salt.count == saltLength else { throw .invalidLength(expected: saltLength, actual: salt.count) }
        guard length >= Int(crypto_pwhash_BYTES_MIN) else { throw .invalidLength(expected: Int(crypto_pwhash_BYTES_MIN), actual: length) }
        Sodium.ensureInitialized()
        let out = SecretBytes(zeroedCount: length)
        let rc = password.withNonNullPointer { p, pLen in
            withNonNullBytes(salt) { s, _ in
                out.withNonNullPointer { o, _ in
                    p.withMemoryRebound(to: CChar.self, capacity: Swift.max(pLen, 1)) { pc in
                        crypto_pwhash(o, UInt64(length), pc, UInt64(pLen), s,
                                      cost.opsLimit, cost.memLimitBytes, crypto_pwhash_ALG_ARGON2ID13)
                    }
                }
            }
        }
        guard rc == 0 else { throw .passwordHashFailed }
        return out
    }
}
