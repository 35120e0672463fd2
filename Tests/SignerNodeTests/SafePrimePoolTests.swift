import BigNum
import Foundation
@testable import SignerNode
import Testing

/// The safe-prime pool: the committed public test file loads, nodes take disjoint slices of it,
/// keys come out at 3072 bits, and a file with anything but 1536-bit safe primes is refused.
@Suite struct SafePrimePoolTests {
    static let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../deploy/testing/safe-primes-1536.txt").standardized.path

    @Test func theTestPoolLoadsAndNodesTakeDisjointSlices() throws {
        let pool = try SafePrimePool.load(file: Self.file)
        #expect(pool.count == 20)
        let slices = (0..<3).map { pool.slice(member: $0, of: 3) }
        #expect(slices.map(\.count) == [8, 6, 6])
        var moduli = Set<BigInt>()
        for slice in slices {
            while let key = slice.takeKey() {
                #expect(key.publicKey.n.bitLength == 3072)
                #expect(moduli.insert(key.publicKey.n).inserted, "two nodes would share a Paillier modulus")
            }
            #expect(slice.count == 0)
        }
        #expect(moduli.count == 10)
    }

    @Test func aFileWithAnythingButSafePrimesIsRefused() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("thresig-primes-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let good = try String(contentsOfFile: Self.file, encoding: .utf8).split(separator: "\n").filter { !$0.hasPrefix("#") }
        let p = try #require(BigInt(hex: String(good[0])))
        // p + 2 is not prime; a 1535-bit safe prime is the wrong size; q = (p − 1)/2 is prime but
        // not safe unless (q − 1)/2 is.
        for (bad, line) in [((p + 2).hexString, 2), ("zz", 2), (((p - 1) >> 1).hexString, 2)] {
            let path = dir.appendingPathComponent("bad.txt").path
            try "# comment\n\(bad)\n".write(toFile: path, atomically: true, encoding: .utf8)
            #expect(throws: SafePrimePoolError.notASafePrime(line: line)) { try SafePrimePool.load(file: path) }
        }
        #expect(throws: SafePrimePoolError.unreadable(dir.path + "/missing")) { try SafePrimePool.load(file: dir.path + "/missing") }
        let path = dir.appendingPathComponent("ok.txt").path
        try "\n0x\(good[0])\n  \(good[1])  \n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try SafePrimePool.load(file: path).count == 2)
    }

    @Test func signerSetsRotateThroughEveryTSubset() {
        #expect(ECDSADuties.signerSets(t: 2, n: 3) == [[1, 2], [1, 3], [2, 3]])
        #expect(ECDSADuties.signerSets(t: 3, n: 4) == [[1, 2, 3], [1, 2, 4], [1, 3, 4], [2, 3, 4]])
        // t = 1 still presigns between two parties (CGGMP21 presigning has ≥ 2 signers).
        #expect(ECDSADuties.signerSets(t: 1, n: 3) == [[1, 2], [1, 3], [2, 3]])
        #expect(ECDSADuties.commands(SessionStateMachine(), poolSize: 8).isEmpty)
    }

    @Test func ecdsaConfigSection() throws {
        let base = NodeConfigTemplate.render(nodeID: "n1", logListen: "127.0.0.1:1", apiListen: "127.0.0.1:2", defaultThreshold: 1)
        let defaults = try NodeConfig.parse(base, baseDirectory: "/etc/thresig")
        #expect(defaults.presignaturePoolSize == 8 && defaults.safePrimePoolFile == nil && defaults.safePrimeTarget == 4)
        let c = try NodeConfig.parse(base + "ecdsa:\n  presignature_pool_size: 3\n  safe_prime_pool_file: primes.txt\n  safe_prime_target: 0\n",
                                     baseDirectory: "/etc/thresig")
        #expect(c.presignaturePoolSize == 3 && c.safePrimePoolFile == "/etc/thresig/primes.txt" && c.safePrimeTarget == 0)
        #expect(throws: NodeConfigError.invalidValue("ecdsa.presignature_pool_size", "an integer in 0…1024")) {
            try NodeConfig.parse(base + "ecdsa:\n  presignature_pool_size: -1\n", baseDirectory: "/")
        }
        #expect(throws: NodeConfigError.unknownField("ecdsa.pool")) { try NodeConfig.parse(base + "ecdsa:\n  pool: 3\n", baseDirectory: "/") }
    }
}
