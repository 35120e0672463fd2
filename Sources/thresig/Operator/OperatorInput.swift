import Primitives

/// Local validation of what the operator typed, before anything is sent: the same rules the
/// server applies (docs/openapi.yaml), so a typo is a usage error (exit 2) with a clear
/// message instead of a round trip and a 400.
enum OperatorInput {
    /// A key id: 1–64 of `[A-Za-z0-9._-]` (openapi `KeyID`); also keeps it safe in a URL path.
    static func keyID(_ s: String) throws(OperatorError) -> String {
        guard (1...64).contains(s.utf8.count), s.utf8.allSatisfy({ isKeyIDByte($0) }) else {
            throw .usage("--key '\(s)' is not a key id (1…64 of A-Z a-z 0-9 . _ -)")
        }
        return s
    }

    /// A message as the sign route wants it: `0x` + lowercase hex. Accepts the digits with
    /// or without `0x`, either case; refuses odd length and non-hex.
    static func messageHex(_ s: String) throws(OperatorError) -> String {
        let digits = s.hasPrefix("0x") || s.hasPrefix("0X") ? String(s.dropFirst(2)) : s
        guard let bytes = try? Hex.decode(digits) else {
            throw .usage("--message is not hex (an even number of 0-9a-f digits, 0x optional)")
        }
        return "0x" + Hex.encode(bytes)
    }

    /// An `Idempotency-Key`: 1–255 printable ASCII characters (0x20–0x7E), as docs/api.md says.
    static func idempotencyKey(_ s: String) throws(OperatorError) -> String {
        guard (1...255).contains(s.utf8.count), s.utf8.allSatisfy({ $0 >= 0x20 && $0 <= 0x7E }) else {
            throw .usage("--idempotency-key must be 1…255 printable ASCII characters")
        }
        return s
    }

    /// `thresig dkg` parameters: scheme, 1 ≤ t ≤ n ≤ 255 (openapi `CreateKeyRequest`).
    static func ceremony(scheme: String, threshold: Int, committeeSize: Int) throws(OperatorError) {
        guard scheme == "bls" || scheme == "ecdsa-secp256k1" else {
            throw .usage("--scheme '\(scheme)' is not served by thresigd; expected bls or ecdsa-secp256k1")
        }
        if scheme == "ecdsa-secp256k1", committeeSize < 2 { throw .usage("--scheme ecdsa-secp256k1 needs --committee-size ≥ 2") }
        guard (1...255).contains(committeeSize) else { throw .usage("--committee-size must be 1…255") }
        guard (1...committeeSize).contains(threshold) else {
            throw .usage("--threshold must be 1…--committee-size (\(committeeSize)); got \(threshold)")
        }
    }

    private static func isKeyIDByte(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x2E || b == 0x5F || b == 0x2D
    }
}
