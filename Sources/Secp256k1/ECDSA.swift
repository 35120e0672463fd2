import Primitives

/// ECDSA over secp256k1 with SHA-256 (SEC1 v2 §4.1), deterministic nonces (RFC 6979
/// §3.2 with HMAC-SHA256), low-s signatures (BIP-62 / BIP-146) and public key recovery
/// (SEC1 v2 §4.1.6).
public enum ECDSA {
    /// An ECDSA signature (r, s) with r, s ∈ [1, n).
    public struct Signature: Hashable, Sendable, CustomStringConvertible {
        /// r = x(k·G) mod n.
        public let r: Scalar
        /// s = k⁻¹(z + r·d) mod n.
        public let s: Scalar

        /// From the two components.
        /// - Throws: ``Secp256k1Error/zeroScalar`` if r or s is zero.
        public init(r: Scalar, s: Scalar) throws(Secp256k1Error) {
            guard !r.isZero, !s.isZero else { throw .zeroScalar }
            self.r = r
            self.s = s
        }

        /// Strict DER: `SEQUENCE { INTEGER r, INTEGER s }` (SEC1 v2 §C.5, X.690 DER).
        /// Refused: BER forms (indefinite or non-minimal lengths), non-minimal or negative
        /// INTEGERs, wrong tags, missing or extra elements, trailing bytes.
        /// - Throws: ``Secp256k1Error/invalidDER(_:)``; ``Secp256k1Error/scalarOutOfRange``
        ///   when r or s ≥ n; ``Secp256k1Error/zeroScalar`` when r or s is 0.
        public init(der: [UInt8]) throws(Secp256k1Error) {
            var top = DERReader(der)
            var seq = try top.read(tag: 0x30, "ECDSA-Sig-Value")
            try top.expectEnd("ECDSA-Sig-Value")
            let rb = try seq.readUnsignedInteger("r")
            let sb = try seq.readUnsignedInteger("s")
            try seq.expectEnd("ECDSA-Sig-Value")
            try self.init(r: Scalar(integerBytes: rb), s: Scalar(integerBytes: sb))
        }

        /// Strict DER encoding (at most 72 bytes).
        public var der: [UInt8] {
            DERWriter.tlv(0x30, DERWriter.unsignedInteger(r.bytes) + DERWriter.unsignedInteger(s.bytes))
        }

        /// The 64-byte compact form r ‖ s (IEEE P1363), each 32 bytes big-endian.
        /// - Throws: ``Secp256k1Error/invalidLength(expected:actual:)`` unless 64 bytes;
        ///   ``Secp256k1Error/scalarOutOfRange`` if r or s ≥ n; ``Secp256k1Error/zeroScalar``.
        public init(compact: [UInt8]) throws(Secp256k1Error) {
            guard compact.count == 64 else { throw .invalidLength(expected: 64, actual: compact.count) }
            try self.init(r: Scalar(bytes: Array(compact[0..<32])), s: Scalar(bytes: Array(compact[32..<64])))
        }

        /// r ‖ s, 64 bytes.
        public var compact: [UInt8] { r.bytes + s.bytes }

        /// True when s ≤ (n − 1)/2 (BIP-62 / BIP-146 "low s").
        public var isLowS: Bool { !s.isHigh }

        /// The equivalent signature (r, n − s) when s is high, else `self`. Both verify
        /// under plain ECDSA; only the low one passes ``ECDSA/verifyLowS(signature:digest:publicKey:)``.
        public func normalizedLowS() -> Signature {
            s.isHigh ? try! Signature(r: r, s: -s) : self
        }

        /// Hex of the DER encoding.
        public var description: String { "ECDSA.Signature(\(der.hexString))" }
    }

    /// Signs a 32-byte digest with deterministic RFC 6979 nonces (HMAC-SHA256; qlen =
    /// hlen = 256, so bits2int is the identity and bits2octets is a reduction mod n).
    /// The nonce point k·G is computed in constant time. The output is normalised to
    /// low s (BIP-62), and the recovery id is adjusted to match.
    ///
    /// The result is byte-identical to libsecp256k1's `secp256k1_ecdsa_sign` with its
    /// default nonce function (no extra entropy).
    ///
    /// - Returns: the signature and the recovery id: bit 0 = parity of R.y (after
    ///   low-s normalisation), bit 1 = R.x ≥ n.
    /// - Throws: ``Secp256k1Error/invalidLength(expected:actual:)`` unless `digest` has 32 bytes.
    public static func sign(digest: [UInt8], secretKey: SecretKey) throws(Secp256k1Error)
        -> (signature: Signature, recoveryId: UInt8)
    {
        guard digest.count == 32 else { throw .invalidLength(expected: 32, actual: digest.count) }
        let d = secretKey.scalar
        let z = Scalar(reducing: digest)
        var nonces = RFC6979(secretKey: secretKey, digest: digest)
        defer { nonces.wipe() }
        while true {
            let k = nonces.next()
            let R = Point.generator.multiplySecret(k)
            guard let (rx, ry) = R.affineCoordinates else { continue }
            let r = Scalar(reducing: rx)
            if r.isZero { continue }
            // k⁻¹ by Fermat (constant time); z + r·d in constant-time limb arithmetic.
            let s = k.inverse()! * (z + r * d)
            if s.isZero { continue }
            var recid: UInt8 = ry[31] & 1
            if !U256.lessThan(U256(bigEndian: rx), Modulus.order.m) { recid |= 2 }
            let sig = try! Signature(r: r, s: s)
            if sig.s.isHigh {
                return (try! Signature(r: r, s: -s), recid ^ 1)
            }
            return (sig, recid)
        }
    }

    /// Signs SHA-256(`message`); see ``sign(digest:secretKey:)``.
    public static func sign(message: [UInt8], secretKey: SecretKey) -> (signature: Signature, recoveryId: UInt8) {
        try! sign(digest: SHA256.hash(message), secretKey: secretKey)
    }

    /// Plain ECDSA verification (SEC1 v2 §4.1.4) of a 32-byte digest. Accepts high-s
    /// signatures, as ECDSA itself does; use ``verifyLowS(signature:digest:publicKey:)``
    /// for the Bitcoin rule. Returns false for a digest that is not 32 bytes or an
    /// identity public key.
    public static func verify(signature: Signature, digest: [UInt8], publicKey: Point) -> Bool {
        guard digest.count == 32, !publicKey.isIdentity else { return false }
        let z = Scalar(reducing: digest)
        guard let w = signature.s.inverseVariableTime() else { return false }   // s is public
        let R = Point.doubleMultiply(generatorScalar: z * w, point: publicKey, scalar: signature.r * w)
        return R.xCoordinateModOrderEquals(signature.r)
    }

    /// Verifies a signature over SHA-256(`message`); see ``verify(signature:digest:publicKey:)``.
    public static func verify(signature: Signature, message: [UInt8], publicKey: Point) -> Bool {
        verify(signature: signature, digest: SHA256.hash(message), publicKey: publicKey)
    }

    /// Verification with the BIP-62 / BIP-146 low-s rule: a signature with s > (n − 1)/2
    /// is refused even though plain ECDSA would accept it.
    public static func verifyLowS(signature: Signature, digest: [UInt8], publicKey: Point) -> Bool {
        signature.isLowS && verify(signature: signature, digest: digest, publicKey: publicKey)
    }

    /// Recovers the public key from a signature over a 32-byte digest and its recovery
    /// id (SEC1 v2 §4.1.6): R = the point with x = r + (id & 2 ? n : 0) and y parity
    /// id & 1, then Q = r⁻¹(s·R − z·G).
    /// - Throws: ``Secp256k1Error/invalidLength(expected:actual:)`` (digest);
    ///   ``Secp256k1Error/invalidRecoveryId`` (id > 3); ``Secp256k1Error/recoveryFailed``.
    public static func recoverPublicKey(digest: [UInt8], signature: Signature, recoveryId: UInt8)
        throws(Secp256k1Error) -> Point
    {
        guard digest.count == 32 else { throw .invalidLength(expected: 32, actual: digest.count) }
        guard recoveryId <= 3 else { throw .invalidRecoveryId }
        var x = signature.r.value
        if recoveryId & 2 != 0 {
            let (sum, carry) = U256.add(x, Modulus.order.m)
            guard carry == 0 else { throw .recoveryFailed }
            x = sum
        }
        guard U256.lessThan(x, Modulus.field.m) else { throw .recoveryFailed }
        let fx = FieldElement(value: x)
        guard let R = Point(x: fx, oddY: recoveryId & 1 == 1) else { throw .recoveryFailed }
        let rInv = signature.r.inverseVariableTime()!                           // r is public
        let z = Scalar(reducing: digest)
        let Q = Point.doubleMultiply(generatorScalar: -(z * rInv), point: R, scalar: signature.s * rInv)
        guard !Q.isIdentity else { throw .recoveryFailed }
        return Q
    }
}

/// RFC 6979 §3.2 deterministic nonce generation with HMAC-SHA256 for secp256k1
/// (qlen = hlen = 256). Successive `next()` calls continue the §3.2 step h loop, which is
/// also how a nonce giving r = 0 or s = 0 is replaced.
struct RFC6979 {
    // K and V live in locked memory; every HMAC reads the secret key x in place and
    // writes its result straight back into K or V (HMACSHA256.authenticate(key:_:into:)),
    // so no copy of x or of the HMAC state is left in ordinary heap memory.
    private let k = SecretBytes(zeroedCount: 32)
    private let v = SecretBytes(zeroedCount: 32)
    private var first = true

    init(secretKey: SecretKey, digest h1: [UInt8]) {
        let x = secretKey.secretBytes                            // int2octets(x)
        let h = Scalar(reducing: h1).bytes                       // bits2octets(h1)
        v.withUnsafeMutableBytes { for i in 0..<32 { $0[i] = 0x01 } }   // step b (step c: K = 0)
        HMACSHA256.authenticate(key: k, [.secret(v), .byte(0x00), .secret(x), .bytes(h)], into: k) // step d
        HMACSHA256.authenticate(key: k, [.secret(v)], into: v)                                      // step e
        HMACSHA256.authenticate(key: k, [.secret(v), .byte(0x01), .secret(x), .bytes(h)], into: k) // step f
        HMACSHA256.authenticate(key: k, [.secret(v)], into: v)                                      // step g
    }

    /// The next candidate k in [1, n) (step h).
    mutating func next() -> Scalar {
        while true {
            if !first {
                // step h.3 (also used after an unusable k): K = HMAC(K, V ‖ 0x00), V = HMAC(K, V)
                HMACSHA256.authenticate(key: k, [.secret(v), .byte(0x00)], into: k)
                HMACSHA256.authenticate(key: k, [.secret(v)], into: v)
            }
            first = false
            HMACSHA256.authenticate(key: k, [.secret(v)], into: v)      // h.2: T = V (tlen = qlen)
            var t = v.unsafeCopyToArray()
            defer { Wipe.bytes(&t) }
            if let candidate = try? Scalar(bytes: t), !candidate.isZero { return candidate }
        }
    }

    /// K and V are wiped when their `SecretBytes` are freed; kept for call sites.
    mutating func wipe() {
        k.withUnsafeMutableBytes { Wipe.raw($0) }
        v.withUnsafeMutableBytes { Wipe.raw($0) }
    }
}

/// Elliptic-curve Diffie–Hellman on secp256k1 (SEC1 v2 §3.3.1).
public enum ECDH {
    /// The x-coordinate (32 bytes, big-endian) of d·Q, computed in constant time — the
    /// raw SEC1 shared secret z (in locked memory), as in Wycheproof's `ecdh` tests (no hashing; derive keys
    /// from it with HKDF). The public key must come from a validated decoding
    /// (``Point/init(sec1:)`` or ``Point/init(subjectPublicKeyInfo:)``); with cofactor 1,
    /// d ∈ [1, n) and Q ≠ O, the product is never O.
    /// - Throws: ``Secp256k1Error/identityPoint`` if `publicKey` is the identity.
    public static func sharedSecret(secretKey: SecretKey, publicKey: Point) throws(Secp256k1Error) -> SecretBytes {
        guard !publicKey.isIdentity else { throw .identityPoint }
        let p = publicKey.multiplySecret(secretKey.scalar)
        guard var (x, y) = p.affineCoordinates else { throw .identityPoint }
        defer { Wipe.bytes(&x); Wipe.bytes(&y) }
        return SecretBytes(copying: x)
    }
}
