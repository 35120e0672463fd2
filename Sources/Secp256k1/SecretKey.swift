import Primitives

/// A secp256k1 secret key: a scalar d in [1, n), held in locked, zero-on-free memory
/// (``SecretBytes``, 32 big-endian bytes), together with its public key Q = d·G.
public struct SecretKey: Sendable, CustomStringConvertible {
    /// The 32-byte big-endian encoding of d, in locked memory.
    public let secretBytes: SecretBytes
    /// Q = d·G (computed once, in constant time).
    public let publicKey: Point

    /// From a 32-byte big-endian encoding.
    /// - Throws: ``Secp256k1Error/invalidLength(expected:actual:)``,
    ///   ``Secp256k1Error/scalarOutOfRange`` (d ≥ n), ``Secp256k1Error/zeroScalar`` (d = 0).
    public init(bytes: [UInt8]) throws(Secp256k1Error) {
        try self.init(secretBytes: SecretBytes(copying: bytes))
    }

    /// From a 32-byte big-endian encoding already in locked memory. The bytes are copied
    /// into the key's own `SecretBytes`: a caller that later reuses or wipes its buffer
    /// cannot change the key after it was validated.
    /// - Throws: as ``init(bytes:)``.
    public init(secretBytes: SecretBytes) throws(Secp256k1Error) {
        guard secretBytes.count == 32 else { throw .invalidLength(expected: 32, actual: secretBytes.count) }
        let own = SecretBytes(zeroedCount: 32)
        secretBytes.withUnsafeBytes { src in own.withUnsafeMutableBytes { $0.copyMemory(from: src) } }
        let v = own.withUnsafeBytes { U256(bigEndianRaw: $0) }
        guard U256.lessThan(v, Modulus.order.m) else { throw .scalarOutOfRange }
        guard v.isZeroMask == 0 else { throw .zeroScalar }
        self.secretBytes = own
        self.publicKey = Point.generator.multiplySecret(Scalar(mont: Modulus.order.toMont(v)))
    }

    /// From a big-endian integer of any length (extra leading zero bytes allowed, as in
    /// Wycheproof's and ASN.1's encodings of private keys).
    /// - Throws: ``Secp256k1Error/scalarOutOfRange`` (≥ n), ``Secp256k1Error/zeroScalar``.
    public init(integerBytes bytes: [UInt8]) throws(Secp256k1Error) {
        var trimmed = Array(bytes.drop(while: { $0 == 0 }))
        defer { Wipe.bytes(&trimmed) }
        guard trimmed.count <= 32 else { throw .scalarOutOfRange }
        var padded = [UInt8](repeating: 0, count: 32 - trimmed.count) + trimmed
        defer { Wipe.bytes(&padded) }
        try self.init(bytes: padded)
    }

    /// From a non-zero scalar.
    /// - Throws: ``Secp256k1Error/zeroScalar``.
    public init(scalar: Scalar) throws(Secp256k1Error) {
        var b = scalar.bytes
        defer { Wipe.bytes(&b) }
        try self.init(bytes: b)
    }

    /// A fresh uniformly random key from the OS CSPRNG (rejection sampling in [1, n)).
    public static func generate() -> SecretKey {
        while true {
            if let k = try? SecretKey(secretBytes: SecretBytes.random(count: 32)) { return k }
        }
    }

    /// d as a ``Scalar`` (a copy on the stack; scalars are not wiped).
    public var scalar: Scalar {
        Scalar(mont: Modulus.order.toMont(secretBytes.withUnsafeBytes { U256(bigEndianRaw: $0) }))
    }

    /// Redacted; shows only the public key.
    public var description: String { "SecretKey(public: \(publicKey.sec1().hexString))" }
}

extension U256 {
    /// From exactly 32 big-endian bytes in a raw buffer (no intermediate array).
    init(bigEndianRaw b: UnsafeRawBufferPointer) {
        precondition(b.count == 32)
        func limb(_ i: Int) -> UInt64 {
            var v: UInt64 = 0
            for j in 0..<8 { v = (v << 8) | UInt64(b[i * 8 + j]) }
            return v
        }
        self.init(limb(3), limb(2), limb(1), limb(0))
    }
}

/// No children: reflection shows neither the secret bytes' object nor the scalar.
extension SecretKey: CustomReflectable {
    public var customMirror: Mirror { Mirror(self, children: ["publicKey": publicKey]) }
}
