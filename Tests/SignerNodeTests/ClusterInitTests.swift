import Foundation
import Membership
import Primitives
@testable import SignerNode
import Storage
import Testing
import Transport

@Suite struct ClusterInitTests {
    func withTemporaryDirectory(_ body: (String) throws -> Void) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("thresig-init-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try body(dir)
    }

    @Test func initWritesAConsistentClusterAndRefusesToOverwrite() throws {
        try withTemporaryDirectory { dir in
            let result = try ClusterInitializer.run(.init(nodes: 4, defaultThreshold: 3, directory: dir, basePort: 17100))
            let definition = try ClusterDefinitionCodec.decode(try AtomicFile.read(dir + "/cluster.json"))
            #expect(definition == result.definition)
            #expect(definition.members.map(\.id.rawValue) == ["node-1", "node-2", "node-3", "node-4"])
            #expect(definition.members[1].logAddress.description == "127.0.0.1:17102")
            #expect(definition.members[1].apiAddress.description == "127.0.0.1:17202")
            for (k, member) in definition.members.enumerated() {
                let nodeDir = dir + "/node-\(k + 1)"
                let config = try NodeConfig.load(path: nodeDir + "/thresigd.yaml")
                #expect(config.nodeID == member.id)
                #expect(config.defaultThreshold == 3)
                #expect(config.idempotencyTTLSeconds == 86_400)
                #expect(config.apiListen == member.apiAddress && config.logListen == member.logAddress)
                #expect(URL(fileURLWithPath: config.clusterFile).standardized.path == URL(fileURLWithPath: dir + "/cluster.json").standardized.path)
                // Secrets are private; the keys on disk are the ones the definition announces.
                for secret in [config.tlsPrivateKeyFile, config.ed25519SeedFile, config.x25519SecretKeyFile,
                               config.tokens[0].tokenFile, config.vaultPassphraseFile!] {
                    #expect(try AtomicFile.permissions(secret) == 0o600, "\(secret)")
                }
                let identity = try NodeIdentity(certificatePEM: String(decoding: try AtomicFile.read(config.tlsCertificateFile), as: UTF8.self),
                                                privateKeyPEM: String(decoding: try AtomicFile.read(config.tlsPrivateKeyFile), as: UTF8.self))
                #expect(identity.fingerprint == member.tlsFingerprint)
                #expect(identity.nodeID.rawValue == member.id.rawValue)
                let seed = try Hex.decode(String(decoding: try AtomicFile.read(config.ed25519SeedFile).dropLast(), as: UTF8.self))
                #expect(try Ed25519.SigningKey(seed: SecretBytes(copying: seed)).publicKey == member.ed25519PublicKey)
                let x = try Hex.decode(String(decoding: try AtomicFile.read(config.x25519SecretKeyFile).dropLast(), as: UTF8.self))
                #expect(try X25519.KeyPair(secretKey: SecretBytes(copying: x)).publicKey == member.x25519PublicKey)
                #expect(try AtomicFile.read(config.tokens[0].tokenFile).count == 65)
            }
            // Tokens and passphrases differ between nodes.
            let tokens = try (1...4).map { try AtomicFile.read(dir + "/node-\($0)/node/admin-token") }
            #expect(Set(tokens).count == 4)
            #expect(throws: NodeConfigError.directoryNotEmpty(dir)) {
                try ClusterInitializer.run(.init(nodes: 4, defaultThreshold: 3, directory: dir))
            }
        }
    }

    @Test func optionsAreChecked() throws {
        try withTemporaryDirectory { dir in
            #expect(throws: NodeConfigError.self) { try ClusterInitializer.run(.init(nodes: 0, defaultThreshold: 1, directory: dir)) }
            #expect(throws: NodeConfigError.self) { try ClusterInitializer.run(.init(nodes: 3, defaultThreshold: 4, directory: dir)) }
            #expect(throws: NodeConfigError.self) { try ClusterInitializer.run(.init(nodes: 3, defaultThreshold: 2, directory: dir, basePort: 65500)) }
            #expect(!FileManager.default.fileExists(atPath: dir + "/cluster.json"))
        }
    }

    @Test func exampleConfigInDeployParsesWithItsDefaults() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../deploy/thresigd.example.yaml").standardized.path
        let config = try NodeConfig.load(path: path)
        #expect(config.nodeID.rawValue == "node-1")
        #expect(config.maxBodyBytes == 65_536 && config.requestTimeoutMillis == 10_000 && config.tickMillis == 10)
        #expect(config.tokens.map(\.keys) == [["*"]])
        // The example is the template's output: the two cannot drift apart.
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text == NodeConfigTemplate.render(nodeID: "node-1", logListen: "127.0.0.1:7101", apiListen: "127.0.0.1:7201", defaultThreshold: 3))
    }

    @Test func strictParsing() throws {
        let good = NodeConfigTemplate.render(nodeID: "n1", logListen: "127.0.0.1:1", apiListen: "127.0.0.1:2", defaultThreshold: 1)
        let c = try NodeConfig.parse(good, baseDirectory: "/etc/thresig")
        #expect(c.dataDir == "/etc/thresig/data")
        #expect(throws: NodeConfigError.unknownField("api.max_body_byte")) {
            try NodeConfig.parse(good.replacingOccurrences(of: "max_body_bytes", with: "max_body_byte"), baseDirectory: "/")
        }
        #expect(throws: NodeConfigError.unknownField("colour")) { try NodeConfig.parse(good + "colour: blue\n", baseDirectory: "/") }
        #expect(throws: NodeConfigError.invalidValue("api.max_body_bytes", "an integer in 256…67108864")) {
            try NodeConfig.parse(good.replacingOccurrences(of: "max_body_bytes: 65536", with: "max_body_bytes: lots"), baseDirectory: "/")
        }
        #expect(throws: NodeConfigError.invalidValue("listen.api", "host:port")) {
            try NodeConfig.parse(good.replacingOccurrences(of: "api: 127.0.0.1:2", with: "api: nowhere"), baseDirectory: "/")
        }
        #expect(throws: NodeConfigError.missingField("node_id")) {
            try NodeConfig.parse(good.replacingOccurrences(of: "node_id: n1", with: ""), baseDirectory: "/")
        }
        #expect(throws: NodeConfigError.malformed("top level is not a mapping")) { try NodeConfig.parse("- 1\n", baseDirectory: "/") }
    }
}

extension ClusterInitTests {
    @Test func nodeSecretsLoadAndCrossCheckTheDefinition() throws {
        try withTemporaryDirectory { dir in
            _ = try ClusterInitializer.run(.init(nodes: 3, defaultThreshold: 2, directory: dir, basePort: 17300))
            let config = try NodeConfig.load(path: dir + "/node-2/thresigd.yaml")
            let secrets = try NodeSecrets.load(config)
            #expect(secrets.member.id.rawValue == "node-2")
            #expect(secrets.identity.fingerprint == secrets.member.tlsFingerprint)
            #expect(secrets.tokens.count == 1 && secrets.tokens[0].keys == ["*"] && secrets.tokens[0].token.utf8.count == 64)
            let passphrase = try config.vaultPassphrase()
            #expect(passphrase.count == 64)
            // A node started with another node's key files is refused.
            var swapped = config
            swapped.ed25519SeedFile = dir + "/node-3/node/ed25519.seed"
            #expect(throws: NodeConfigError.self) { try NodeSecrets.load(swapped) }
            swapped = config
            swapped.tlsCertificateFile = dir + "/node-1/node/tls-cert.pem"
            #expect(throws: NodeConfigError.self) { try NodeSecrets.load(swapped) }
            swapped = config
            swapped.nodeID = try MemberID("node-9")
            #expect(throws: NodeConfigError.identity("node_id node-9 is not a member of \(config.clusterFile)")) { try NodeSecrets.load(swapped) }
            // A secret readable by others is refused, as is the passphrase file.
            chmod(config.x25519SecretKeyFile, 0o644)
            #expect(throws: NodeConfigError.self) { try NodeSecrets.load(config) }
            chmod(config.vaultPassphraseFile!, 0o640)
            #expect(throws: VaultError.passphraseFilePermissions(path: config.vaultPassphraseFile!, mode: 0o640)) { try config.vaultPassphrase() }
        }
    }
}
