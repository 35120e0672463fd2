/// `expand_message_xmd` with SHA-256, RFC 9380 §5.3.1, including the oversize-DST rule
/// of §5.3.3. Used by hash-to-field for secp256k1 (RFC 9380 §8.7) and BLS12-381 (§8.8).
public enum ExpandMessageXMD {
    /// Why `expand_message_xmd` refused its parameters.
    public enum Failure: Error, Equatable, Sendable {
        /// `len_in_bytes` was 0, above 65535, or needed more than 255 SHA-256 blocks
        /// (ell = ceil(len_in_bytes / 32) > 255, i.e. more than 8160 bytes).
        case invalidOutputLength(Int)
    }

    /// The largest output `expand_message_xmd` with SHA-256 can produce: 255 × 32 bytes.
    public static let maximumOutputLength = 255 * SHA256.digestLength

    /// The DST actually hashed: `dst` itself if it has at most 255 bytes, else
    /// `SHA-256("H2C-OVERSIZE-DST-" ‖ dst)` (RFC 9380 §5.3.3).
    public static func effectiveDST(_ dst: [UInt8]) -> [UInt8] {
        guard dst.count > 255 else { return dst }
        var h = SHA256()
        h.update(Array("H2C-OVERSIZE-DST-".utf8))
        h.update(dst)
        return h.finalize()
    }

    /// `expand_message_xmd(msg, DST, len_in_bytes)` with H = SHA-256 (b_in_bytes = 32,
    /// s_in_bytes = 64), RFC 9380 §5.3.1.
    ///
    /// - Throws: ``Failure/invalidOutputLength(_:)`` when `length` is 0, above 65535 or
    ///   above 255 × 32 = 8160.
    public static func expand(message: [UInt8], dst: [UInt8], length: Int) throws(Failure) -> [UInt8] {
        guard length > 0, length <= 65535, length <= maximumOutputLength else {
            throw .invalidOutputLength(length)
        }
        let dstPrime = effectiveDST(dst) + [UInt8(effectiveDST(dst).count)]
        let ell = (length + SHA256.digestLength - 1) / SHA256.digestLength
        // b_0 = H(Z_pad ‖ msg ‖ l_i_b_str ‖ I2OSP(0, 1) ‖ DST_prime)
        var h0 = SHA256()
        h0.update([UInt8](repeating: 0, count: SHA256.blockLength))
        h0.update(message)
        h0.update([UInt8(truncatingIfNeeded: length >> 8), UInt8(truncatingIfNeeded: length), 0])
        h0.update(dstPrime)
        let b0 = h0.finalize()
        // b_1 = H(b_0 ‖ I2OSP(1, 1) ‖ DST_prime)
        var h1 = SHA256()
        h1.update(b0)
        h1.update([1])
        h1.update(dstPrime)
        var bi = h1.finalize()
        var out = bi
        out.reserveCapacity(ell * SHA256.digestLength)
        if ell >= 2 {
            for i in 2...ell {
                // b_i = H(strxor(b_0, b_(i-1)) ‖ I2OSP(i, 1) ‖ DST_prime)
                var x = [UInt8](repeating: 0, count: SHA256.digestLength)
                for j in 0..<SHA256.digestLength { x[j] = b0[j] ^ bi[j] }
                var h = SHA256()
                h.update(x)
                h.update([UInt8(i)])
                h.update(dstPrime)
                bi = h.finalize()
                out += bi
            }
        }
        return Array(out.prefix(length))
    }
}
