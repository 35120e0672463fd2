import CGMP
import CSodium
import Primitives

/// Owner of one GMP `mpz_t`. Immutable once shared: ``BigInt`` mutates it only after
/// `isKnownUniquelyReferenced` (copy-on-write), which is what makes `@unchecked Sendable`
/// sound. The `mpz_t` lives behind a pointer (not a stored struct) so that GMP calls never
/// take `&` of a class field, which Swift's exclusivity checking would reject.
final class MPZ: @unchecked Sendable {
    let p: UnsafeMutablePointer<__mpz_struct>

    init() {
        ensureZeroingGMPAllocator()
        p = .allocate(capacity: 1)
        __gmpz_init(p)
    }

    init(copying other: MPZ) {
        ensureZeroingGMPAllocator()
        p = .allocate(capacity: 1)
        __gmpz_init_set(p, other.p)
    }

    deinit {
        // Zero the limbs ourselves too: the zeroing allocator covers the heap block, this
        // covers the (unlikely) case of a GMP built with a different free path.
        let alloc = Int(p.pointee._mp_alloc)
        if alloc > 0, let d = p.pointee._mp_d {
            sodium_memzero(d, alloc * MemoryLayout<mp_limb_t>.size)
        }
        __gmpz_clear(p)
        p.deallocate()
    }
}

/// An arbitrary-precision signed integer over GMP, with value semantics.
///
/// `BigInt` is a copy-on-write struct around a GMP `mpz_t`. Copies share storage until
/// one of them is mutated. Storage is zeroed when released (limbs wiped before
/// `mpz_clear`, and GMP's allocator zeroes every freed or reallocated block), so secret
/// values do not linger in freed heap memory.
///
/// Operations are **not** constant time unless documented (``powmSec(_:_:)``). Division
/// follows **floor** semantics (see ``quotientAndRemainder(dividingBy:)``), unlike
/// Swift's `Int`, which truncates.
public struct BigInt: Sendable {
    var storage: MPZ

    init(storage: MPZ) { self.storage = storage }

    /// Builds a result by running `body` on a fresh `mpz_t`.
    @inline(__always)
    static func make(_ body: (UnsafeMutablePointer<__mpz_struct>) -> Void) -> BigInt {
        let s = MPZ()
        body(s.p)
        return BigInt(storage: s)
    }

    /// Pointer for reading. Only valid while `self` is alive: use it inside methods on
    /// `self` or with parameters, which the caller keeps alive for the duration of the call.
    @inline(__always)
    var ptr: UnsafePointer<__mpz_struct> { UnsafePointer(storage.p) }

    /// Pointer for writing; copies the storage first if it is shared (copy-on-write).
    @inline(__always)
    mutating func mutablePtr() -> UnsafeMutablePointer<__mpz_struct> {
        if !isKnownUniquelyReferenced(&storage) { storage = MPZ(copying: storage) }
        return storage.p
    }

    /// Zero.
    public init() { storage = MPZ() }

    /// The value of `v`.
    public init(_ v: Int) {
        storage = MPZ()
        __gmpz_set_si(storage.p, v)
    }

    /// The value of `v`.
    public init(_ v: UInt) {
        storage = MPZ()
        __gmpz_set_ui(storage.p, v)
    }

    /// The non-negative integer whose big-endian unsigned encoding is `bytes`
    /// (leading zero bytes allowed; the empty array is zero).
    public init(bytes: [UInt8]) {
        storage = MPZ()
        if !bytes.isEmpty {
            let p = storage.p
            bytes.withUnsafeBytes { __gmpz_import(p, bytes.count, 1, 1, 1, 0, $0.baseAddress) }
        }
    }

    /// Parses hex: an optional leading `-`, an optional `0x`/`0X` prefix, then at least
    /// one hex digit (either case). No whitespace, no `+`. Throws ``BigNumError/invalidHex``.
    public init(validatingHex string: String) throws(BigNumError) {
        guard let v = BigInt.parse(string, base: 16) else { throw .invalidHex }
        self = v
    }

    /// Parses hex like ``init(validatingHex:)``; `nil` when the string is not valid hex.
    public init?(hex string: String) {
        guard let v = BigInt.parse(string, base: 16) else { return nil }
        self = v
    }

    /// Parses decimal: an optional leading `-`, then at least one digit.
    /// Throws ``BigNumError/invalidDecimal``.
    public init(validatingDecimal string: String) throws(BigNumError) {
        guard let v = BigInt.parse(string, base: 10) else { throw .invalidDecimal }
        self = v
    }

    /// Parses decimal like ``init(validatingDecimal:)``; `nil` when invalid.
    public init?(decimal string: String) {
        guard let v = BigInt.parse(string, base: 10) else { return nil }
        self = v
    }

    /// Validates the characters ourselves (GMP's `mpz_set_str` would accept embedded
    /// whitespace) and hands GMP a clean NUL-terminated digit string.
    private static func parse(_ string: String, base: Int32) -> BigInt? {
        var digits = Array(string.utf8)
        var negative = false
        if digits.first == UInt8(ascii: "-") { negative = true; digits.removeFirst() }
        if base == 16, digits.count >= 2, digits[0] == UInt8(ascii: "0"),
           digits[1] == UInt8(ascii: "x") || digits[1] == UInt8(ascii: "X") {
            digits.removeFirst(2)
        }
        guard !digits.isEmpty else { return nil }
        for c in digits {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): continue
            case UInt8(ascii: "a")...UInt8(ascii: "f"), UInt8(ascii: "A")...UInt8(ascii: "F"):
                if base == 16 { continue } else { return nil }
            default: return nil
            }
        }
        digits.append(0)
        let s = MPZ()
        let rc = digits.withUnsafeBufferPointer { buf in
            buf.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buf.count) {
                __gmpz_set_str(s.p, $0, base)
            }
        }
        Wipe.bytes(&digits)
        guard rc == 0 else { return nil }
        if negative { __gmpz_neg(s.p, s.p) }
        return BigInt(storage: s)
    }

    // MARK: Output

    /// The minimal big-endian encoding of the magnitude `|self|` (the sign is dropped);
    /// zero encodes as the empty array.
    public func bytes() -> [UInt8] {
        let n = byteCount
        guard n > 0 else { return [] }
        var out = [UInt8](repeating: 0, count: n)
        let p = ptr
        out.withUnsafeMutableBytes { buf in
            var written = 0
            _ = __gmpz_export(buf.baseAddress, &written, 1, 1, 1, 0, p)
            precondition(written == n)
        }
        return out
    }

    /// The big-endian unsigned encoding left-padded with zeros to exactly `length` bytes.
    /// Throws ``BigNumError/negativeValue`` for negative values and
    /// ``BigNumError/doesNotFit(length:)`` when `length` is negative or too small.
    public func bytes(length: Int) throws(BigNumError) -> [UInt8] {
        guard sign >= 0 else { throw .negativeValue }
        let n = byteCount
        guard length >= 0, n <= length else { throw .doesNotFit(length: length) }
        var out = [UInt8](repeating: 0, count: length)
        guard n > 0 else { return out }
        let p = ptr
        out.withUnsafeMutableBytes { buf in
            var written = 0
            _ = __gmpz_export(buf.baseAddress! + (length - n), &written, 1, 1, 1, 0, p)
            precondition(written == n)
        }
        return out
    }

    /// Bytes in the minimal encoding of `|self|` (0 for zero).
    var byteCount: Int { (bitLength + 7) / 8 }

    /// Lower-case hex of the value, no prefix, minimal digits, `-` in front when
    /// negative; zero is `"0"`. Round-trips through ``init(hex:)``.
    public var hexString: String { string(base: 16) }

    private func string(base: Int32) -> String {
        // mpz_sizeinbase may overestimate by one; +2 for sign and NUL.
        let capacity = __gmpz_sizeinbase(ptr, base) + 2
        var buf = [CChar](repeating: 0, count: capacity)
        let p = ptr
        buf.withUnsafeMutableBufferPointer { _ = __gmpz_get_str($0.baseAddress, base, p) }
        let end = buf.firstIndex(of: 0) ?? buf.count
        return String(decoding: buf[..<end].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    // MARK: Properties

    /// Number of bits of `|self|`: the position of the highest set bit plus one; 0 for zero.
    public var bitLength: Int {
        ptr.pointee._mp_size == 0 ? 0 : Int(__gmpz_sizeinbase(ptr, 2))
    }

    /// Same as ``bitLength`` (bits of the magnitude, no sign bit). Unlike
    /// `BinaryInteger.bitWidth` this counts no sign bit: a 1024-bit prime has `bitWidth` 1024.
    public var bitWidth: Int { bitLength }

    /// True when the value is zero.
    public var isZero: Bool { ptr.pointee._mp_size == 0 }

    /// True when the value is odd (negative values included: -3 is odd).
    public var isOdd: Bool {
        ptr.pointee._mp_size != 0 && (ptr.pointee._mp_d[0] & 1) == 1
    }

    /// True when the value is even.
    public var isEven: Bool { !isOdd }

    /// -1, 0 or 1 (`mpz_sgn` is a C macro; GMP keeps the sign in `_mp_size`).
    public var sign: Int {
        let s = ptr.pointee._mp_size
        return s > 0 ? 1 : (s < 0 ? -1 : 0)
    }

    /// The value as an `Int`, or `nil` when it does not fit.
    public var intValue: Int? {
        __gmpz_fits_slong_p(ptr) != 0 ? __gmpz_get_si(ptr) : nil
    }

    /// Bit `index` of the two's-complement representation (infinite sign extension for
    /// negative values, as GMP's `mpz_tstbit`).
    public func testBit(_ index: Int) -> Bool {
        precondition(index >= 0, "bit index must be non-negative")
        return __gmpz_tstbit(ptr, mp_bitcnt_t(index)) != 0
    }
}

extension BigInt: Equatable, Hashable, Comparable {
    /// Value equality.
    public static func == (lhs: BigInt, rhs: BigInt) -> Bool {
        __gmpz_cmp(lhs.ptr, rhs.ptr) == 0
    }

    /// Numeric order.
    public static func < (lhs: BigInt, rhs: BigInt) -> Bool {
        __gmpz_cmp(lhs.ptr, rhs.ptr) < 0
    }

    /// Hashes the sign and limbs (equal values have identical normalised limbs in GMP).
    public func hash(into hasher: inout Hasher) {
        let size = Int(ptr.pointee._mp_size)
        hasher.combine(size)
        if size != 0 {
            hasher.combine(bytes: UnsafeRawBufferPointer(
                start: ptr.pointee._mp_d, count: abs(size) * MemoryLayout<mp_limb_t>.size))
        }
    }
}

extension BigInt: ExpressibleByIntegerLiteral {
    /// Any-size literal, e.g. `let p: BigInt = 0xffff_ffff_…` (a 256-bit constant).
    public init(integerLiteral value: StaticBigInt) {
        // StaticBigInt exposes two's-complement words, least significant first.
        let wordCount = (value.bitWidth + UInt.bitWidth - 1) / UInt.bitWidth
        var words = [UInt](repeating: 0, count: Swift.max(wordCount, 1))
        for i in 0..<words.count { words[i] = value[i] }
        let s = MPZ()
        words.withUnsafeBytes { __gmpz_import(s.p, words.count, -1, MemoryLayout<UInt>.size, 0, 0, $0.baseAddress) }
        if value.signum() < 0 {
            // Two's complement of n words: value = unsigned − 2^(64n).
            let t = MPZ()
            __gmpz_setbit(t.p, mp_bitcnt_t(words.count * UInt.bitWidth))
            withExtendedLifetime(t) { __gmpz_sub(s.p, s.p, t.p) }
        }
        self.init(storage: s)
    }
}

extension BigInt: CustomStringConvertible, CustomDebugStringConvertible {
    /// Decimal, with a leading `-` when negative.
    public var description: String { string(base: 10) }
    /// Decimal, as ``description``.
    public var debugDescription: String { "BigInt(\(description))" }
}
