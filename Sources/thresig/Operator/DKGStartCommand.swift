import ArgumentParser
import Foundation

extension DKGCommand {
    /// `thresig dkg --scheme bls --threshold 3 --committee-size 4 --label NAME` — a real
    /// ceremony on a running cluster (the default `dkg` subcommand; `dkg start` also works).
    struct Start: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "start",
            abstract: "Create a key on a running cluster: a GJKR ceremony through the session log.",
            discussion: """
            POSTs /v1/keys to the node at $THRESIG_API (or --api) with the admin token
            $THRESIG_TOKEN (or --token), then follows GET /v1/ceremonies/{id}: the
            phase and which committee members have dealt, complained and finished —
            redrawn in place on a terminal, one line per change otherwise. When the
            key is registered it prints the key id and group public key and writes
            LABEL.lock.json in the current directory (key_id, scheme, t, n, committee,
            group_public_key, share_public_keys, transcript_hash). An existing
            LABEL.lock.json is never overwritten: the command refuses before starting.

            Exit status: 0 key created; 1 the node refused (its problem is printed as
            one line), the ceremony failed or timed out, or the node is unreachable;
            2 bad arguments or no API address/token.

            Example (after `. DIR/env` from deploy/local-cluster.sh start):
              thresig dkg --scheme bls --threshold 3 --committee-size 4 --label validators
              thresig dkg --scheme ecdsa-secp256k1 --threshold 2 --committee-size 3 --label wallet

            For ecdsa-secp256k1 the key is registered after the DKG; CGGMP21 aux-info
            (Paillier keys and their proofs) then runs through the log, and signing
            answers 503 with Retry-After until it has finished and the first
            presignatures are ready (seconds on a small machine).
            """
        )

        @Option(help: "Signature scheme: bls or ecdsa-secp256k1.") var scheme: String = "bls"
        @Option(help: "Shares needed to sign, 1…committee size.") var threshold: Int
        @Option(help: "Committee size n, 1…255 (at most the cluster's size).") var committeeSize: Int
        @Option(help: "Operator's name for the key; also names LABEL.lock.json.") var label: String
        @Option(help: "Seconds to wait for the ceremony before giving up.") var timeout: Int = 120
        @OptionGroup var apiOptions: APIOptions

        func run() throws {
            do { try start() } catch { throw error.exit() }
        }

        private func start() throws(OperatorError) {
            try OperatorInput.ceremony(scheme: scheme, threshold: threshold, committeeSize: committeeSize)
            try LockFile.validate(label: label)
            guard (1...86_400).contains(timeout) else { throw .usage("--timeout must be 1…86400 seconds") }
            let directory = FileManager.default.currentDirectoryPath
            let lockPath = directory + "/" + LockFile.fileName(label: label)
            guard !FileManager.default.fileExists(atPath: lockPath) else {
                throw .usage("\(LockFile.fileName(label: label)) already exists here; choose another --label or move it away")
            }
            let client = APIClient(endpoint: try apiOptions.endpoint())

            let body = try RemoteRequest.encode(RemoteRequest.CreateKey(scheme: scheme, threshold: threshold,
                                                                        committeeSize: committeeSize, label: label))
            var ceremony = try client.post("/v1/keys", json: body).decode(RemoteCeremony.self, expecting: [202])
            let interactive = isatty(STDOUT_FILENO) == 1
            var progress = CeremonyProgress(interactive: interactive)
            emit(progress.update(ceremony))

            // Poll until the ceremony ends; the CLI has nothing else to do, and the node does
            // not push progress. A bound keeps a stalled cluster from hanging the operator.
            let deadline = Date().addingTimeInterval(TimeInterval(timeout))
            while !ceremony.isOver {
                guard Date() < deadline else {
                    throw .failed("ceremony \(ceremony.keyID) not finished after \(timeout) s (status \(ceremony.status)); follow it with GET /v1/ceremonies/\(ceremony.keyID)")
                }
                usleep(200_000)
                ceremony = try client.get("/v1/ceremonies/\(ceremony.keyID)").decode(RemoteCeremony.self)
                emit(progress.update(ceremony))
            }
            guard ceremony.status == "complete" else {
                throw .failed("ceremony \(ceremony.keyID) failed (dealt: \(ceremony.dealt.joined(separator: ",")); complained: \(ceremony.complained.joined(separator: ",")))")
            }
            let key = try client.get("/v1/keys/\(ceremony.keyID)").decode(RemoteKey.self)
            let path = try LockFile.write(key, label: label, directory: directory)
            print("key id:           \(key.keyID)")
            print("scheme:           \(key.scheme) \(key.t)-of-\(key.n), committee \(key.committee.joined(separator: ", "))")
            print("group public key: \(key.groupPublicKey)")
            print("transcript hash:  \(key.transcriptHash)")
            print("lock file:        \(path)")
        }

        private func emit(_ text: String) {
            guard !text.isEmpty else { return }
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }
}
