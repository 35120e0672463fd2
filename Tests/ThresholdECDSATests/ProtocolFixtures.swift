import BigNum
import DKG
import Foundation
import Paillier
import Primitives
import Secp256k1
import Sharing
import Testing
import ThresigTestSupport
@testable import ThresholdECDSA

/// One aux-info run among members 1…5 (pool pairs 0–4), shared by every presigning test:
/// aux info does not depend on the key, so committees of 2…5 members reuse its first n
/// members.
enum SharedAux {
    static let members = [1, 2, 3, 4, 5]
    static let result: [Int: AuxInfo] = {
        let keys = Dictionary(uniqueKeysWithValues: members.map { ($0, Fixtures.key($0 - 1)) })
        switch ECDSASimulation.runAuxInfo(members: members, sessionID: Array("shared-aux".utf8), keys: keys,
                                          root: .seeded(Array("shared-aux".utf8))) {
        case let .success(a): return a
        case let .failure(e): fatalError("shared aux-info failed: \(e)")
        }
    }()

    /// A seeded DKG over secp256k1 for (n, t).
    static func dkg(n: Int, t: Int, seed: UInt64 = 42) throws -> DKGSimulationOutcome<Secp256k1Group> {
        try DKGSimulation<Secp256k1Group>.run(n: n, t: t, behaviours: [:], seed: seed)
    }

    /// Presigning among `signers` of a DKG outcome, with optional misbehaviours.
    static func presign(_ dkg: DKGSimulationOutcome<Secp256k1Group>, signers: [Int], behaviours: [Int: ECDSABehaviour] = [:],
                        label: String) throws -> Result<[Int: Presignature], ECDSASimulation.PresignRunFailure> {
        var setups: [Int: SignerSetup] = [:]
        for i in signers {
            let share = dkg.honestShares.first { $0.index == i }!
            setups[i] = try SignerSetup(share: share, publicOutput: dkg.publicOutput, signers: signers, aux: result[i]!)
        }
        return ECDSASimulation.runPresign(signers: signers, sessionID: Array(label.utf8), setups: setups,
                                          behaviours: behaviours, root: .seeded(Array(label.utf8)))
    }
}

/// All subsets of `items` of size `k`, in lexicographic order.
func subsets(_ items: [Int], _ k: Int) -> [[Int]] {
    if k == 0 { return [[]] }
    guard items.count >= k else { return [] }
    let head = items[0], tail = Array(items.dropFirst())
    return subsets(tail, k - 1).map { [head] + $0 } + subsets(tail, k)
}

/// Verifies (compact signature, digest, compressed public key) triples with coincurve
/// (libsecp256k1); also checks that the recovery id recovers the key. Nil without Python.
func coincurveVerify(_ cases: [(sig: [UInt8], recid: UInt8, digest: [UInt8], pub: [UInt8])]) -> [Bool]? {
    var script = "from coincurve import PublicKey\nfrom coincurve.ecdsa import cdata_to_der, deserialize_compact\n"
    for c in cases {
        script += "pk=PublicKey(bytes.fromhex('\(Hex.encode(c.pub))'))\n"
        script += "s=bytes.fromhex('\(Hex.encode(c.sig))'); m=bytes.fromhex('\(Hex.encode(c.digest))')\n"
        script += "ok=pk.verify(cdata_to_der(deserialize_compact(s)), m, hasher=None)\n"
        script += "rec=PublicKey.from_signature_and_message(s+bytes([\(c.recid)]), m, hasher=None).format()==pk.format()\n"
        script += "print(ok and rec)\n"
    }
    return PythonOracle.run(script)?.map { $0 == "True" }
}
