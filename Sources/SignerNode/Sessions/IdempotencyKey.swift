/// The `Idempotency-Key` rule shared by the HTTP API and the log decoder: 1…255 printable
/// ASCII characters (0x20…0x7E), as in draft-ietf-httpapi-idempotency-key-header §2 with the
/// length bound DESIGN.md sets.
public enum IdempotencyKey {
    /// Longest accepted key, in bytes.
    public static let maximumLength = 255

    /// True when `key` is 1…255 characters of printable ASCII.
    public static func isValid(_ key: String) -> Bool {
        let u = key.utf8
        return (1...maximumLength).contains(u.count) && u.allSatisfy { $0 >= 0x20 && $0 <= 0x7E }
    }
}
