import BigNum
import Paillier

/// Keys from the committed simulation pool (Sources/Paillier/SimulationPrimes.swift).
enum Pool {
    static func prime(_ i: Int) -> BigInt { BigInt(hex: SimulationPrimes.safePrimes1536[i])! }
    static func key(_ i: Int) throws -> PaillierSecretKey {
        try PaillierSecretKey(safePrimes: SecretPrimes(p: prime(2 * i), q: prime(2 * i + 1)))
    }
}
