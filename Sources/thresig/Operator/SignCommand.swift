import ArgumentParser
import Foundation

/// `thresig sign --key ID --message HEX [--idempotency-key K]` — one threshold signature
/// through the HTTP API (`POST /v1/keys/{id}/sign`).
struct SignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sign",
        abstract: "Sign a message with a threshold key on a running cluster.",
        discussion: """
        POSTs {"message": "0x…"} to /v1/keys/ID/sign on $THRESIG_API (or --api) with
        $THRESIG_TOKEN (or --token) and prints the signature (0x-hex, 96-byte
        compressed G2, ciphersuite BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_).
        With --idempotency-key a retry with the same key and message returns the
        same answer byte for byte, from any node, even after a failover; the same
        key with another message is refused (422 idempotency-conflict).
        --json prints the node's response body exactly as received.

        Exit status: 0 signed; 1 the node refused (one line: status, problem type,
        detail — e.g. 503 unavailable when too few members are up) or is
        unreachable; 2 bad arguments or no API address/token.

        Example:
          thresig sign --key 3f2a… --message 0x68656c6c6f --idempotency-key slot-42
        """
    )

    @Option(help: "Key id (from `thresig dkg` or `thresig keys list`).") var key: String
    @Option(help: "Message bytes as hex (0x optional).") var message: String
    @Option(help: "Idempotency-Key header: 1…255 printable ASCII characters.") var idempotencyKey: String?
    @Flag(help: "Print the response body as received.") var json = false
    @OptionGroup var apiOptions: APIOptions

    func run() throws {
        do { try sign() } catch { throw error.exit() }
    }

    private func sign() throws(OperatorError) {
        let keyID = try OperatorInput.keyID(key)
        let hex = try OperatorInput.messageHex(message)
        var headers: [String: String] = [:]
        if let idempotencyKey { headers["Idempotency-Key"] = try OperatorInput.idempotencyKey(idempotencyKey) }
        let client = APIClient(endpoint: try apiOptions.endpoint())
        let response = try client.post("/v1/keys/\(keyID)/sign", json: try RemoteRequest.encode(RemoteRequest.Sign(message: hex)),
                                       headers: headers)
        let answer = try response.decode(RemoteSignature.self)
        if json {
            response.printBody()
        } else {
            print(answer.signature)
        }
    }
}
