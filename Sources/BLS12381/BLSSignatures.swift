import Primitives

// The BLS signature scheme of draft-irtf-cfrg-bls-signature-05 with the ciphersuite
// BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_ (Ethereum's): minimal-pubkey-size variant,
// public keys in G1 (48 bytes compressed), signatures in G2 (96 bytes compressed),
// messages hashed with HashToG2 under the ciphersuite tag, proof of possession under
// BLS_POP_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_. With proofs of possession, AggregateVerify
// does not require distinct messages.

/// The ciphersuite's operations on keys and signatures. Verification functions never
/// throw: every malformed or invalid input makes them return false.
public enum BLS {
    /// The ciphersuite identifier (also the signing DST).
    public static let ciphersuiteID = "BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_"
    /// The signing domain-separation tag.
    public static let signatureDST: [UInt8] = Array(ciphersuiteID.utf8)
    /// The proof-of-possession domain-separation tag.
    public static let popDST: [UInt8] = Array("BLS_POP_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_".utf8)

    /// −g₁, so that e(pk, H(m)) = e(g₁, σ) becomes e(pk, H(m))·e(−g₁, σ) = 1.
    static let negatedG1Generator: G1Affine = (-G1Projective.generator).affine

    /// H(m) in G2 under the signing tag.
    static func hashMessage(_ message: [UInt8]) -> G2Projective {
        HashToG2.hash(message: message, dst: signatureDST)
    }

    /// CoreVerify: e(pk, H(m)) == e(g₁, σ). The key was validated at construction; the
    /// signature must be in G2 and (for a single key) not the identity.
    public static func verify(publicKey: BLSPublicKey, message: [UInt8], signature: BLSSignature) -> Bool {
        coreVerify(publicKey.point, hashMessage(message), signature)
    }

    static func coreVerify(_ pk: G1Affine, _ q: G2Projective, _ signature: BLSSignature) -> Bool {
        guard signature.isValid, !signature.point.isIdentity, !pk.isIdentity else { return false }
        return Pairing.productIsOne([(pk, q.affine), (negatedG1Generator, signature.point)])
    }

    /// Aggregate: the sum of the signatures. Throws `.emptyInput` for an empty list and
    /// `.notInSubgroup` when a signature failed validation.
    public static func aggregate(_ signatures: [BLSSignature]) throws(BLSError) -> BLSSignature {
        guard !signatures.isEmpty else { throw .emptyInput }
        var acc = G2Projective.identity
        for s in signatures {
            guard s.isValid else { throw .notInSubgroup }
            acc = acc.adding(s.point)
        }
        return BLSSignature(validatedPoint: acc.affine)
    }

    /// The sum of public keys (for FastAggregateVerify). Throws `.emptyInput` for an empty
    /// list and `.identityPublicKey` when the sum is the identity.
    public static func aggregatePublicKeys(_ keys: [BLSPublicKey]) throws(BLSError) -> BLSPublicKey {
        guard !keys.isEmpty else { throw .emptyInput }
        var acc = G1Projective.identity
        for k in keys { acc = acc.adding(k.point) }
        let sum = acc.affine
        guard !sum.isIdentity else { throw .identityPublicKey }
        return BLSPublicKey(validatedPoint: sum)
    }

    /// FastAggregateVerify: every key signed the same message; the keys are summed and one
    /// two-pairing check is made. False for an empty key list or an identity sum.
    public static func fastAggregateVerify(publicKeys: [BLSPublicKey], message: [UInt8], signature: BLSSignature) -> Bool {
        guard signature.isValid, let aggregate = try? aggregatePublicKeys(publicKeys) else { return false }
        return coreVerify(aggregate.point, hashMessage(message), signature)
    }

    /// AggregateVerify: key i signed message i; ∏ e(pkᵢ, H(mᵢ)) · e(−g₁, σ) = 1 in one
    /// multi-Miller loop. False for empty or mismatched lists and an invalid signature.
    /// Messages need not be distinct (proof-of-possession ciphersuite).
    public static func aggregateVerify(publicKeys: [BLSPublicKey], messages: [[UInt8]], signature: BLSSignature) -> Bool {
        guard !publicKeys.isEmpty, publicKeys.count == messages.count, signature.isValid else { return false }
        var pairs: [(G1Affine, G2Affine)] = []
        pairs.reserveCapacity(publicKeys.count + 1)
        for (pk, m) in zip(publicKeys, messages) {
            guard !pk.point.isIdentity else { return false }
            pairs.append((pk.point, hashMessage(m).affine))
        }
        pairs.append((negatedG1Generator, signature.point))
        return Pairing.productIsOne(pairs)
    }

    /// PopVerify: the proof is a signature on the compressed key under the PoP tag.
    public static func popVerify(publicKey: BLSPublicKey, proof: BLSSignature) -> Bool {
        coreVerify(publicKey.point, HashToG2.hash(message: publicKey.compressed, dst: popDST), proof)
    }

    /// Verifies many independent (key, message, signature) triples at once: with fresh
    /// random non-zero 64-bit rᵢ, checks ∏ e(rᵢ·pkᵢ, H(mᵢ)) · e(−g₁, Σ rᵢ·σᵢ) = 1 in one
    /// multi-Miller loop. A forged triple passes with probability ≤ 2⁻⁶⁴. False for an
    /// empty list and for any invalid item (identity key, signature outside G2 or identity).
    public static func batchVerify(_ items: [(publicKey: BLSPublicKey, message: [UInt8], signature: BLSSignature)]) -> Bool {
        guard !items.isEmpty else { return false }
        if items.count == 1 { return verify(publicKey: items[0].publicKey, message: items[0].message, signature: items[0].signature) }
        var pairs: [(G1Affine, G2Affine)] = []
        pairs.reserveCapacity(items.count + 1)
        var sigmas: [G2Projective] = [], coefficients: [Scalar] = []
        for item in items {
            guard item.signature.isValid, !item.signature.point.isIdentity, !item.publicKey.point.isIdentity else { return false }
            var r: UInt64 = 0
            while r == 0 { r = SecureRandom.uint64() }
            let k = Scalar(r)
            pairs.append((item.publicKey.point.projective.multipliedWNAF(by: k).affine, hashMessage(item.message).affine))
            sigmas.append(item.signature.point.projective)
            coefficients.append(k)
        }
        let sigma: G2Projective
        if items.count >= pippengerThreshold {
            sigma = G2Projective.pippenger(sigmas, coefficients)
        } else {
            var acc = G2Projective.identity
            for i in sigmas.indices { acc = acc + sigmas[i].multipliedWNAF(by: coefficients[i]) }
            sigma = acc
        }
        pairs.append((negatedG1Generator, sigma.affine))
        return Pairing.productIsOne(pairs)
    }
}

/// A BLS secret key: a scalar in [1, r), held in locked memory (`SecretBytes`) as 32
/// big-endian bytes (keys from KeyGen keep them in the 48-byte OKM buffer, followed by
/// 16 zero bytes, to save a locked allocation). Its description never shows the key.
public struct BLSSecretKey: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    let secret: SecretBytes
    /// SkToPk, computed once.
    public let publicKey: BLSPublicKey

    /// Exactly 32 big-endian bytes of a value in [1, r); 0, values ≥ r and other lengths
    /// are refused with `.invalidScalar`.
    public init(bytes: [UInt8]) throws(BLSError) {
        guard bytes.count == 32 else { throw .invalidScalar }
        let k = try Scalar(bigEndianBytes: bytes)
        guard !k.isZero else { throw .invalidScalar }
        self.init(validScalar: k, secret: SecretBytes(copying: bytes))
    }

    /// A big-endian integer of at most 32 bytes (leading zeros may be dropped, as the
    /// Ethereum test files do); must be in [1, r).
    public init(integerBytes: [UInt8]) throws(BLSError) {
        guard integerBytes.count <= 32 else { throw .invalidScalar }
        var padded = [UInt8](repeating: 0, count: 32 - integerBytes.count) + integerBytes
        defer { Wipe.bytes(&padded) }
        try self.init(bytes: padded)
    }

    init(validScalar k: Scalar, secret: SecretBytes) {
        self.secret = secret
        self.publicKey = BLSPublicKey(validatedPoint: G1Projective.generatorMultiplied(by: k).affine)
    }

    /// The scalar (a copy on the stack, for signing).
    var scalar: Scalar {
        // Valid (< r) by construction; read in place, no heap copy.
        secret.withUnsafeBytes { Scalar.loading(bigEndian32: UnsafeRawBufferPointer(rebasing: $0.prefix(32))) }
    }

    /// KeyGen(IKM, key_info) of draft-irtf-cfrg-bls-signature-05 §2.3: with
    /// salt = "BLS-SIG-KEYGEN-SALT-", repeat salt = SHA-256(salt),
    /// OKM = HKDF(salt, IKM ‖ 0x00, key_info ‖ I2OSP(48, 2), 48), SK = OS2IP(OKM) mod r,
    /// until SK ≠ 0. IKM must be at least 32 bytes (`.invalidLength`).
    public static func keyGen(ikm: [UInt8], keyInfo: [UInt8] = []) throws(BLSError) -> BLSSecretKey {
        guard ikm.count >= 32 else { throw .invalidLength(expected: 32, actual: ikm.count) }
        var salt = Array("BLS-SIG-KEYGEN-SALT-".utf8)
        let ikmSecret = SecretBytes(zeroedCount: ikm.count + 1)   // IKM ‖ 0x00
        ikmSecret.withUnsafeMutableBytes { dst in ikm.withUnsafeBytes { dst.copyMemory(from: $0) } }
        let info = keyInfo + [0, 48]
        while true {
            salt = SHA256.hash(salt)
            let okm: SecretBytes
            do { okm = try HKDFSHA256.deriveSecret(ikm: ikmSecret, salt: salt, info: info, length: 48) }
            catch { fatalError("HKDF refused a fixed 48-byte output: \(error)") }
            let k = okm.withUnsafeBytes { Scalar.reducing(bigEndian: $0) }
            if !k.isZero {
                // The key's 32 big-endian bytes overwrite the OKM in place (then 16 zero
                // bytes): each locked allocation costs mmap/mprotect/mlock and a munmap
                // with TLB shootdown on free — the largest variable cost of keygen.
                okm.withUnsafeMutableBytes { o in
                    func put(_ limb: UInt64, at offset: Int) {   // no heap copy of the key
                        for b in 0..<8 { o[offset + b] = UInt8(truncatingIfNeeded: limb >> UInt64(56 - 8 * b)) }
                    }
                    put(k.limbs.3, at: 0); put(k.limbs.2, at: 8); put(k.limbs.1, at: 16); put(k.limbs.0, at: 24)
                    for i in 32..<o.count { o[i] = 0 }
                }
                return BLSSecretKey(validScalar: k, secret: okm)
            }
        }
    }

    /// A fresh key from 32 bytes of the OS CSPRNG through KeyGen.
    public static func generate() -> BLSSecretKey {
        var ikm = SecureRandom.bytes(32)
        defer { Wipe.bytes(&ikm) }
        return try! keyGen(ikm: ikm)
    }

    /// Sign: SK·H(m), by constant-time scalar multiplication.
    public func sign(_ message: [UInt8]) -> BLSSignature {
        BLSSignature(validatedPoint: BLS.hashMessage(message).multiplied(by: scalar).affine)
    }

    /// PopProve: SK·H_pop(pk), the proof of possession.
    public func popProve() -> BLSSignature {
        let q = HashToG2.hash(message: publicKey.compressed, dst: BLS.popDST)
        return BLSSignature(validatedPoint: q.multiplied(by: scalar).affine)
    }

    /// The 32-byte big-endian key, in locked memory.
    public func bytes() -> SecretBytes {
        secret.withUnsafeBytes { raw in
            let out = SecretBytes(zeroedCount: 32)
            out.withUnsafeMutableBytes { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: raw.prefix(32))) }
            return out
        }
    }

    public var description: String { "BLSSecretKey(redacted)" }
    public var debugDescription: String { description }
}

/// A validated public key: a point of G1 other than the identity (KeyValidate).
public struct BLSPublicKey: Sendable, Hashable {
    public let point: G1Affine

    init(validatedPoint: G1Affine) { point = validatedPoint }

    /// KeyValidate of a 48-byte compressed key: length, flags, canonical x, on the curve,
    /// in G1, not the identity (`.identityPublicKey`).
    public init(compressed: [UInt8]) throws(BLSError) {
        guard compressed.count == 48 else { throw .invalidLength(expected: 48, actual: compressed.count) }
        let p = try G1Affine(bytes: compressed)
        guard !p.isIdentity else { throw .identityPublicKey }
        point = p
    }

    /// KeyValidate of a point.
    public init(point: G1Affine) throws(BLSError) {
        guard !point.isIdentity else { throw .identityPublicKey }
        let p = point.projective
        guard p.isOnCurve else { throw .notOnCurve }
        guard p.isInSubgroup else { throw .notInSubgroup }
        self.point = point
    }

    /// The 48-byte ZCash compressed encoding.
    public var compressed: [UInt8] { point.compressedBytes }
}

/// A signature: a point of G2 (the identity included, as the encoding allows it;
/// verification refuses it). A signature made from a point that fails the curve or
/// subgroup check is kept but never verifies and cannot be aggregated.
public struct BLSSignature: Sendable, Hashable {
    public let point: G2Affine
    /// On the curve and in G2 (the identity counts as valid here).
    let isValid: Bool

    init(validatedPoint: G2Affine) { point = validatedPoint; isValid = true }

    /// Decodes 96 bytes: flags, canonical coordinates, on the curve, in G2. The identity
    /// (0xc0 followed by zeros) is accepted; verification then fails.
    public init(compressed: [UInt8]) throws(BLSError) {
        guard compressed.count == 96 else { throw .invalidLength(expected: 96, actual: compressed.count) }
        point = try G2Affine(bytes: compressed)
        isValid = true
    }

    /// Wraps a point; one outside G2 makes every verification with it false.
    public init(point: G2Affine) {
        self.point = point
        if point.isIdentity { isValid = true } else {
            let p = point.projective
            isValid = p.isOnCurve && p.isInSubgroup
        }
    }

    /// The 96-byte ZCash compressed encoding.
    public var compressed: [UInt8] { point.compressedBytes }

    public static func == (a: BLSSignature, b: BLSSignature) -> Bool { a.point == b.point }
    public func hash(into hasher: inout Hasher) { hasher.combine(point) }
}

/// Reflection shows only the public key.
extension BLSSecretKey: CustomReflectable {
    public var customMirror: Mirror { Mirror(self, children: ["publicKey": publicKey]) }
}
