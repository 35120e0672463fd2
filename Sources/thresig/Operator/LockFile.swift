import Foundation

/// `NAME.lock.json`: what an operator keeps about a key made by `thresig dkg` (issue 6 §5).
///
/// Fields, in this order: `key_id`, `scheme`, `t`, `n`, `committee`, `group_public_key`
/// (0x-hex), `share_public_keys`, `transcript_hash`. Written with a fixed field order and
/// layout so that the file diffs cleanly and two runs over the same key give the same bytes.
enum LockFile {
    /// The file name for a label: `NAME.lock.json`.
    static func fileName(label: String) -> String { label + ".lock.json" }

    /// Refuses labels that would not make a plain file name in the current directory.
    static func validate(label: String) throws(OperatorError) {
        guard !label.isEmpty, label.utf8.count <= 128 else { throw .usage("--label must be 1…128 bytes") }
        guard !label.hasPrefix("."), !label.contains("/"), !label.contains("\\"),
              label.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F })
        else { throw .usage("--label '\(label)' cannot name a file here (no '/', no leading '.', no control characters)") }
    }

    /// The file's bytes for a registered key (checked to be well-formed hex first).
    static func render(_ key: RemoteKey) throws(OperatorError) -> Data {
        for hex in [key.groupPublicKey, key.transcriptHash] + key.sharePublicKeys where !isHex(hex) {
            throw .unexpected(status: 200, "the key's '\(hex.prefix(20))' is not 0x-hex")
        }
        guard key.committee.count == key.n, key.sharePublicKeys.count == key.n else {
            throw .unexpected(status: 200, "the key lists \(key.committee.count) members and \(key.sharePublicKeys.count) share keys for n = \(key.n)")
        }
        func list(_ items: [String]) -> String {
            "[\n" + items.map { "    " + quote($0) }.joined(separator: ",\n") + "\n  ]"
        }
        let text = """
        {
          "key_id": \(quote(key.keyID)),
          "scheme": \(quote(key.scheme)),
          "t": \(key.t),
          "n": \(key.n),
          "committee": \(list(key.committee)),
          "group_public_key": \(quote(key.groupPublicKey)),
          "share_public_keys": \(list(key.sharePublicKeys)),
          "transcript_hash": \(quote(key.transcriptHash))
        }

        """
        return Data(text.utf8)
    }

    /// Writes the file in `directory` without replacing an existing one.
    static func write(_ key: RemoteKey, label: String, directory: String) throws(OperatorError) -> String {
        let path = directory + "/" + fileName(label: label)
        let bytes = try render(key)
        // O_EXCL: never overwrite a lock file of an earlier ceremony.
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard fd >= 0 else { throw .failed("cannot create \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        let written = bytes.withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count, fsync(fd) == 0 else { throw .failed("cannot write \(path): \(String(cString: strerror(errno)))") }
        return path
    }

    /// A JSON string literal.
    static func quote(_ s: String) -> String { JSONText.quote(s) }

    private static func isHex(_ s: String) -> Bool {
        guard s.hasPrefix("0x") else { return false }
        let digits = s.utf8.dropFirst(2)
        return !digits.isEmpty && digits.count % 2 == 0 && digits.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) || ($0 >= 0x41 && $0 <= 0x46) }
    }
}
