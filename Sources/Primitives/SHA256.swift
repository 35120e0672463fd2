import COpenSSL

/// SHA-256 (FIPS 180-4) through OpenSSL's EVP interface.
public struct SHA256: ~Copyable {
    /// Digest length in bytes.
    public static let digestLength = 32
    /// Block length in bytes (used by expand_message_xmd, RFC 9380 §5.3.1).
    public static let blockLength = 64

    private let ctx: OpaquePointer

    /// A fresh incremental hasher.
    public init() {
        guard let ctx = EVP_MD_CTX_new(), EVP_DigestInit_ex(ctx, EVP_sha256(), nil) == 1 else {
            fatalError("OpenSSL could not initialise SHA-256")
        }
        self.ctx = ctx
    }

    deinit { EVP_MD_CTX_free(ctx) }

    /// Absorbs bytes.
    public mutating func update(_ bytes: some Collection<UInt8>) {
        let done: Int32? = bytes.withContiguousStorageIfAvailable { buf in
            EVP_DigestUpdate(ctx, buf.baseAddress, buf.count)
        }
        if done == nil {
            let copy = Array(bytes)
            copy.withUnsafeBufferPointer { _ = EVP_DigestUpdate(ctx, $0.baseAddress, $0.count) }
        }
    }

    /// Absorbs raw bytes (e.g. the inside of a `SecretBytes`) without copying them.
    public mutating func update(raw buffer: UnsafeRawBufferPointer) {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return }
        _ = EVP_DigestUpdate(ctx, base, buffer.count)
    }

    /// Finishes, writing the 32-byte digest into `out` (which must hold 32 bytes), so a
    /// secret-derived digest can go straight into locked memory.
    public consuming func finalize(into out: UnsafeMutableRawBufferPointer) {
        precondition(out.count >= 32, "SHA-256 output buffer too small")
        var len: UInt32 = 0
        _ = EVP_DigestFinal_ex(ctx, out.baseAddress!.assumingMemoryBound(to: UInt8.self), &len)
        precondition(len == 32)
    }

    /// Finishes and returns the 32-byte digest.
    public consuming func finalize() -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        var len: UInt32 = 0
        out.withUnsafeMutableBufferPointer { _ = EVP_DigestFinal_ex(ctx, $0.baseAddress, &len) }
        precondition(len == 32)
        return out
    }

    /// One-shot SHA-256.
    public static func hash(_ bytes: some Collection<UInt8>) -> [UInt8] {
        var h = SHA256()
        h.update(bytes)
        return h.finalize()
    }
}

/// HMAC-SHA256 (RFC 2104) through OpenSSL's EVP_MAC.
public enum HMACSHA256 {
    /// Computes the 32-byte tag of `message` under `key` (any key length).
    public static func authenticate(key: [UInt8], message: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        let ok = key.withUnsafeBufferPointer { k in
            message.withUnsafeBufferPointer { m in
                out.withUnsafeMutableBufferPointer { o in
                    thresig_hmac_sha256(k.baseAddress, k.count, m.baseAddress, m.count, o.baseAddress)
                }
            }
        }
        precondition(ok == 1, "OpenSSL HMAC-SHA256 failed")
        return out
    }

    /// Verifies a tag in constant time.
    public static func verify(tag: [UInt8], key: [UInt8], message: [UInt8]) -> Bool {
        ConstantTime.equal(authenticate(key: key, message: message), tag)
    }
}

/// One piece of an HMAC message: public bytes, a single byte, or a secret read in place.
public enum HMACInput {
    case bytes([UInt8])
    case byte(UInt8)
    case secret(SecretBytes)
}

extension HMACSHA256 {
    /// HMAC-SHA256 (RFC 2104) with a secret key of at most 64 bytes over the concatenation
    /// of `parts`, written into `output` (32 bytes). Nothing secret is copied into ordinary
    /// heap arrays: the padded key block and the inner digest live on the stack and are
    /// wiped. `output` may be the key or one of the parts (it is written last), which is
    /// how RFC 6979 updates K and V in place.
    public static func authenticate(key: SecretBytes, _ parts: [HMACInput], into output: SecretBytes) {
        precondition(key.count <= SHA256.blockLength, "HMAC keys above 64 bytes are hashed first; not needed here")
        precondition(output.count == SHA256.digestLength)
        var block: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
        var inner: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        withUnsafeMutableBytes(of: &block) { pad in
            withUnsafeMutableBytes(of: &inner) { innerDigest in
                func fillPad(_ byte: UInt8) {
                    key.withUnsafeBytes { k in
                        for i in 0..<SHA256.blockLength { pad[i] = (i < k.count ? k[i] : 0) ^ byte }
                    }
                }
                fillPad(0x36)
                var h = SHA256()
                h.update(raw: UnsafeRawBufferPointer(pad))
                for part in parts {
                    switch part {
                    case .bytes(let b): h.update(b)
                    case .byte(let b): h.update(CollectionOfOne(b))
                    case .secret(let s): s.withUnsafeBytes { h.update(raw: $0) }
                    }
                }
                h.finalize(into: innerDigest)
                fillPad(0x5c)
                output.withUnsafeMutableBytes { out in
                    var o = SHA256()
                    o.update(raw: UnsafeRawBufferPointer(pad))
                    o.update(raw: UnsafeRawBufferPointer(innerDigest))
                    o.finalize(into: out)
                }
                Wipe.raw(pad)
                Wipe.raw(innerDigest)
            }
        }
    }
}

/// HKDF-SHA256 (RFC 5869) through OpenSSL's EVP_KDF.
public enum HKDFSHA256 {
    /// Extract-then-expand. Refuses `length` of 0 or above 255 × 32 = 8160 bytes.
    public static func derive(ikm: [UInt8], salt: [UInt8], info: [UInt8], length: Int)
        throws(PrimitivesError) -> [UInt8]
    {
        guard length > 0, length <= 255 * 32 else { throw .invalidKDFParameters }
        var out = [UInt8](repeating: 0, count: length)
        let ok = ikm.withUnsafeBufferPointer { i in
            salt.withUnsafeBufferPointer { s in
                info.withUnsafeBufferPointer { f in
                    out.withUnsafeMutableBufferPointer { o in
                        thresig_hkdf_sha256(i.baseAddress, i.count, s.baseAddress, s.count,
                                            f.baseAddress, f.count, o.baseAddress, o.count)
                    }
                }
            }
        }
        guard ok == 1 else { throw .invalidKDFParameters }
        return out
    }

    /// Derives into locked memory, for key material.
    public static func deriveSecret(ikm: SecretBytes, salt: [UInt8], info: [UInt8], length: Int)
        throws(PrimitivesError) -> SecretBytes
    {
        guard length > 0, length <= 255 * 32 else { throw .invalidKDFParameters }
        let out = SecretBytes(zeroedCount: length)
        var ok: Int32 = 0
        ikm.withUnsafeBytes { i in
            salt.withUnsafeBufferPointer { s in
                info.withUnsafeBufferPointer { f in
                    out.withUnsafeMutableBytes { o in
                        ok = thresig_hkdf_sha256(i.baseAddress?.assumingMemoryBound(to: UInt8.self), i.count,
                                                 s.baseAddress, s.count, f.baseAddress, f.count,
                                                 o.baseAddress?.assumingMemoryBound(to: UInt8.self), o.count)
                    }
                }
            }
        }
        guard ok == 1 else { throw .invalidKDFParameters }
        return out
    }
}
