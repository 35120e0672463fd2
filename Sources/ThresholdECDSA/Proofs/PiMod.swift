import BigNum
import Paillier

/// Πmod — proof that N is a Paillier–Blum modulus (a product of two primes p ≡ q ≡ 3 mod 4,
/// gcd(N, φ(N)) = 1), CGGMP21 (eprint 2021/060) Figure 16, with m = 128 repetitions.
///
/// The prover sends `w` with Jacobi(w, N) = −1; for challenges `y_1…y_m ∈ Z*_N` it sends
/// `x_i = (y′_i)^{1/4}` where `y′_i = (−1)^{a_i} w^{b_i} y_i` is chosen to be a square, and
/// `z_i = y_i^{N^{−1} mod φ(N)}`. The verifier checks N odd and composite, gcd(w, N) = 1,
/// Jacobi(w, N) = −1, the challenges distinct, `z_i^N = y_i` and `x_i^4 = (−1)^{a_i} w^{b_i} y_i`
/// mod N. Why: a Paillier modulus with more than two factors or with a square factor breaks
/// the hiding of encryptions and is how BitForge-style attacks extract shares.
public struct PiMod: Sendable, Hashable {
    /// One repetition's response.
    public struct Response: Sendable, Hashable {
        /// x_i, a fourth root of (−1)^a w^b y_i.
        public var x: BigInt
        /// a_i.
        public var a: Bool
        /// b_i.
        public var b: Bool
        /// z_i, the N-th root of y_i.
        public var z: BigInt
    }
    /// w, with Jacobi symbol −1.
    public var w: BigInt
    /// m responses.
    public var responses: [Response]

    static let tag = "pi-mod"

    static func challenges(n: BigInt, w: BigInt, context: ProofContext) -> [BigInt] {
        var fs = FiatShamir(tag: tag, context: context)
        fs.int("N", n); fs.int("w", w)
        return fs.challengeUnits(CGGMPParameters.iterations, modulus: n)
    }

    /// Proves that the key's modulus is Paillier–Blum. Throws `.witnessInvalid` when its
    /// primes are not ≡ 3 mod 4.
    public static func prove(key: PaillierSecretKey, context: ProofContext, source: RandomSource) throws(ProofError) -> PiMod {
        let p = key.primes.p, q = key.primes.q, n = key.publicKey.n
        guard p.testBit(0), p.testBit(1), q.testBit(0), q.testBit(1) else { throw .witnessInvalid("primes are not ≡ 3 mod 4") }
        var w: BigInt
        repeat { w = source.unit(modulo: n) } while w.jacobi(n) != -1
        let ys = challenges(n: n, w: w, context: context)
        // N^{-1} mod φ(N), reduced per prime for the CRT.
        guard let nInv = n.modInverse(key.totient) else { throw .witnessInvalid("gcd(N, φ(N)) ≠ 1") }
        // Fourth root of a square mod a Blum prime r: a^{((r+1)/4)²}; the result is a square itself.
        let fp = (((p + 1) >> 2) * ((p + 1) >> 2)).mod(p - 1)
        let fq = (((q + 1) >> 2) * ((q + 1) >> 2)).mod(q - 1)
        let wp = w.jacobi(p), wq = w.jacobi(q)
        var responses: [Response] = []
        for y in ys {
            var a = false, b = false
            let yp = y.jacobi(p), yq = y.jacobi(q)
            // Find (a, b) with (−1)^a w^b y a square mod p and mod q (−1 is a non-square mod each Blum prime).
            search: for aa in [false, true] {
                for bb in [false, true] {
                    let sp = yp * (aa ? -1 : 1) * (bb ? wp : 1)
                    let sq = yq * (aa ? -1 : 1) * (bb ? wq : 1)
                    if sp == 1 && sq == 1 { a = aa; b = bb; break search }
                }
            }
            var yPrime = y
            if b { yPrime = (yPrime * w).mod(n) }
            if a { yPrime = (n - yPrime).mod(n) }
            let xp = try! yPrime.mod(p).powmSec(fp.isZero ? BigInt(1) : fp, p)
            let xq = try! yPrime.mod(q).powmSec(fq.isZero ? BigInt(1) : fq, q)
            let x = xp + p * ((xq - xp) * p.modInverse(q)!).mod(q)
            let z = key.powModN(y, nInv)
            responses.append(Response(x: x, a: a, b: b, z: z))
        }
        return PiMod(w: w, responses: responses)
    }

    /// Verifies the proof for modulus `n`.
    public func verify(n: BigInt, context: ProofContext) throws(ProofError) {
        guard n > 3, n.isOdd else { throw .invalidModulus("N must be odd") }
        guard !n.isProbablePrime() else { throw .invalidModulus("N is prime") }
        guard w.sign > 0, w < n, w.gcd(n) == 1 else { throw .invalidValue("w not a unit mod N") }
        guard w.jacobi(n) == -1 else { throw .invalidValue("Jacobi(w, N) ≠ −1") }
        guard responses.count == CGGMPParameters.iterations else {
            throw .wrongRepetitionCount(expected: CGGMPParameters.iterations, got: responses.count)
        }
        let ys = Self.challenges(n: n, w: w, context: context)
        guard Set(ys).count == ys.count else { throw .invalidValue("challenges not distinct") }
        for (y, r) in zip(ys, responses) {
            guard r.x.sign >= 0, r.x < n, r.z.sign >= 0, r.z < n else { throw .responseOutOfRange("x_i, z_i ∈ [0, N)") }
            guard r.z.powm(n, n) == y else { throw .equationFailed("z_i^N = y_i mod N") }
            var rhs = y
            if r.b { rhs = (rhs * w).mod(n) }
            if r.a { rhs = (n - rhs).mod(n) }
            guard r.x.powm(BigInt(4), n) == rhs else { throw .equationFailed("x_i^4 = (−1)^a w^b y_i mod N") }
        }
    }
}
