import ArgumentParser
import BLS12381
import Foundation
import Primitives

/// `thresig bls …` — single-key BLS operations for operators and auditors
/// (ciphersuite BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_, Ethereum's).
struct BLSCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bls",
        abstract: "BLS12-381 keygen, sign and verify (Ethereum's proof-of-possession ciphersuite).",
        discussion: """
        Byte arguments are hex, with or without 0x. Exit status: 0 success (verify: valid),
        1 verify: invalid signature, 2 bad input (malformed hex, wrong length, point not on
        the curve or not in the subgroup, secret key 0 or ≥ r).

        Examples:
          thresig bls keygen --ikm 00010203040506070809000102030405060708090001020304050607080900010203
          thresig bls sign --secret-key 0x263dbd792f5b1be47ed85f8938c0f29586af0d3ac7b977f21c278fe1462040e3 --message 0xabababababababababababababababababababababababababababababababab
          thresig bls verify --public-key 0x… --message 0x… --signature 0x…
        """,
        subcommands: [KeyGen.self, Sign.self, Verify.self]
    )

    /// Prints `message` to standard error and exits with status 2 (bad input).
    static func badInput(_ message: String) -> ExitCode {
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
        return ExitCode(2)
    }

    static func decodeHex(_ s: String, _ what: String) throws -> [UInt8] {
        do { return try Hex.decode(s) } catch { throw badInput("\(what) is not valid hex") }
    }

    struct KeyGen: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "keygen",
            abstract: "KeyGen(IKM, key_info) of draft-irtf-cfrg-bls-signature-05 §2.3; prints the secret and public key.",
            discussion: "The secret key is printed on standard output: run it where that is acceptable.")
        @Option(help: "Input keying material, hex, at least 32 bytes.") var ikm: String
        @Option(help: "Optional key_info, hex.") var keyInfo: String = ""

        func run() throws {
            let ikmBytes = try BLSCommand.decodeHex(ikm, "--ikm")
            let info = try BLSCommand.decodeHex(keyInfo, "--key-info")
            let sk: BLSSecretKey
            do { sk = try BLSSecretKey.keyGen(ikm: ikmBytes, keyInfo: info) } catch {
                throw BLSCommand.badInput("keygen refused: \(error)")
            }
            let skBytes = sk.bytes()
            print("secret_key: 0x" + skBytes.withUnsafeBytes { Hex.encode($0) })
            print("public_key: 0x" + sk.publicKey.compressed.hexString)
        }
    }

    struct Sign: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Sign a message; prints the 96-byte compressed signature.")
        @Option(help: "Secret key, 32 bytes big-endian hex.") var secretKey: String
        @Option(help: "Message, hex.") var message: String

        func run() throws {
            let skBytes = try BLSCommand.decodeHex(secretKey, "--secret-key")
            let msg = try BLSCommand.decodeHex(message, "--message")
            let sk: BLSSecretKey
            do { sk = try BLSSecretKey(bytes: skBytes) } catch { throw BLSCommand.badInput("secret key refused: \(error)") }
            print("0x" + sk.sign(msg).compressed.hexString)
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Verify a signature; prints valid or invalid (exit 0 or 1).")
        @Option(help: "Public key, 48-byte compressed G1 hex.") var publicKey: String
        @Option(help: "Message, hex.") var message: String
        @Option(help: "Signature, 96-byte compressed G2 hex.") var signature: String

        func run() throws {
            let pkBytes = try BLSCommand.decodeHex(publicKey, "--public-key")
            let msg = try BLSCommand.decodeHex(message, "--message")
            let sigBytes = try BLSCommand.decodeHex(signature, "--signature")
            let pk: BLSPublicKey, sig: BLSSignature
            do { pk = try BLSPublicKey(compressed: pkBytes) } catch { throw BLSCommand.badInput("public key refused: \(error)") }
            do { sig = try BLSSignature(compressed: sigBytes) } catch { throw BLSCommand.badInput("signature refused: \(error)") }
            if BLS.verify(publicKey: pk, message: msg, signature: sig) {
                print("valid")
            } else {
                print("invalid")
                throw ExitCode(1)
            }
        }
    }
}
