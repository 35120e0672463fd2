import BigNum
import DKG
import Foundation
import Paillier
import Primitives
import Secp256k1
import Sharing

/// Measurements behind `thresig bench ecdsa` (CPU time from `getrusage`, so that the
/// members' concurrency inside the simulator is counted once per member, not hidden).
public enum ECDSABenchmarks {
    /// Process CPU seconds (user + system) so far.
    public static func cpuSeconds() -> Double {
        var u = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &u)
        return Double(u.ru_utime.tv_sec) + Double(u.ru_utime.tv_usec) / 1e6 + Double(u.ru_stime.tv_sec) + Double(u.ru_stime.tv_usec) / 1e6
    }

    /// Payload bytes of a big integer or a point on the wire (minimal encoding, 33-byte points).
    static func size(_ xs: [BigInt]) -> Int { xs.reduce(0) { $0 + $1.bytes().count + 1 } }

    static func size(_ p: PiEnc) -> Int { size([p.S, p.A, p.C, p.z1, p.z2, p.z3]) }
    static func size(_ p: PiLogStar) -> Int { size([p.S, p.A, p.D, p.z1, p.z2, p.z3]) + 33 }
    static func size(_ p: PiAffG) -> Int { size([p.A, p.By, p.E, p.S, p.F, p.T, p.z1, p.z2, p.z3, p.z4, p.w, p.wy]) + 33 }

    /// One presigning's per-member CPU seconds and bytes sent per member (payloads).
    public struct PresignCost: Sendable {
        public let cpuSecondsPerMember: Double
        public let bytesSentPerMember: Int
    }

    /// Aux-info among `n` members from the pool (prime generation excluded): CPU seconds per member.
    public static func auxInfoPerMember(n: Int) -> (Double, [Int: AuxInfo]) {
        let members = Array(1...n)
        let pool = SimulationPrimes.safePrimes1536
        let keys = Dictionary(uniqueKeysWithValues: members.map { i in
            (i, try! PaillierSecretKey(safePrimes: SecretPrimes(p: BigInt(hex: pool[2 * i - 2])!, q: BigInt(hex: pool[2 * i - 1])!)))
        })
        let start = cpuSeconds()
        let aux = try! ECDSASimulation.runAuxInfo(members: members, sessionID: Array("bench".utf8), keys: keys, root: .system).get()
        return ((cpuSeconds() - start) / Double(n), aux)
    }

    /// Presigning among the first `t` of `n` members with fresh (system) randomness.
    public static func presign(n: Int, t: Int, aux: [Int: AuxInfo]) -> (PresignCost, [Int: Presignature]) {
        let dkg = try! DKGSimulation<Secp256k1Group>.run(n: n, t: t, behaviours: [:], seed: 1)
        let signers = Array(1...t)
        var setups: [Int: SignerSetup] = [:]
        for i in signers {
            setups[i] = try! SignerSetup(share: dkg.honestShares[i - 1], publicOutput: dkg.publicOutput, signers: signers, aux: aux[i]!)
        }
        var ps = Dictionary(uniqueKeysWithValues: signers.map { ($0, Presigner(sessionID: Array("bench".utf8), setup: setups[$0]!)) })
        let start = cpuSeconds()
        var bytes = 0
        var out1: [Int: [Int: PresignRound1]] = [:], out2: [Int: [Int: PresignRound2]] = [:], out3: [Int: [Int: PresignRound3]] = [:]
        for i in signers { out1[i] = try! ps[i]!.round1() }
        for (_, m) in out1 { for (_, x) in m { bytes += size([x.K, x.G]) + size(x.enc) } }
        for i in signers { out2[i] = try! ps[i]!.round2(ECDSASimulation.inbox(out1, to: i, signers)) }
        for (_, m) in out2 { for (_, x) in m { bytes += 33 + size([x.D, x.F, x.Dhat, x.Fhat]) + size(x.aff) + size(x.affHat) + size(x.logStar) } }
        for i in signers { out3[i] = try! ps[i]!.round3(ECDSASimulation.inbox(out2, to: i, signers)) }
        for (_, m) in out3 { for (_, x) in m { bytes += 32 + 33 + 33 + size(x.logStar) } }
        var presigs: [Int: Presignature] = [:]
        for i in signers { presigs[i] = try! ps[i]!.finish(ECDSASimulation.inbox(out3, to: i, signers)) }
        let cpu = (cpuSeconds() - start) / Double(t)
        return (PresignCost(cpuSecondsPerMember: cpu, bytesSentPerMember: bytes / t), presigs)
    }
}
