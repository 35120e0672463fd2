import ArgumentParser
import Foundation
import Primitives
import Secp256k1
import BLS12381

/// A dudect-style statistical timing check (Reparaz, Balasch, Verbauwhede, "Dude, is my
/// code constant time?", DATE 2017): time one secret-dependent operation on two classes
/// of secrets — a fixed, structurally extreme secret and fresh random ones — in a random
/// interleaving, crop the slowest samples (noise from interrupts), and compare the two
/// timing distributions with Welch's t-test. |t| above 4.5 means the running time leaks
/// which class the secret came from; below it, no leak was detected at this sample size.
enum DudectCheck {
    struct Result { var t: Double; var samples: Int; var meanFixed: Double; var meanRandom: Double }

    /// `prepare(isFixed)` builds the input outside the timed region; `run` is timed.
    /// `prepare` must do the same work for both classes (draw the random secret and then
    /// discard it for the fixed class), or the cache state it leaves behind differs by class.
    static func run<Input>(samples: Int, prepare: (Bool) -> Input, _ body: (Input) -> Void) -> Result {
        var rng = SystemCSPRNG()
        var fixed: [Double] = [], random: [Double] = []
        fixed.reserveCapacity(samples); random.reserveCapacity(samples)
        let clock = ContinuousClock()
        for _ in 0..<(2 * samples) {
            let isFixed = Bool.random(using: &rng)
            let input = prepare(isFixed)
            let d = clock.measure { body(input) }
            let ns = Double(d.components.attoseconds) / 1e9 + Double(d.components.seconds) * 1e9
            if isFixed { fixed.append(ns) } else { random.append(ns) }
        }
        // Crop at the 90th percentile of all samples: dudect's simplest pre-processing.
        let cut = (fixed + random).sorted()[Int(Double(fixed.count + random.count) * 0.9)]
        let a = fixed.filter { $0 <= cut }, b = random.filter { $0 <= cut }
        func meanVar(_ x: [Double]) -> (Double, Double) {
            let m = x.reduce(0, +) / Double(x.count)
            return (m, x.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(max(1, x.count - 1)))
        }
        let (ma, va) = meanVar(a), (mb, vb) = meanVar(b)
        let t = (ma - mb) / (va / Double(a.count) + vb / Double(b.count)).squareRoot()
        return Result(t: t, samples: a.count + b.count, meanFixed: ma, meanRandom: mb)
    }
}

/// `thresig bench ct`: run the dudect-style check on the secret-dependent operations.
struct ConstantTimeBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ct",
        abstract: "Statistical constant-time check (dudect-style Welch t-test) of secret-scalar operations.",
        discussion: """
        For each operation, times the fixed-secret class (a structurally extreme secret:
        1, or a value with long runs of zero bits) against random secrets, interleaved at
        random, and prints Welch's t. |t| < 4.5 passes (no leak detected at this sample
        size); the command exits 1 if any operation fails. A control line times the
        variable-time wNAF path, which must show a leak (else the check is blind and also
        fails). Run it on a quiet machine, in a release build.

        Example:
          thresig bench ct --samples 20000
        """
    )

    @Option(help: "Samples per class (at least 100).") var samples = 10_000

    func validate() throws {
        guard samples >= 100 else { throw ValidationError("--samples must be at least 100") }
    }

    func run() throws {
        var failed = false
        for (name, result) in Self.checks(samples: samples) {
            let verdict = abs(result.t) < 4.5 ? "ok" : "LEAK?"
            if abs(result.t) >= 4.5 { failed = true }
            print(name.padding(toLength: 56, withPad: " ", startingAt: 0)
                  + String(format: "t = %7.2f  (%d samples; mean fixed %.0f ns, random %.0f ns)  %@",
                           result.t, result.samples, result.meanFixed, result.meanRandom, verdict))
        }
        // Control: the variable-time wNAF path for public scalars must show a leak, or the
        // measurement is not sensitive enough to mean anything.
        let point = Point.generator.multiply(by: Secp256k1.Scalar(777))
        let control = DudectCheck.run(samples: samples, prepare: { fixedClass in
            let r = Secp256k1.Scalar.randomNonZero(); return fixedClass ? Secp256k1.Scalar.one : r
        }) { blackHole(point.multiply(by: $0)) }
        print("control: secp256k1 k·P wNAF (variable time), k = 1".padding(toLength: 56, withPad: " ", startingAt: 0)
              + String(format: "t = %7.2f  (must be far above 4.5: %@)", control.t, abs(control.t) >= 4.5 ? "detected" : "NOT DETECTED"))
        if abs(control.t) < 4.5 { failed = true }
        if failed { throw ExitCode(1) }
    }

    static func checks(samples: Int) -> [(String, DudectCheck.Result)] {
        let point = Point.generator.multiply(by: Secp256k1.Scalar(12345))
        // Structurally extreme fixed secrets: 1 (one set bit), n − 1 (all but the top
        // window odd/high), 2^256 − n mod n (a 129-bit value: long run of zero windows,
        // and the one scalar whose last generator-table addition needs the doubling
        // fallback).
        let fixedScalars: [(String, Secp256k1.Scalar)] = [
            ("1", .one),
            ("n−1", -Secp256k1.Scalar.one),
            ("2^256−n", try! Secp256k1.Scalar(integerBytes: [0x01, 0x45, 0x51, 0x23, 0x19, 0x50, 0xb7, 0x5f, 0xc4, 0x40, 0x2d, 0xa1, 0x73, 0x2f, 0xc9, 0xbe, 0xbf])),
        ]
        var out: [(String, DudectCheck.Result)] = []
        for (label, fixed) in fixedScalars {
            let prepare: (Bool) -> Secp256k1.Scalar = { fixedClass in
                let r = Secp256k1.Scalar.randomNonZero()
                return fixedClass ? fixed : r
            }
            out.append(("secp256k1 k·P (multiplySecret), k = \(label)", DudectCheck.run(samples: samples, prepare: prepare) {
                blackHole(point.multiplySecret($0))
            }))
            out.append(("secp256k1 k·G (generatorMultiplySecret), k = \(label)", DudectCheck.run(samples: samples, prepare: prepare) {
                blackHole(Point.generatorMultiplySecret($0))
            }))
        }
        return out + extraChecks(samples: samples) + ringPedersenChecks(samples: samples)
    }
}


extension ConstantTimeBench {
    /// BLS12-381: signing (sk · H(m) in G2, GLS) and sk · G1 (the public key), secret key 1
    /// against random keys.
    static func extraChecks(samples: Int) -> [(String, DudectCheck.Result)] {
        let msg = Array("dudect".utf8)
        let one = try! BLSSecretKey(bytes: [UInt8](repeating: 0, count: 31) + [1])
        let prepare: (Bool) -> BLSSecretKey = { fixedClass in
            let r = BLSSecretKey.generate()
            return fixedClass ? one : r
        }
        let h = HashToG2.hash(message: msg, dst: HashToG2.ethereumSignatureDST)
        let scalarOne = BLS12381.Scalar.one
        return [
            ("BLS12-381 sign (sk·H(m) in G2), sk = 1", DudectCheck.run(samples: max(1, samples / 4), prepare: prepare) {
                blackHole($0.sign(msg))
            }),
            ("BLS12-381 k·P in G2 (multiplied(by:)), k = 1", DudectCheck.run(samples: max(1, samples / 4), prepare: { fixedClass in
                let r = BLS12381.Scalar.random(); return fixedClass ? scalarOne : r
            }) { blackHole(h.multiplied(by: $0)) }),
        ]
    }
}
