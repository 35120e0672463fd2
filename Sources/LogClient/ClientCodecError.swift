/// Why a client-port payload was refused by `ClientMessage.decode`. Every malformed payload maps
/// to one of these; decoding never traps on hostile input.
public enum ClientCodecError: Error, Equatable, Sendable {
    /// The payload ended before a field it announced.
    case truncated
    /// The payload does not start with `TSCP`.
    case badMagic
    /// A version this build does not speak.
    case unsupportedVersion(UInt16)
    /// A kind byte that names no message.
    case unknownKind(UInt8)
    /// The flags byte, reserved, was not zero.
    case reservedBitsSet
    /// Bytes after the last field.
    case trailingBytes(Int)
    /// A field outside its domain (named).
    case invalidField(String)
    /// Larger than `ClientMessage.maxFrameBytes`.
    case frameTooLarge(Int)
}
