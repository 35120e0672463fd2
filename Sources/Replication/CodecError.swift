/// Why a frame was refused by `Message.decode`. Decoding never traps on hostile input: every
/// malformed frame maps to one of these.
public enum CodecError: Error, Equatable, Sendable {
    /// The frame ended before a field it announced.
    case truncated
    /// The frame does not start with the magic bytes "TSVR".
    case badMagic
    /// A version this build does not speak.
    case unsupportedVersion(UInt16)
    /// A command byte that names no message.
    case unknownCommand(UInt8)
    /// Header flags that must be zero were not.
    case reservedBitsSet
    /// The header's body length disagrees with the frame's size.
    case lengthMismatch(announced: UInt32, actual: Int)
    /// The frame is larger than `Message.maxFrameBytes`.
    case frameTooLarge(Int)
    /// The checksum over header and body does not match (a flipped bit, a torn frame).
    case checksumMismatch
    /// A field holds a value outside its domain (named here).
    case invalidField(String)
    /// The body has bytes after its last field.
    case trailingBytes(Int)
    /// An entry's own checksum does not match its fields.
    case corruptEntry(op: UInt64)
    /// The entries of a log are not contiguous and hash-chained onto their checkpoint.
    case brokenChain
}
