/// Why bytes from the log (an op or a snapshot) were not a valid session encoding.
///
/// The log carries whatever the primary appended, so every one of these must become an error
/// reply, never a crash (see ``SessionStateMachine``).
public enum SessionDecodingError: Error, Hashable, Sendable {
    /// The bytes ended inside `field`.
    case truncated(field: String)
    /// The format version is not one this code reads.
    case unknownVersion(UInt8)
    /// The command tag is not defined.
    case unknownCommand(UInt8)
    /// Bytes were left after the last field.
    case trailingBytes(Int)
    /// A field is outside its allowed range or form (`field` names it).
    case invalidField(String)
}
