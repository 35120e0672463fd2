import COpenSSL

/// The one shared OpenSSL `EC_GROUP` for secp256k1 (`NID_secp256k1`). OpenSSL only reads
/// the group during point arithmetic, so sharing it across threads is safe.
final class Secp256k1Group: @unchecked Sendable {
    let pointer: OpaquePointer
    private init() {
        guard let g = EC_GROUP_new_by_curve_name(NID_secp256k1) else {
            fatalError("OpenSSL has no secp256k1 group")
        }
        pointer = g
    }
    static let shared = Secp256k1Group()
}

@inline(__always) var curveGroup: OpaquePointer { Secp256k1Group.shared.pointer }

/// Runs `body` with a fresh `BN_CTX` (secure-heap variant when `secret`), freed afterwards.
func withBNContext<R>(secret: Bool = false, _ body: (OpaquePointer) -> R) -> R {
    guard let ctx = secret ? BN_CTX_secure_new() : BN_CTX_new() else { fatalError("BN_CTX_new failed") }
    defer { BN_CTX_free(ctx) }
    return body(ctx)
}

/// Runs `body` with a `BIGNUM` holding the 32-byte big-endian `bytes`. For `secret`
/// values the number is flagged `BN_FLG_CONSTTIME` and cleared when freed.
func withBIGNUM<R>(_ bytes: [UInt8], secret: Bool = false, _ body: (OpaquePointer) -> R) -> R {
    let bn: OpaquePointer? = bytes.withUnsafeBufferPointer { buf in
        let fresh = secret ? BN_secure_new() : BN_new()
        guard let fresh else { return nil }
        return BN_bin2bn(buf.baseAddress, Int32(buf.count), fresh)
    }
    guard let bn else { fatalError("BN_bin2bn failed") }
    if secret { BN_set_flags(bn, BN_FLG_CONSTTIME) }
    defer { BN_clear_free(bn) }
    return body(bn)
}

/// A `BIGNUM` as exactly 32 big-endian bytes (it must be < 2^256).
func bignumBytes32(_ bn: OpaquePointer) -> [UInt8] {
    var out = [UInt8](repeating: 0, count: 32)
    let n = out.withUnsafeMutableBufferPointer { BN_bn2binpad(bn, $0.baseAddress, 32) }
    precondition(n == 32, "BN_bn2binpad failed")
    return out
}
