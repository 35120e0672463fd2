import ArgumentParser
import BigNum
import Foundation
import Paillier
import Primitives
import Secp256k1
import ThresholdECDSA

/// `thresig bench ecdsa` — CGGMP21 costs: safe primes (ours beside OpenSSL's), Paillier,
/// each proof, aux-info, presigning and online signing.
struct ECDSABench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ecdsa",
        abstract: "Threshold ECDSA (CGGMP21) benchmarks.",
        discussion: """
        Prints: 1536-bit safe-prime generation (mean, min, max, standard deviation over
        --primes runs, 2 threads) beside `openssl prime -generate -safe -bits 1536`
        (OpenSSL's BN_generate_prime_ex with safe = 1, one thread) in the same run;
        Paillier encryption and decryption; each proof's prove and verify; aux-info per
        member (excluding prime generation, n = 3); presigning per member for (3,2) and
        (5,3) (CPU time and payload bytes sent; the first presigning of an aux-info epoch
        builds the ring-Pedersen comb tables, a second one reuses them); one ring-Pedersen
        commitment s^a·t^b mod N̂ by two mpz_powm_sec beside the comb; online signing (partial, combine and
        verify) and plain verification. CPU times come from getrusage.

        Example:
          thresig bench ecdsa --primes 10
        """)

    @Option(help: "Safe primes to generate with each generator (0 to skip).") var primes: Int = 10

    static func stats(_ xs: [Double]) -> String {
        guard !xs.isEmpty else { return "-" }
        let mean = xs.reduce(0, +) / Double(xs.count)
        let sd = (xs.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(max(xs.count - 1, 1))).squareRoot()
        return String(format: "mean %.2f s, min %.2f, max %.2f, sd %.2f (n = %d)", mean, xs.min()!, xs.max()!, sd, xs.count)
    }

    static func seconds(_ body: () -> Void) -> Double { Timing.nanoseconds(body) / 1e9 }

    static func ms(_ s: Double) -> String { String(format: "%.1f ms", s * 1000) }

    /// One ring-Pedersen commitment s^a·t^b mod N̂ (a ∈ ±2^(ℓ+ε), b ∈ ±2^(ℓ+ε)·N̂: the shape
    /// of Πenc's D and Πaff-g's E), old method (two `mpz_powm_sec`) beside the comb, on
    /// fresh parameters: the first comb call includes building the tables.
    static func ringPedersenKernel(_ key: PaillierSecretKey) {
        let (rp, _) = RingPedersenSecret.generate(for: key, source: .system)
        let bits = 256 + 230
        let a = BigInt.random(bits: bits + 1) - (BigInt(1) << bits)
        let b = BigInt.random(bits: bits + rp.n.bitLength + 1) - (BigInt(1) << (bits + rp.n.bitLength))
        let first = seconds { blackHole(rp.commitSecret(a, b)) }
        let old = Timing.medianNanoseconds(iterations: 5, rounds: 3) { blackHole(rp.commitSecretTwoPowers(a, b)) }
        let new = Timing.medianNanoseconds(iterations: 20, rounds: 3) { blackHole(rp.commitSecret(a, b)) }
        print(String(format: "ring-Pedersen s^a·t^b mod N̂ (3072-bit, |a| ≤ 2^486, |b| ≤ 2^486·N̂): two powm_sec %.2f ms, comb %.2f ms (%.1f× faster; first call with table build %.1f ms)",
                     old / 1e6, new / 1e6, old / new, first * 1000))
    }

    func run() throws {
        if primes > 0 {
            var ours: [Double] = [], ossl: [Double] = []
            for _ in 0..<primes { ours.append(Self.seconds { blackHole(try! Primes.safePrime(bits: 1536, threads: 2)) }) }
            for _ in 0..<primes {
                ossl.append(Self.seconds {
                    let p = Process()
                    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
                    p.arguments = ["openssl", "prime", "-generate", "-safe", "-bits", "1536"]
                    p.standardOutput = Pipe()
                    try? p.run(); p.waitUntilExit()
                })
            }
            print("safe prime 1536 bits, thresig (2 threads): \(Self.stats(ours))")
            print("safe prime 1536 bits, openssl prime -safe:  \(Self.stats(ossl))")
        }
        let pool = SimulationPrimes.safePrimes1536
        let primesPair = SecretPrimes(p: BigInt(hex: pool[0])!, q: BigInt(hex: pool[1])!)
        var key: PaillierSecretKey! = nil
        print("paillier key from two safe primes (checks + CRT constants): \(Self.ms(Self.seconds { key = try! PaillierSecretKey(safePrimes: primesPair) }))")
        let pk = key.publicKey
        let rho = BigInt.randomUnit(modulo: pk.n), m = BigInt.random(bits: 256)
        var c = BigInt()
        print("paillier encrypt (public key): \(Self.ms(Self.seconds { c = try! pk.encrypt(m, randomness: rho) }))")
        print("paillier encrypt (CRT, own key): \(Self.ms(Self.seconds { c = try! key.encrypt(m, randomness: rho) }))")
        print("paillier decrypt (CRT): \(Self.ms(Self.seconds { blackHole(try! key.decrypt(c)) }))")
        Self.ringPedersenKernel(key)
        for proof in ProofCases.proofNames {
            // Prove includes the statement's own set-up (encryptions, the verifier's ring-Pedersen).
            let o = try! ProofCases.run(proof: proof, field: nil, seed: 1)
            print("\(proof): prove \(Self.ms(o.proveSeconds)) (incl. statement set-up), verify \(Self.ms(o.verifySeconds))")
        }
        let (auxCPU, aux3) = ECDSABenchmarks.auxInfoPerMember(n: 3)
        print(String(format: "aux-info per member (n = 3, prime generation excluded): %.2f s CPU", auxCPU))
        let (cost32, presigs) = ECDSABenchmarks.presign(n: 3, t: 2, aux: aux3)
        print(String(format: "presigning (3,2) per member: %.3f s CPU, %d bytes sent", cost32.cpuSecondsPerMember, cost32.bytesSentPerMember))
        // Same aux info again: the ring-Pedersen tables built by the first presigning are reused.
        let (warm32, _) = ECDSABenchmarks.presign(n: 3, t: 2, aux: aux3)
        print(String(format: "presigning (3,2) per member, second of the epoch (comb tables warm): %.3f s CPU", warm32.cpuSecondsPerMember))
        let (_, aux5) = ECDSABenchmarks.auxInfoPerMember(n: 5)
        let (cost53, _) = ECDSABenchmarks.presign(n: 5, t: 3, aux: aux5)
        print(String(format: "presigning (5,3) per member: %.3f s CPU, %d bytes sent", cost53.cpuSecondsPerMember, cost53.bytesSentPerMember))
        let digest = SHA256.hash(Array("bench".utf8))
        var sig: ThresholdECDSASignature! = nil
        let online = Self.seconds {
            let partials = [1, 2].map { try! presigs[$0]!.partialSign(digest: digest) }
            sig = try! ECDSACombiner.combine(presigs[1]!.publicPart, digest: digest, partials: partials)
        }
        print("online signing (2 partials + combine + verify): \(String(format: "%.3f ms", online * 1000))")
        let pub = presigs[1]!.publicPart.groupPublicKey
        let v = Timing.medianNanoseconds(iterations: 200) { blackHole(ECDSA.verify(signature: sig.signature, digest: digest, publicKey: pub)) }
        print(String(format: "ecdsa verify: %.1f µs", v / 1000))
    }
}
