import Testing
@testable import BigNum

@Suite struct ArithmeticTests {
    static func randomSigned(_ maxBits: Int) -> BigInt {
        let x = BigInt.random(bits: Int.random(in: 1...maxBits))
        return Bool.random() ? -x : x
    }

    @Test func divisionIdentityFloor() throws {
        for _ in 0..<300 {
            let a = Self.randomSigned(700)
            var b = Self.randomSigned(300)
            if b.isZero { b = 7 }
            let (q, r) = try a.quotientAndRemainder(dividingBy: b)
            #expect(q * b + r == a)
            if b.sign > 0 { #expect(r >= 0 && r < b) } else { #expect(r <= 0 && r > b) }
            #expect(a / b == q && a % b == r)
            let m = a.mod(b)
            #expect(m >= 0 && m < b.magnitude)
            #expect((a - m) % b == 0)
            #expect(try a.checkedMod(b) == m)
        }
    }

    @Test func floorSemanticsKnown() throws {
        #expect(BigInt(-7) / 2 == -4 && BigInt(-7) % 2 == 1)
        #expect(BigInt(7) / -2 == -4 && BigInt(7) % -2 == -1)
        #expect(BigInt(-7) / -2 == 3 && BigInt(-7) % -2 == -1)
        #expect(BigInt(-7).mod(3) == 2 && BigInt(7).mod(-3) == 1 && BigInt(-7).mod(-3) == 2)
        #expect(BigInt(-5) >> 1 == -3 && BigInt(5) >> 1 == 2 && BigInt(5) << -1 == 2 && BigInt(5) >> -2 == 20)
    }

    @Test func divisionByZeroThrows() {
        #expect(throws: BigNumError.divisionByZero) { try BigInt(5).quotientAndRemainder(dividingBy: 0) }
        #expect(throws: BigNumError.divisionByZero) { try BigInt(5).checkedMod(0) }
    }

    @Test func ringIdentities() {
        for _ in 0..<200 {
            let a = Self.randomSigned(400), b = Self.randomSigned(400), c = Self.randomSigned(400)
            #expect((a + b) * c == a * c + b * c)
            #expect(a - b == -(b - a))
            #expect(a + b - b == a)
            let k = Int.random(in: -1_000_000...1_000_000)
            #expect(a + k == a + BigInt(k) && k + a == a + BigInt(k))
            #expect(a - k == a - BigInt(k) && k - a == BigInt(k) - a)
            #expect(a * k == a * BigInt(k) && k * a == a * BigInt(k))
            var x = a; x += k; x -= b; x *= c
            #expect(x == (a + k - b) * c)
            let s = Int.random(in: 0...300)
            #expect(a << s == a * BigInt(2).power(s))
            #expect(a >> s == a / BigInt(2).power(s))   // both floor
        }
    }

    @Test func bitwiseAndRoots() {
        #expect(BigInt(0b1100) & BigInt(0b1010) == 0b1000)
        #expect(BigInt(0b1100) | BigInt(0b1010) == 0b1110)
        #expect(BigInt(0b1100) ^ BigInt(0b1010) == 0b0110)
        #expect(BigInt(-1) & BigInt(0xff) == 0xff)
        let x = BigInt.random(bits: 500)
        let r = x.squareRootFloor()
        #expect(r * r <= x && (r + 1) * (r + 1) > x)
        #expect((x * x).isPerfectSquare && !(x * x + 1).isPerfectSquare || x.isZero)
    }

    @Test func gcdLcm() {
        #expect(BigInt(12).gcd(18) == 6 && BigInt(-12).gcd(18) == 6 && BigInt(0).gcd(0) == 0)
        #expect(((BigInt(1) << 64) + 1).lcm(6) == BigInt(hex: "60000000000000006"))
        for _ in 0..<50 {
            let a = BigInt.random(bits: 256) + 1, b = BigInt.random(bits: 256) + 1
            #expect(a.gcd(b) * a.lcm(b) == a * b)
            #expect(a % a.gcd(b) == 0 && b % a.gcd(b) == 0)
        }
    }
}
