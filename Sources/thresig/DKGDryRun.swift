import BLS12381
import DKG
import Primitives
import Secp256k1
import Sharing
import ThresholdBLS
import ThresholdECDSA

/// The in-process ceremony behind `thresig dkg simulate`, as a function the tests call
/// directly (the command only parses arguments and prints the report).
enum DKGDryRun {
    enum Scheme: String, CaseIterable {
        case bls
        case ecdsaSecp256k1 = "ecdsa-secp256k1"
    }

    /// Why a dry run did not produce a verified report.
    enum Failure: Error, Equatable {
        /// Bad parameters (exit status 2); the string is the message for stderr.
        case badParameters(String)
        /// The ceremony failed or the signature did not verify (exit status 1).
        case failed(String)
    }

    /// `thresig dkg simulate --json`'s object, keys in the documented order.
    /// `recovery_id` is null for bls; `cheaters` lists the members named by the
    /// threshold-ECDSA phases (always empty for bls, whose DKG cheaters are in `disqualified`).
    struct Report: Codable, Equatable {
        struct Cheater: Codable, Equatable {
            let member: Int
            let phase: String
            let reason: String
        }
        struct Disqualified: Codable, Equatable {
            let member: Int
            let reason: String
            let code: String
        }
        let scheme: String
        let n: Int
        let t: Int
        let qual: [Int]
        let disqualified: [Disqualified]
        let groupPublicKey: String
        let sharePublicKeys: [String]
        let message: String
        let signature: String?
        let signers: [Int]?
        let recoveryId: Int?
        let cheaters: [Cheater]
        let transcriptHash: String

        enum CodingKeys: String, CodingKey {
            case scheme, n, t, qual, disqualified
            case groupPublicKey = "group_public_key"
            case sharePublicKeys = "share_public_keys"
            case message, signature, signers
            case recoveryId = "recovery_id"
            case cheaters
            case transcriptHash = "transcript_hash"
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(scheme, forKey: .scheme)
            try c.encode(n, forKey: .n)
            try c.encode(t, forKey: .t)
            try c.encode(qual, forKey: .qual)
            try c.encode(disqualified, forKey: .disqualified)
            try c.encode(groupPublicKey, forKey: .groupPublicKey)
            try c.encode(sharePublicKeys, forKey: .sharePublicKeys)
            try c.encode(message, forKey: .message)
            try c.encode(signature, forKey: .signature)   // explicit null when absent
            try c.encode(signers, forKey: .signers)
            try c.encode(recoveryId, forKey: .recoveryId)
            try c.encode(cheaters, forKey: .cheaters)
            try c.encode(transcriptHash, forKey: .transcriptHash)
        }
    }

    /// JSON text of a report with the keys in the documented order (Foundation's
    /// `JSONEncoder` does not keep key order on Linux). One line.
    static func json(_ r: Report) -> String {
        let str = JSONText.quote
        func ints(_ xs: [Int]) -> String { "[" + xs.map(String.init).joined(separator: ",") + "]" }
        let ch = r.cheaters.map { "{\"member\":\($0.member),\"phase\":\(str($0.phase)),\"reason\":\(str($0.reason))}" }
        let dq = r.disqualified.map { "{\"member\":\($0.member),\"reason\":\(str($0.reason)),\"code\":\(str($0.code))}" }
        let fields: [(String, String)] = [
            ("scheme", str(r.scheme)), ("n", String(r.n)), ("t", String(r.t)), ("qual", ints(r.qual)),
            ("disqualified", "[" + dq.joined(separator: ",") + "]"),
            ("group_public_key", str(r.groupPublicKey)),
            ("share_public_keys", "[" + r.sharePublicKeys.map(str).joined(separator: ",") + "]"),
            ("message", str(r.message)),
            ("signature", r.signature.map(str) ?? "null"),
            ("signers", r.signers.map(ints) ?? "null"),
            ("recovery_id", r.recoveryId.map(String.init) ?? "null"),
            ("cheaters", "[" + ch.joined(separator: ",") + "]"),
            ("transcript_hash", str(r.transcriptHash)),
        ]
        return "{" + fields.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
    }

    /// 32 bytes: SHA-256("thresig dkg simulate").
    static var defaultMessage: [UInt8] { SHA256.hash(Array("thresig dkg simulate".utf8)) }

    static func hex(_ bytes: [UInt8]) -> String { "0x" + Hex.encode(bytes) }

    /// Checks the parameters (without running anything) and returns a warning when `k`
    /// exceeds what the ceremony tolerates (allowed: GJKR then promises nothing).
    static func validate(n: Int, t: Int, malicious k: Int, behaviour: String?) throws(Failure) -> (Behaviour?, warning: String?) {
        if let b = behaviour, ECDSABehaviour(rawValue: b) != nil {
            // A threshold-ECDSA behaviour (checked against the scheme in `run`).
            if k == 0 { throw .badParameters("--behaviour needs --malicious K with K ≥ 1") }
            var w = try validate(n: n, t: t, malicious: k, behaviour: nil as String?, allowMissing: true)
            w.0 = nil
            return w
        }
        return try validate(n: n, t: t, malicious: k, behaviour: behaviour, allowMissing: false)
    }

    static func validate(n: Int, t: Int, malicious k: Int, behaviour: String?, allowMissing: Bool) throws(Failure) -> (Behaviour?, warning: String?) {
        guard n >= 1, n <= Shamir.maxShareCount else { throw .badParameters("--n must be in 1…\(Shamir.maxShareCount), got \(n)") }
        guard t >= 1, t <= n else { throw .badParameters("--t must be in 1…n (n = \(n)), got \(t)") }
        guard k >= 0, k < n else { throw .badParameters("--malicious must be in 0…n−1 (at least one member must be honest), got \(k)") }
        var parsed: Behaviour? = nil
        if let b = behaviour {
            guard let v = Behaviour(rawValue: b) else {
                throw .badParameters("unknown behaviour '\(b)'; expected one of \((Behaviour.allCases.map(\.rawValue) + ECDSABehaviour.allCases.map(\.rawValue)).joined(separator: ", "))")
            }
            parsed = v
        }
        if k > 0, parsed == nil, !allowMissing { throw .badParameters("--malicious \(k) needs --behaviour") }
        if k == 0, parsed != nil { throw .badParameters("--behaviour needs --malicious K with K ≥ 1") }
        let tolerated = min(t - 1, n - t)
        let warning = k > tolerated
            ? "warning: \(k) malicious members exceed the \(tolerated) that (n, t) = (\(n), \(t)) tolerates (min(t−1, n−t)); GJKR promises nothing"
            : nil
        return (parsed, warning)
    }

    /// Runs the whole ceremony in-process (`DKGSimulation`, members `n−K+1…n` malicious),
    /// and for bls signs `message` with the first `t` honest members' shares, combines the
    /// partials with `robustCombine` and verifies the result with `BLS.verify` under the
    /// group key. Throws `.failed` when anything does not verify.
    static func run(scheme: Scheme, n: Int, t: Int, malicious k: Int = 0, behaviour: String? = nil,
                    seed: UInt64, message: [UInt8]? = nil) throws(Failure) -> Report {
        let (b, _) = try validate(n: n, t: t, malicious: k, behaviour: behaviour)
        let msg = message ?? defaultMessage
        switch scheme {
        case .ecdsaSecp256k1:
            return try runECDSA(n: n, t: t, malicious: k, behaviour: behaviour, dkgBehaviour: b, seed: seed, message: message)
        case .bls:
            if let bh = behaviour, ECDSABehaviour(rawValue: bh) != nil {
                throw .badParameters("behaviour '\(bh)' applies to --scheme ecdsa-secp256k1 only")
            }
            let outcome = try simulate(BLS12381G1Group.self, n: n, t: t, k: k, behaviour: b, seed: seed)
            let out = outcome.publicOutput
            let signers = outcome.honestShares.prefix(t)
            guard signers.count == t else {
                throw .failed("only \(outcome.honestShares.count) honest members hold shares; \(t) are needed to sign")
            }
            let result: RobustCombineResult
            do {
                let partials = try signers.map { share throws(ThresholdBLSError) in
                    try BLSThreshold.partialSign(share: share.share, message: msg)
                }
                result = try BLSThreshold.robustCombine(partials: partials, threshold: t, groupPublicKey: out.groupPublicKey,
                                                        sharePublicKeys: out.sharePublicKeys, message: msg)
            } catch { throw .failed("threshold signing failed: \(error)") }
            let pk: BLSPublicKey
            do { pk = try BLSPublicKey(point: out.groupPublicKey) } catch { throw .failed("group public key refused: \(error)") }
            guard BLS.verify(publicKey: pk, message: msg, signature: result.signature) else {
                throw .failed("the combined signature does not verify under the group public key")
            }
            return report(scheme, out, message: msg, signature: result.signature.compressed, signers: result.signers)
        }
    }

    static func simulate<G: PrimeOrderGroup>(_: G.Type, n: Int, t: Int, k: Int, behaviour: Behaviour?, seed: UInt64) throws(Failure) -> DKGSimulationOutcome<G> {
        do { return try DKGSimulation<G>.run(n: n, t: t, malicious: k, behaviour: behaviour ?? .silent, seed: seed) } catch {
            switch error {
            case let .parameters(e): throw .badParameters("parameters refused: \(e)")
            case let .ceremonyFailed(f): throw .failed("the ceremony failed: \(f)")
            default: throw .failed("the simulation failed: \(error)")
            }
        }
    }

    /// ecdsa-secp256k1: the DKG over secp256k1, then aux-info, one presigning and one signing
    /// of the 32-byte digest `message` (CGGMP21, `ECDSASimulation`); the signature is checked
    /// under the group key by ECDSA verification (low s) before it is reported.
    static func runECDSA(n: Int, t: Int, malicious k: Int, behaviour: String?, dkgBehaviour: Behaviour?,
                         seed: UInt64, message: [UInt8]?) throws(Failure) -> Report {
        let msg = message ?? defaultMessage
        guard msg.count == 32 else { throw .badParameters("--message must be a 32-byte digest for ecdsa-secp256k1, got \(msg.count) bytes") }
        var ecdsa: [Int: ECDSABehaviour] = [:], dkgB: [Int: Behaviour] = [:]
        if k > 0 {
            for i in (n - k + 1)...n {
                if let b = behaviour.flatMap(ECDSABehaviour.init(rawValue:)) { ecdsa[i] = b } else if let d = dkgBehaviour { dkgB[i] = d }
            }
        }
        let o: ECDSASimulationOutcome
        do { o = try ECDSASimulation.run(n: n, t: t, behaviours: ecdsa, dkgBehaviours: dkgB, seed: seed, message: msg) } catch {
            switch error {
            case let .parameters(m): throw .badParameters(m)
            default: throw .failed("threshold ECDSA failed: \(error)")
            }
        }
        if let s = o.signature {
            guard ECDSA.verifyLowS(signature: s.signature, digest: msg, publicKey: o.publicOutput.groupPublicKey) else {
                throw .failed("the combined signature does not verify under the group public key")
            }
        }
        let base = report(.ecdsaSecp256k1, o.publicOutput, message: msg, signature: o.signature?.signature.compact, signers: o.signers,
                          recoveryId: o.signature.map { Int($0.recoveryId) })
        return Report(scheme: base.scheme, n: base.n, t: base.t, qual: base.qual, disqualified: base.disqualified,
                      groupPublicKey: base.groupPublicKey, sharePublicKeys: base.sharePublicKeys, message: base.message,
                      signature: base.signature, signers: base.signers, recoveryId: base.recoveryId,
                      cheaters: o.named.map { .init(member: $0.member, phase: $0.phase, reason: $0.reason) },
                      transcriptHash: base.transcriptHash)
    }

    static func report<G: PrimeOrderGroup>(_ scheme: Scheme, _ out: DKGPublicOutput<G>, message: [UInt8],
                                           signature: [UInt8]?, signers: [Int]?, recoveryId: Int? = nil) -> Report {
        Report(scheme: scheme.rawValue, n: out.n, t: out.t, qual: out.qualified,
               disqualified: out.disqualified.map { .init(member: $0.member, reason: $0.reason.description, code: $0.reason.code) },
               groupPublicKey: hex(G.encode(out.groupPublicKey)),
               sharePublicKeys: out.sharePublicKeys.map { hex(G.encode($0)) },
               message: hex(message), signature: signature.map(hex), signers: signers,
               recoveryId: recoveryId, cheaters: [], transcriptHash: hex(out.transcriptHash))
    }
}
