import BLS12381
import DKG
import Foundation
import Primitives
import Sharing
import Testing
@testable import ThresholdBLS

typealias G1 = BLS12381G1Group

/// One ceremony per (n, t, seed), cached: a BLS12-381 ceremony costs real time.
enum Ceremonies {
    nonisolated(unsafe) static var cache: [String: DKGSimulationOutcome<G1>] = [:]
    static let lock = NSLock()

    static func honest(n: Int, t: Int, seed: UInt64 = 1) throws -> DKGSimulationOutcome<G1> {
        let key = "\(n)/\(t)/\(seed)"
        lock.lock(); defer { lock.unlock() }
        if let c = cache[key] { return c }
        let c = try DKGSimulation<G1>.run(n: n, t: t, seed: seed)
        cache[key] = c
        return c
    }
}

func partials(_ outcome: DKGSimulationOutcome<G1>, _ indices: [Int], _ message: [UInt8]) throws -> [PartialSignature] {
    try indices.map { i in
        let share = outcome.honestShares.first { $0.index == i }!
        return try BLSThreshold.partialSign(share: share.share, message: message)
    }
}

func groupKey(_ outcome: DKGSimulationOutcome<G1>) throws -> BLSPublicKey {
    try BLSPublicKey(point: outcome.publicOutput.groupPublicKey)
}
