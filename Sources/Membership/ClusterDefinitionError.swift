/// Why a cluster definition was refused.
public enum ClusterDefinitionError: Error, Equatable, Sendable {
    /// The document is not JSON, or not a JSON object where one is required.
    case malformed(String)
    /// `version` is not one this code reads.
    case unsupportedVersion(Int)
    /// A required field is absent (path such as `members[2].api_address`).
    case missingField(String)
    /// A field this version does not define (strict: a misspelt optional field must not be ignored).
    case unknownField(String)
    /// A field has the wrong JSON type.
    case wrongType(String)
    /// A member id is not 1…64 characters of `[A-Za-z0-9._-]`.
    case invalidMemberID(String)
    /// An address is not `host:port` with a valid host and port 1…65535.
    case invalidAddress(String)
    /// A fingerprint is not 64 lowercase hex digits (SHA-256 of the certificate DER).
    case invalidFingerprint(member: String)
    /// A public key has the wrong length or is not hex.
    case invalidPublicKey(member: String, kind: String)
    /// The definition lists no member.
    case noMembers
    /// Two members share an id.
    case duplicateMemberID(String)
    /// Two members pin the same certificate fingerprint.
    case duplicateFingerprint(String)
    /// Two members announce the same X25519 or Ed25519 public key.
    case duplicatePublicKey(kind: String, hex: String)
    /// Two members listen on the same log-transport or API address.
    case duplicateAddress(String)
    /// The cluster name is empty or longer than 64 characters.
    case invalidClusterName(String)
}
