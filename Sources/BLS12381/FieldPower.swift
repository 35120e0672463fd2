// Exponentiation by a public, fixed exponent, shared by the extension fields.

/// The operations a fixed-window exponentiation needs.
@usableFromInline
protocol MultiplicativeField {
    static var one: Self { get }
    static func * (a: Self, b: Self) -> Self
    func squared() -> Self
    /// `b` when `choice` is 1, `a` when 0, without branching.
    static func select(_ a: Self, _ b: Self, _ choice: UInt64) -> Self
}

extension MultiplicativeField {
    /// self^e for a public exponent (little-endian limbs); 4-bit fixed windows over a
    /// 16-entry table on the stack. The exponent is public, so indexing the table by its
    /// windows (and skipping zero windows) leaks nothing; the base never steers control
    /// flow or memory addresses.
    @usableFromInline
    func fixedPower(_ exponent: [UInt64]) -> Self {
        withUnsafeTemporaryAllocation(of: Self.self, capacity: 16) { table in
            table.initialize(repeating: .one)
            table[1] = self
            for i in 2..<16 { table[i] = table[i - 1] * self }
            var acc = Self.one
            var started = false
            for limb in exponent.reversed() {
                var shift = 60
                while shift >= 0 {
                    let window = Int((limb >> UInt64(shift)) & 0xf)
                    if started { acc = acc.squared().squared().squared().squared() }
                    if window != 0 {
                        acc = started ? acc * table[window] : table[window]
                        started = true
                    }
                    shift -= 4
                }
            }
            return acc
        }
    }
}

extension Fp: MultiplicativeField {}
