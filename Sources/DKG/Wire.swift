import Sharing

/// Big-endian writer for the DKG wire formats.
struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func u8(_ v: UInt8) { bytes.append(v) }
    mutating func u16(_ v: Int) {
        precondition(v >= 0 && v <= 0xffff)
        bytes.append(UInt8(v >> 8)); bytes.append(UInt8(v & 0xff))
    }
    mutating func u32(_ v: Int) {
        precondition(v >= 0 && v <= 0xffff_ffff)
        for s in stride(from: 24, through: 0, by: -8) { bytes.append(UInt8((v >> s) & 0xff)) }
    }
    mutating func u64(_ v: UInt64) {
        for s in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8((v >> UInt64(s)) & 0xff)) }
    }
    mutating func raw(_ b: [UInt8]) { bytes += b }
    mutating func scalar<S: GroupScalar>(_ s: S) { bytes += s.canonicalBytes }
    mutating func element<G: PrimeOrderGroup>(_ e: G.Element, _: G.Type) { bytes += G.encode(e) }
}

/// Big-endian reader; every read checks the remaining length.
struct ByteReader {
    let bytes: [UInt8]
    var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var remaining: Int { bytes.count - offset }

    mutating func take(_ n: Int, _ context: String) throws(DKGDecodingError) -> [UInt8] {
        guard n >= 0, remaining >= n else { throw .truncated(context: context) }
        defer { offset += n }
        return Array(bytes[offset..<offset + n])
    }
    mutating func u8(_ context: String) throws(DKGDecodingError) -> UInt8 { try take(1, context)[0] }
    mutating func u16(_ context: String) throws(DKGDecodingError) -> Int {
        let b = try take(2, context)
        return Int(b[0]) << 8 | Int(b[1])
    }
    mutating func u32(_ context: String) throws(DKGDecodingError) -> Int {
        try take(4, context).reduce(0) { $0 << 8 | Int($1) }
    }
    mutating func u64(_ context: String) throws(DKGDecodingError) -> UInt64 {
        try take(8, context).reduce(0) { $0 << 8 | UInt64($1) }
    }
    mutating func scalar<S: GroupScalar>(_ context: String, _: S.Type) throws(DKGDecodingError) -> S {
        let b = try take(S.byteLength, context)
        do { return try S(canonicalBytes: b) } catch { throw .sharing(error) }
    }
    /// A count-prefixed commitment vector of exactly `threshold` elements.
    mutating func commitments<G: PrimeOrderGroup>(_ context: String, threshold: Int, _: G.Type) throws(DKGDecodingError) -> VSSCommitments<G> {
        let count = try u16(context)
        guard count == threshold else { throw .sharing(.commitmentCountMismatch(expected: threshold, got: count)) }
        offset -= 2
        let b = try take(2 + count * G.encodedLength, context)
        do { return try VSSCommitments<G>(decoding: b, expectedThreshold: threshold) } catch { throw .sharing(error) }
    }
    /// A group element in its fixed-length encoding: on the curve, in the subgroup, never
    /// the identity.
    mutating func element<G: PrimeOrderGroup>(_ context: String, _: G.Type) throws(DKGDecodingError) -> G.Element {
        let b = try take(G.encodedLength, context)
        do { return try G.decode(b, allowIdentity: false) } catch { throw .sharing(error) }
    }
    /// An index in `1…bound`.
    mutating func index(_ field: String, bound: Int) throws(DKGDecodingError) -> Int {
        let v = try u16(field)
        guard v >= 1, v <= bound else { throw .indexOutOfRange(field: field, value: v) }
        return v
    }
    func finish() throws(DKGDecodingError) {
        guard remaining == 0 else { throw .trailingBytes(remaining) }
    }
}

extension VSSCommitments {
    /// Coefficient-wise sum of commitment vectors of equal length.
    static func sum(_ vectors: [VSSCommitments<G>]) -> VSSCommitments<G> {
        precondition(!vectors.isEmpty)
        var acc = vectors[0].elements
        for v in vectors.dropFirst() {
            precondition(v.elements.count == acc.count)
            for k in acc.indices { acc[k] = G.add(acc[k], v.elements[k]) }
        }
        return VSSCommitments(elements: acc)
    }

    /// `Σ_k i^k · E_k`, by Horner's rule in the group: `(…(E_{t−1}·i + E_{t−2})·i + …)·i + E_0`.
    /// Each step multiplies by the small public index `i ≤ 1024` with double-and-add
    /// (about 10 doublings and as many additions), far cheaper than a multi-scalar
    /// multiplication by the full-size powers `i^k`. Public values only (variable time).
    func evaluated(at index: Int) -> G.Element {
        precondition(index >= 1 && index <= Shamir.maxShareCount)
        var acc = elements[elements.count - 1]
        var k = elements.count - 2
        while k >= 0 {
            acc = G.add(Self.multiplySmall(acc, index), elements[k])
            k -= 1
        }
        return acc
    }

    /// `m · e` for a small public `m ≥ 1`, left-to-right double-and-add.
    static func multiplySmall(_ e: G.Element, _ m: Int) -> G.Element {
        var acc = e
        var bit = Int.bitWidth - m.leadingZeroBitCount - 2
        while bit >= 0 {
            acc = G.add(acc, acc)
            if (m >> bit) & 1 == 1 { acc = G.add(acc, e) }
            bit -= 1
        }
        return acc
    }
}
