import BigNum
import DKG
import Foundation
import Membership
import Paillier
import Sharing
import ThresholdECDSA
@testable import SignerNode

/// A shared simulated log for threshold ECDSA: like ``SimulatedLog``, every op is applied by
/// each live node's state machine in order, and each node's ceremony driver (GJKR over
/// secp256k1) and ECDSA driver (aux-info, presigning, σ_i) answer with entries appended at the
/// end, until the log is quiet. Node k takes its Paillier primes from the committed test pool
/// (``SimulationPrimes``), two per node.
struct ECDSASimulatedLog {
    let fixture: SessionFixture
    var states: [SessionStateMachine]
    var ceremonies: [CeremonyDriver]
    var drivers: [ECDSADriver]
    var down: Set<Int> = []
    var ops: [[UInt8]] = []
    var clock: UInt64 = 1
    var replies: [SessionReply] = []
    var partials: [Int: [ECDSAPartialMessage]] = [:]
    var failures: [Int: [String]] = [:]
    /// What each node would seal in its vault: its secp256k1 shares and aux info, by key.
    var shares: [Int: [KeyID: KeyShare<Secp256k1Group>]] = [:]
    var auxInfo: [Int: [KeyID: AuxInfo]] = [:]
    /// Signers each node named after a failed signing (request, committee index).
    var blamed: [Int: [(requestID: UInt64, index: Int?)]] = [:]
    /// Rewrites a node's entries before they reach the log (a faulty member).
    var tamper: ((_ node: Int, SessionCommand) -> SessionCommand)?

    /// Each node's prime pool (node k: pool pair k, unless `emptyPools` holds k — then it
    /// starts empty and its "generator" hands out pair k from another thread, as the real
    /// background generator would).
    var pools: [SafePrimePool]

    init(_ fixture: SessionFixture, emptyPools: Set<Int> = [], primesPerNode: Int = 2) {
        self.fixture = fixture
        states = fixture.nodes.map { _ in SessionStateMachine() }
        ceremonies = fixture.nodes.map { CeremonyDriver(me: $0.id, signingKey: $0.signing, encryptionKey: $0.encryption) }
        let all = SimulationPrimes.safePrimes1536.map { BigInt(hex: $0)! }
        let made: [SafePrimePool] = fixture.nodes.indices.map { k in
            guard emptyPools.contains(k) else { return SafePrimePool(primes: Array(all[(primesPerNode * k)..<(primesPerNode * (k + 1))])) }
            let supply = PrimeSupply([all[2 * k], all[2 * k + 1]])
            return SafePrimePool(primes: [], generate: { supply.next() })
        }
        pools = made
        drivers = fixture.nodes.enumerated().map { k, node in ECDSADriver(me: node.id, signingKey: node.signing, primes: made[k]) }
    }

    /// Appends `command` and applies it everywhere, then whatever the drivers answer.
    mutating func submit(_ command: SessionCommand) {
        var queue: [SessionCommand] = [command]
        while !queue.isEmpty {
            let next = queue.removeFirst()
            clock += 1
            let (bytes, reply, applied) = fixture.applyEverywhere(next, at: clock, to: &states, down: down)
            ops.append(bytes)
            for (k, events) in applied {
                let dkg = ceremonies[k].handle(events, state: states[k])
                for done in dkg.completedECDSA {
                    drivers[k].install(done.result, for: done.keyID)
                    shares[k, default: [:]][done.keyID] = done.result.share
                }
                let ecdsa = drivers[k].handleInline(events, state: states[k])
                for (keyID, info) in ecdsa.auxCompleted { auxInfo[k, default: [:]][keyID] = info }
                blamed[k, default: []] += ecdsa.blamed.map { ($0.requestID, $0.index) }
                queue += (dkg.commands + ecdsa.commands).map { tamper?(k, $0) ?? $0 }
                partials[k, default: []] += ecdsa.partials
                failures[k, default: []] += ecdsa.failures.map(\.reason)
            }
            replies.append(reply)
        }
    }
}

/// A fixed supply of primes handed out one at a time (thread-safe), standing in for generation.
final class PrimeSupply: @unchecked Sendable {
    private let lock = NSLock()
    private var primes: [BigInt]
    init(_ primes: [BigInt]) { self.primes = primes }
    func next() -> BigInt? { lock.withLock { primes.isEmpty ? nil : primes.removeFirst() } }
}
