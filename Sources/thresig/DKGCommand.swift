import ArgumentParser
import Foundation
import Primitives

/// `thresig dkg …` — distributed key generation: a real ceremony on a running cluster
/// (the default subcommand, `start`) and the in-process dry run (`simulate`).
struct DKGCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dkg",
        abstract: "GJKR distributed key generation: on a running cluster, or a dry run with simulated members.",
        subcommands: [Start.self, Simulate.self],
        defaultSubcommand: Start.self
    )

    struct Simulate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a whole GJKR ceremony in-process with simulated members, reproducible by seed.",
            discussion: """
            The K malicious members are the highest indices (n−K+1…n), all behaving
            as B:
              silent               deals nothing → disqualified
              bad-share            bad shares and justifications → disqualified
              bad-share-justified  bad shares, valid justifications → in QUAL
              bad-commitment       commitments matching no share → disqualified
              bad-extraction       wrong A_ik in phase 2 → in QUAL, reconstructed
              false-complaint      complains against honest dealers → no change
            and, for ecdsa-secp256k1 only (CGGMP21 phases; the member is named,
            excluded, and the phase rerun without it):
              bad-paillier-modulus aux-info with a modulus that has a 256-bit factor
                                   → Πfac refused, named in aux-info
              bad-range            an MtA mask β outside ±2^848 in presigning
                                   → Πaff-g out of range, named in presigning
              bad-delta            a wrong δ_i → δ·G ≠ ΣΔ_j, named by identification
              bad-sigma            a wrong σ_i → the combined signature fails,
                                   named by the check σ_i·Γ = m·Δ_i + r·S_i
            A ceremony tolerates min(t−1, n−t) malicious members; more is allowed
            (a warning is printed) but GJKR then promises nothing.

            Prints QUAL, the disqualified members with reasons, the group public
            key, the share public keys and the transcript hash. For bls it also
            signs --message with the shares of the first t honest members
            (partialSign), combines the partials by robust combine and verifies the
            result under the group public key (ciphersuite
            BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_). For ecdsa-secp256k1 it runs
            CGGMP21: aux-info for every member (Paillier keys from the committed
            simulation prime pool, chosen by the seed; n ≤ 10), one 3-round presigning
            with the highest t members not named, and one online signing of --message
            (a 32-byte digest); the signature (64-byte r‖s, low s) is verified under the
            group key, with its recovery id.

            Everything is reproducible from the seed, the transcript hash included
            (the sealed boxes' ephemeral keys derive from it too). Seeded keys are for
            tests, never for real use.

            With --json prints exactly one JSON object, keys in this order:
              scheme, n, t, qual [int],
              disqualified [{member, reason, code}], group_public_key,
              share_public_keys [hex], message, signature, signers [int],
              recovery_id, cheaters [{member, phase, reason}], transcript_hash
            (hex strings with 0x; recovery_id null for bls; signature and signers
            null when too few honest members remain to sign).

            Exit status: 0 success; 1 the ceremony failed or the signature did not
            verify; 2 bad parameters (t > n, unknown scheme or behaviour, K ≥ n,
            K without a behaviour, malformed --message).

            Examples (members 6 and 7 are disqualified; the signature verifies):
              thresig dkg simulate --scheme bls --n 7 --t 5 \\
                --malicious 2 --behaviour bad-share --seed 7 --json
            (member 4 is named in aux-info; {1, 2, 3} sign):
              thresig dkg simulate --scheme ecdsa-secp256k1 --n 4 --t 3 \\
                --malicious 1 --behaviour bad-paillier-modulus --seed 3
            """
        )

        @Option(help: "bls or ecdsa-secp256k1.") var scheme: String
        @Option(help: "Committee size, 1…1024.") var n: Int
        @Option(help: "Threshold: shares needed to sign, 1…n.") var t: Int
        @Option(help: "Number of malicious members K (the highest indices).") var malicious: Int = 0
        @Option(help: "Behaviour of the malicious members (required when K > 0).") var behaviour: String?
        @Option(help: "Seed (unsigned 64-bit) from which every key and polynomial is derived.") var seed: UInt64
        @Option(help: "Message to sign, hex (default: the 32 bytes of SHA-256(\"thresig dkg simulate\")).") var message: String?
        @Flag(help: "Print one JSON object.") var json = false

        static func fail(_ message: String, status: Int32) -> ExitCode {
            FileHandle.standardError.write(Data("error: \(message)\n".utf8))
            return ExitCode(status)
        }

        func run() throws {
            guard let s = DKGDryRun.Scheme(rawValue: scheme) else {
                throw Self.fail("unknown scheme '\(scheme)'; expected bls or ecdsa-secp256k1", status: 2)
            }
            var msg: [UInt8]? = nil
            if let m = message {
                do { msg = try Hex.decode(m) } catch { throw Self.fail("--message is not valid hex", status: 2) }
            }
            let report: DKGDryRun.Report
            do {
                let (_, warning) = try DKGDryRun.validate(n: n, t: t, malicious: malicious, behaviour: behaviour)
                if let w = warning { FileHandle.standardError.write(Data((w + "\n").utf8)) }
                report = try DKGDryRun.run(scheme: s, n: n, t: t, malicious: malicious, behaviour: behaviour, seed: seed, message: msg)
            } catch {
                switch error {
                case let .badParameters(m): throw Self.fail(m, status: 2)
                case let .failed(m): throw Self.fail(m, status: 1)
                }
            }
            if json {
                print(DKGDryRun.json(report))
                return
            }
            print("scheme: \(report.scheme)  n: \(report.n)  t: \(report.t)")
            if malicious > 0 { print("malicious: \((n - malicious + 1...n).map(String.init).joined(separator: ", ")) (\(behaviour ?? ""))") }
            print("qual: \(report.qual.map(String.init).joined(separator: ", "))")
            if report.disqualified.isEmpty { print("disqualified: none") } else {
                print("disqualified:")
                for d in report.disqualified { print("  \(d.member): \(d.reason) (\(d.code))") }
            }
            print("group_public_key: \(report.groupPublicKey)")
            print("share_public_keys:")
            for (i, k) in report.sharePublicKeys.enumerated() { print("  \(i + 1): \(k)") }
            print("transcript_hash: \(report.transcriptHash)")
            print("message: \(report.message)")
            for c in report.cheaters { print("named: member \(c.member) in \(c.phase): \(c.reason)") }
            if let sig = report.signature, let signers = report.signers {
                print("signers: \(signers.map(String.init).joined(separator: ", "))")
                print("signature: \(sig) (verified under the group public key)")
                if let rid = report.recoveryId { print("recovery_id: \(rid)") }
            } else if s == .ecdsaSecp256k1 {
                print("signature: none (too few members left that were not named)")
            }
        }
    }
}
