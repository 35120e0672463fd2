// Little-endian integer encoding into and out of byte buffers. Every on-disk integer in
// the Storage formats is little-endian (docs/storage.md).

extension Array where Element == UInt8 {
    /// Appends `value` as `T.bitWidth / 8` little-endian bytes.
    @inlinable
    mutating func appendLE<T: FixedWidthInteger>(_ value: T) {
        var v = value.littleEndian
        Swift.withUnsafeBytes(of: &v) { append(contentsOf: $0) }
    }

    /// Overwrites `T.bitWidth / 8` bytes at `offset` with `value`, little-endian.
    @inlinable
    mutating func storeLE<T: FixedWidthInteger>(_ value: T, at offset: Int) {
        var v = value.littleEndian
        Swift.withUnsafeBytes(of: &v) { raw in
            for i in 0..<raw.count { self[offset + i] = raw[i] }
        }
    }
}

extension Collection where Element == UInt8, Index == Int {
    /// Reads a little-endian integer at `offset` (relative to `startIndex`).
    @inlinable
    func loadLE<T: FixedWidthInteger>(_: T.Type, at offset: Int) -> T {
        var v: T = 0
        let base = startIndex + offset
        for i in 0..<(T.bitWidth / 8) {
            v |= T(truncatingIfNeeded: self[base + i]) << (8 * i)
        }
        return v
    }
}
