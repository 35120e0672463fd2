/// Why a CGGMP21 protocol message did not decode. Decoding is strict (lengths, counts,
/// canonical integers, points on the curve, scalars below the group order), so that two honest
/// parties never disagree on what a message says and a forged length never allocates.
public enum ECDSAWireError: Error, Sendable, Hashable {
    /// The bytes end inside `field`.
    case truncated(field: String)
    /// `field` is out of range, not canonical, or not a valid point or scalar.
    case invalidField(String)
    /// The message's version byte is not one this code reads.
    case unknownVersion(UInt8)
    /// Bytes follow the end of the message.
    case trailingBytes
}
