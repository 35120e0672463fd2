import BigNum
import Paillier
import Primitives
import Testing
import ThresigTestSupport

@Suite("Paillier encryption")
struct PaillierTests {
    @Test("the pool holds distinct 1536-bit safe primes; keys are 3072 bits")
    func pool() throws {
        let ps = SimulationPrimes.safePrimes1536.map { BigInt(hex: $0)! }
        #expect(ps.count >= 16)
        #expect(Set(ps).count == ps.count)
        for p in ps.prefix(4) {
            #expect(p.bitLength == 1536 && p.isProbablePrime() && ((p - 1) >> 1).isProbablePrime())
            #expect(p.testBit(0) && p.testBit(1))   // ≡ 3 mod 4: Blum
        }
        #expect(try Pool.key(0).publicKey.n.bitLength == 3072)
    }

    @Test("decrypt(encrypt(m)) = m; CRT encryption equals the public-key encryption")
    func roundTrip() throws {
        let sk = try Pool.key(0)
        let pk = sk.publicKey
        let src = RandomSource.seeded(Array("paillier-roundtrip".utf8))
        for m in [BigInt(0), BigInt(1), BigInt(-1), pk.n - 1, BigInt(1) << 1000, -(BigInt(1) << 848)] {
            let rho = src.unit(modulo: pk.n)
            let c1 = try pk.encrypt(m, randomness: rho)
            let c2 = try sk.encrypt(m, randomness: rho)
            #expect(c1 == c2)
            #expect(try sk.decrypt(c1) == m.mod(pk.n))
            if m.magnitude < (pk.n >> 1) { #expect(try sk.decryptSigned(c1) == m) }
            #expect(try sk.randomness(of: c1) == rho)
        }
    }

    @Test("homomorphic: enc(a) ⊕ enc(b) = enc(a + b); k ⊙ enc(a) = enc(k·a), signed k")
    func homomorphic() throws {
        let sk = try Pool.key(1)
        let pk = sk.publicKey
        let src = RandomSource.seeded(Array("homomorphic".utf8))
        let a = src.signed(bits: 700), b = src.signed(bits: 900), k = src.signed(bits: 256)
        let ca = pk.encrypt(a, source: src).ciphertext, cb = pk.encrypt(b, source: src).ciphertext
        #expect(try sk.decryptSigned(pk.add(ca, cb)) == a + b)
        #expect(try sk.decryptSigned(pk.multiply(ca, by: k)) == a * k)
        #expect(try sk.decryptSigned(pk.multiply(ca, by: -k)) == -(a * k))
    }

    @Test("invalid ciphertexts, randomness and moduli are refused")
    func refusals() throws {
        let sk = try Pool.key(0)
        let pk = sk.publicKey
        #expect(throws: PaillierError.invalidCiphertext) { try sk.decrypt(BigInt(0)) }
        #expect(throws: PaillierError.invalidCiphertext) { try sk.decrypt(pk.nSquared) }
        #expect(throws: PaillierError.invalidCiphertext) { try sk.decrypt(sk.primes.p * 5) }   // shares a factor with N
        #expect(throws: PaillierError.invalidRandomness) { try pk.encrypt(1, randomness: sk.primes.q) }
        #expect(throws: PaillierError.invalidRandomness) { try pk.encrypt(1, randomness: BigInt(0)) }
        #expect(throws: PaillierError.invalidModulus) { try PaillierPublicKey(n: pk.n + 1) }              // even
        #expect(throws: PaillierError.invalidModulus) { try PaillierPublicKey(n: Pool.prime(0) * Pool.prime(0)) }  // square
        #expect(throws: PaillierError.modulusTooSmall(bits: 3070, minimum: 3071)) {
            try PaillierPublicKey(n: (BigInt(1) << 3069) + 1)
        }
        // Not safe primes.
        #expect(throws: PaillierError.invalidPrime) { try PaillierSecretKey(safePrimes: SecretPrimes(p: Pool.prime(0), q: Pool.prime(0))) }
        #expect(throws: PaillierError.invalidPrime) { try PaillierSecretKey(primes: SecretPrimes(p: Pool.prime(0), q: Pool.prime(1) + 2)) }
    }

    @Test("secrets never print: description, debugDescription and dump are redacted")
    func redaction() throws {
        let sk = try Pool.key(0)
        let pHex = sk.primes.p.description
        var dumped = ""
        dump(sk, to: &dumped)
        for s in ["\(sk)", String(reflecting: sk), "\(sk.primes)", String(reflecting: sk.primes), dumped] {
            #expect(!s.contains(String(pHex.prefix(40))))
            #expect(!s.contains(String(sk.primes.p.hexString.prefix(40))))
        }
    }

    @Test("ring-Pedersen: generated parameters are consistent; bad ones are refused")
    func ringPedersen() throws {
        let sk = try Pool.key(2)
        let (rp, secret) = RingPedersenSecret.generate(for: sk, source: .seeded([1]))
        #expect(rp.t.powm(secret.lambda, rp.n) == rp.s)
        #expect(!"\(secret)".contains(secret.lambda.description.prefix(30)))
        let n = rp.n
        #expect(throws: PaillierError.invalidRingPedersen) { try RingPedersenParameters(n: n, s: rp.s, t: rp.s) }
        #expect(throws: PaillierError.invalidRingPedersen) { try RingPedersenParameters(n: n, s: sk.primes.p, t: rp.t) }
        #expect(throws: PaillierError.invalidRingPedersen) { try RingPedersenParameters(n: n, s: rp.s, t: sk.primes.q * 3) }
        #expect(throws: PaillierError.invalidRingPedersen) { try RingPedersenParameters(n: n, s: 1, t: rp.t) }
        #expect(throws: PaillierError.invalidRingPedersen) { try RingPedersenParameters(n: n, s: rp.s, t: n) }
        #expect(throws: PaillierError.modulusTooSmall(bits: 1536, minimum: 3071)) { try RingPedersenParameters(n: Pool.prime(0), s: 2, t: 3) }
    }

    @Test("signed encoding is injective and strict")
    func signedEncoding() throws {
        for v in [BigInt(0), 1, -1, 255, -256, BigInt(1) << 900, -(BigInt(1) << 900)] {
            #expect(try Signed.decode(Signed.encode(v)) == v)
        }
        #expect(Signed.encode(1) != Signed.encode(-1))
        #expect(throws: PaillierError.malformedEncoding) { try Signed.decode([]) }
        #expect(throws: PaillierError.malformedEncoding) { try Signed.decode([2, 1]) }
        #expect(throws: PaillierError.malformedEncoding) { try Signed.decode([0, 0, 1]) }   // non-minimal
        #expect(throws: PaillierError.malformedEncoding) { try Signed.decode([1]) }         // negative zero
        #expect(Signed.inRange(BigInt(1) << 10, bits: 10) && !Signed.inRange((BigInt(1) << 10) + 1, bits: 10))
        #expect(Signed.inRange(-(BigInt(1) << 10), bits: 10) && !Signed.inRange(-(BigInt(1) << 10) - 1, bits: 10))
    }

    @Test("seeded sources reproduce; derived sources differ; the system source is not seeded")
    func randomSource() {
        let a = RandomSource.seeded([7]), b = RandomSource.seeded([7])
        #expect(a.bytes(100) == b.bytes(100))
        #expect(a.derive("x").bytes(32) != a.derive("y").bytes(32))
        #expect(!RandomSource.system.isSeeded && a.isSeeded)
        let v = a.signed(bits: 8)
        #expect(v.magnitude <= 256)
    }

    @Test("cross-check against Python big-integer arithmetic (pow with big ints)")
    func pythonReference() throws {
        let sk = try Pool.key(3)
        let pk = sk.publicKey
        let cases: [(BigInt, BigInt)] = [(BigInt(12345), BigInt(987654321)), (BigInt(1) << 300, BigInt(7) << 2000), (pk.n - 5, pk.n - 2)]
        var script = "N=int('\(pk.n.hexString)',16)\nN2=N*N\np=int('\(sk.primes.p.hexString)',16)\nq=int('\(sk.primes.q.hexString)',16)\nphi=(p-1)*(q-1)\n"
        for (m, r) in cases {
            script += "c=(pow(1+N,\(m),N2)*pow(\(r),N,N2))%N2\nmu=pow(phi,-1,N)\nprint(hex(c)[2:], hex(((pow(c,phi,N2)-1)//N*mu)%N)[2:])\n"
        }
        guard let lines = PythonOracle.run(script) else { return }
        #expect(lines.count == cases.count)
        for ((m, r), line) in zip(cases, lines) {
            let parts = line.split(separator: " ").map(String.init)
            let c = try pk.encrypt(m, randomness: r)
            #expect(c.hexString == parts[0])
            #expect(try sk.decrypt(c).hexString == parts[1])
        }
    }
}
