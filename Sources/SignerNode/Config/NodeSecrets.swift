import Foundation
import Membership
import Primitives
import Storage
import Transport

/// A node's identity and credentials, loaded from the files its config names and checked
/// against the cluster definition — what `thresigd` needs before it joins the log.
///
/// Every secret file must be private (no group or other permission bit, as the vault
/// passphrase); every public key derived from a secret must be the one the definition announces
/// for this node, so that a node started with another node's files, or with a definition that
/// does not match its keys, stops at once instead of failing every handshake and ceremony.
public struct NodeSecrets: Sendable {
    /// The cluster definition from `cluster_file`.
    public let definition: Membership.ClusterDefinition
    /// This node's entry in it.
    public let member: Membership.Member
    /// TLS identity for the log transport.
    public let identity: NodeIdentity
    /// Signs this node's ceremony entries.
    public let signingKey: Ed25519.SigningKey
    /// Opens the DKG shares sealed to this node.
    public let encryptionKey: X25519.KeyPair
    /// API tokens (the secret strings) and their scopes (`["*"]` or key ids).
    public let tokens: [(token: String, keys: [String])]

    /// Loads and cross-checks everything `config` names.
    public static func load(_ config: NodeConfig) throws(NodeConfigError) -> NodeSecrets {
        let definition: Membership.ClusterDefinition
        do { definition = try ClusterDefinitionCodec.decode(try read(config.clusterFile)) } catch let e as NodeConfigError {
            throw e
        } catch {
            throw .invalidValue("cluster_file", "a valid cluster definition (\(error))")
        }
        guard let member = definition.member(config.nodeID) else {
            throw .identity("node_id \(config.nodeID) is not a member of \(config.clusterFile)")
        }
        let certificate = String(decoding: try read(config.tlsCertificateFile), as: UTF8.self)
        var keyPEM = try readSecret(config.tlsPrivateKeyFile)
        defer { Wipe.bytes(&keyPEM) }
        let identity: NodeIdentity
        do { identity = try NodeIdentity(certificatePEM: certificate, privateKeyPEM: String(decoding: keyPEM, as: UTF8.self)) } catch {
            throw .identity("TLS certificate and key: \(error)")
        }
        guard identity.fingerprint == member.tlsFingerprint, identity.nodeID.rawValue == member.id.rawValue else {
            throw .identity("the TLS certificate is not the one \(config.clusterFile) pins for \(member.id)")
        }
        let signingKey: Ed25519.SigningKey
        do { signingKey = try Ed25519.SigningKey(seed: try secretHex(config.ed25519SeedFile, length: Ed25519.seedLength)) } catch {
            throw .identity("Ed25519 seed: \(error)")
        }
        guard signingKey.publicKey == member.ed25519PublicKey else {
            throw .identity("the Ed25519 key is not the one \(config.clusterFile) announces for \(member.id)")
        }
        let encryptionKey: X25519.KeyPair
        do { encryptionKey = try X25519.KeyPair(secretKey: try secretHex(config.x25519SecretKeyFile, length: X25519.keyLength)) } catch {
            throw .identity("X25519 key: \(error)")
        }
        guard encryptionKey.publicKey == member.x25519PublicKey else {
            throw .identity("the X25519 key is not the one \(config.clusterFile) announces for \(member.id)")
        }
        var tokens: [(token: String, keys: [String])] = []
        for t in config.tokens {
            let token = String(decoding: try readSecret(t.tokenFile), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard token.utf8.count >= 16 else { throw .invalidValue(t.tokenFile, "a token of at least 16 characters") }
            tokens.append((token, t.keys))
        }
        return NodeSecrets(definition: definition, member: member, identity: identity, signingKey: signingKey,
                           encryptionKey: encryptionKey, tokens: tokens)
    }

    static func read(_ path: String) throws(NodeConfigError) -> [UInt8] {
        do { return try AtomicFile.read(path) } catch { throw .io(error.description) }
    }

    /// Reads a secret file after checking that no group or other permission bit is set.
    static func readSecret(_ path: String) throws(NodeConfigError) -> [UInt8] {
        let mode: UInt32
        do { mode = try AtomicFile.permissions(path) } catch { throw .io(error.description) }
        guard mode & 0o077 == 0 else {
            throw .invalidValue(path, "a private file (mode 0600 or stricter; it is \(String(mode, radix: 8)))")
        }
        return try read(path)
    }

    /// A secret written as hex (one trailing newline allowed), decoded into locked memory.
    static func secretHex(_ path: String, length: Int) throws(NodeConfigError) -> SecretBytes {
        var text = try readSecret(path)
        defer { Wipe.bytes(&text) }
        if text.last == 0x0A { text.removeLast() }
        guard text.count == 2 * length else { throw .invalidValue(path, "\(length) bytes of hex") }
        let secret = SecretBytes(zeroedCount: length)
        var ok = true
        secret.withUnsafeMutableBytes { out in
            for i in 0..<length {
                guard let hi = nibble(text[2 * i]), let lo = nibble(text[2 * i + 1]) else { ok = false; return }
                out[i] = hi << 4 | lo
            }
        }
        guard ok else { throw .invalidValue(path, "hex") }
        return secret
    }

    static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: c - 0x30
        case 0x61...0x66: c - 0x61 + 10
        case 0x41...0x46: c - 0x41 + 10
        default: nil
        }
    }
}

extension NodeConfig {
    /// The vault passphrase: from `vault.passphrase_file` (refused when group or others may read
    /// it) or, without one, from the environment variable `vault.passphrase_env`.
    public func vaultPassphrase() throws(VaultError) -> SecretBytes {
        if let file = vaultPassphraseFile { return try VaultPassphrase.load(file: file) }
        return try VaultPassphrase.load(environment: vaultPassphraseEnv)
    }
}
