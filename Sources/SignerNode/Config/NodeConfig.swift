import Foundation
import Membership
import Yams

/// A node's configuration file (`thresigd.yaml`; docs/operations.md documents every field, and
/// deploy/thresigd.example.yaml is an annotated example). Relative paths are relative to the
/// directory of the config file.
///
/// Loading is strict: an unknown key is an error (a misspelt `max_body_bytes` must not silently
/// fall back to the default).
public struct NodeConfig: Sendable, Equatable {
    /// This node's id in the cluster definition.
    public var nodeID: MemberID
    /// The cluster definition (`cluster.json`).
    public var clusterFile: String
    /// Data directory: `wal/`, `snapshots/`, `vault/`.
    public var dataDir: String
    /// TLS certificate (PEM) for the log transport.
    public var tlsCertificateFile: String
    /// Its private key (PKCS#8 PEM, 0600).
    public var tlsPrivateKeyFile: String
    /// Ed25519 seed (hex, 0600): signs this node's ceremony entries.
    public var ed25519SeedFile: String
    /// X25519 secret key (hex, 0600): opens DKG shares sealed to this node.
    public var x25519SecretKeyFile: String
    /// Where the log transport listens (default: this member's `log_address`).
    public var logListen: HostPort?
    /// Where the HTTP API listens (default: this member's `api_address`).
    public var apiListen: HostPort?
    /// Period of the replica's tick (timeouts, heartbeats, primary's clock entries), ms.
    public var tickMillis: Int = 10
    /// Largest request body, bytes.
    public var maxBodyBytes: Int = 64 * 1024
    /// Request timeout, ms.
    public var requestTimeoutMillis: Int = 10_000
    /// API bearer tokens: a file holding the token (0600) and its scope (`["*"]` or key ids).
    public var tokens: [TokenConfig]
    /// Vault passphrase: a file (0600; the daemon refuses a file others can read) or, when no
    /// file is given, an environment variable.
    public var vaultPassphraseFile: String?
    /// Variable read when there is no passphrase file.
    public var vaultPassphraseEnv: String = "THRESIG_VAULT_PASSPHRASE"
    /// Lifetime of idempotency keys on the log's clock, seconds (default 24 h).
    public var idempotencyTTLSeconds: Int = 86_400
    /// Longest a ceremony phase stays open, ms.
    public var ceremonyPhaseMillis: Int = 5_000
    /// Threshold `thresig dkg` proposes when none is given.
    public var defaultThreshold: Int?
    /// Threshold ECDSA: complete presignatures the primary keeps ready per ECDSA key (default 8).
    public var presignaturePoolSize: Int = 8
    /// Threshold ECDSA: a file of pregenerated 1536-bit safe primes (one hex prime per line)
    /// that aux-info takes its Paillier primes from. FOR TESTS AND DEMOS ONLY: the committed
    /// pool (deploy/testing/safe-primes-1536.txt) is public. Without it the node generates
    /// safe primes in the background from startup.
    public var safePrimePoolFile: String?
    /// Threshold ECDSA: safe primes the background generator keeps in stock (two per ECDSA key
    /// this node joins; 0 turns the generator off).
    public var safePrimeTarget: Int = 4

    /// One API token.
    public struct TokenConfig: Sendable, Equatable {
        /// File holding the token (mode 0600).
        public var tokenFile: String
        /// Scope: `["*"]` or key ids.
        public var keys: [String]
        /// A token entry.
        public init(tokenFile: String, keys: [String]) { self.tokenFile = tokenFile; self.keys = keys }
    }

    /// Every key the file may contain, by section.
    static let schema: [String: Set<String>] = [
        "": ["node_id", "cluster_file", "data_dir", "identity", "listen", "log", "api", "vault", "idempotency_ttl_seconds", "ceremony",
             "ecdsa"],
        "ecdsa": ["presignature_pool_size", "safe_prime_pool_file", "safe_prime_target"],
        "identity": ["tls_certificate", "tls_private_key", "ed25519_seed", "x25519_secret_key"],
        "listen": ["log", "api"],
        "log": ["tick_millis"],
        "api": ["max_body_bytes", "request_timeout_millis", "tokens"],
        "api.tokens[]": ["token_file", "keys"],
        "vault": ["passphrase_file", "passphrase_env"],
        "ceremony": ["phase_millis", "default_threshold"],
    ]

    /// A config with the required fields; every other field has its documented default.
    public init(nodeID: MemberID, clusterFile: String, dataDir: String, tlsCertificateFile: String, tlsPrivateKeyFile: String,
                ed25519SeedFile: String, x25519SecretKeyFile: String, tokens: [TokenConfig]) {
        self.nodeID = nodeID
        self.clusterFile = clusterFile
        self.dataDir = dataDir
        self.tlsCertificateFile = tlsCertificateFile
        self.tlsPrivateKeyFile = tlsPrivateKeyFile
        self.ed25519SeedFile = ed25519SeedFile
        self.x25519SecretKeyFile = x25519SecretKeyFile
        self.tokens = tokens
    }

    /// Loads `path`, resolving relative paths against its directory.
    public static func load(path: String) throws(NodeConfigError) -> NodeConfig {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch { throw .io("\(path): \(error.localizedDescription)") }
        let base = URL(fileURLWithPath: path).deletingLastPathComponent().path
        return try parse(text, baseDirectory: base)
    }

    /// Parses config text; relative paths are resolved against `baseDirectory`.
    public static func parse(_ text: String, baseDirectory: String) throws(NodeConfigError) -> NodeConfig {
        let root: Any?
        do { root = try Yams.load(yaml: text) } catch { throw .malformed("not YAML") }
        guard let top = root as? [String: Any] else { throw .malformed("top level is not a mapping") }
        let r = Reader(base: baseDirectory)
        try r.checkKeys(top, section: "")
        var c = NodeConfig(
            nodeID: try r.memberID(top, "node_id"),
            clusterFile: try r.path(top, "cluster_file", at: "cluster_file"),
            dataDir: try r.path(top, "data_dir", at: "data_dir"),
            tlsCertificateFile: "", tlsPrivateKeyFile: "", ed25519SeedFile: "", x25519SecretKeyFile: "", tokens: [])
        let identity = try r.section(top, "identity", required: true)
        c.tlsCertificateFile = try r.path(identity, "tls_certificate", at: "identity.tls_certificate")
        c.tlsPrivateKeyFile = try r.path(identity, "tls_private_key", at: "identity.tls_private_key")
        c.ed25519SeedFile = try r.path(identity, "ed25519_seed", at: "identity.ed25519_seed")
        c.x25519SecretKeyFile = try r.path(identity, "x25519_secret_key", at: "identity.x25519_secret_key")
        let listen = try r.section(top, "listen", required: false)
        c.logListen = try r.optionalAddress(listen, "log", at: "listen.log")
        c.apiListen = try r.optionalAddress(listen, "api", at: "listen.api")
        let log = try r.section(top, "log", required: false)
        c.tickMillis = try r.int(log, "tick_millis", at: "log.tick_millis", default: c.tickMillis, range: 1...10_000)
        let api = try r.section(top, "api", required: true)
        c.maxBodyBytes = try r.int(api, "max_body_bytes", at: "api.max_body_bytes", default: c.maxBodyBytes, range: 256...(64 << 20))
        c.requestTimeoutMillis = try r.int(api, "request_timeout_millis", at: "api.request_timeout_millis",
                                           default: c.requestTimeoutMillis, range: 1...3_600_000)
        guard let tokenList = api["tokens"] as? [Any], !tokenList.isEmpty else {
            throw api["tokens"] == nil ? .missingField("api.tokens") : .invalidValue("api.tokens", "a non-empty list")
        }
        for (i, raw) in tokenList.enumerated() {
            let at = "api.tokens[\(i)]"
            guard let entry = raw as? [String: Any] else { throw .invalidValue(at, "a mapping") }
            try r.checkKeys(entry, section: "api.tokens[]", path: at)
            guard let keys = entry["keys"] as? [String], !keys.isEmpty,
                  keys.allSatisfy({ $0 == "*" || MemberID.isValid($0) })
            else { throw .invalidValue(at + ".keys", "a non-empty list of key ids or \"*\"") }
            c.tokens.append(TokenConfig(tokenFile: try r.path(entry, "token_file", at: at + ".token_file"), keys: keys))
        }
        let vault = try r.section(top, "vault", required: false)
        c.vaultPassphraseFile = try r.optionalPath(vault, "passphrase_file", at: "vault.passphrase_file")
        if let env = vault["passphrase_env"] {
            guard let s = env as? String, !s.isEmpty else { throw .invalidValue("vault.passphrase_env", "a variable name") }
            c.vaultPassphraseEnv = s
        }
        c.idempotencyTTLSeconds = try r.int(top, "idempotency_ttl_seconds", at: "idempotency_ttl_seconds",
                                            default: c.idempotencyTTLSeconds, range: 1...(365 * 86_400))
        let ceremony = try r.section(top, "ceremony", required: false)
        c.ceremonyPhaseMillis = try r.int(ceremony, "phase_millis", at: "ceremony.phase_millis", default: c.ceremonyPhaseMillis,
                                          range: 10...3_600_000)
        if ceremony["default_threshold"] != nil {
            c.defaultThreshold = try r.int(ceremony, "default_threshold", at: "ceremony.default_threshold", default: 1, range: 1...255)
        }
        let ecdsa = try r.section(top, "ecdsa", required: false)
        c.presignaturePoolSize = try r.int(ecdsa, "presignature_pool_size", at: "ecdsa.presignature_pool_size",
                                           default: c.presignaturePoolSize, range: 0...1024)
        c.safePrimePoolFile = try r.optionalPath(ecdsa, "safe_prime_pool_file", at: "ecdsa.safe_prime_pool_file")
        c.safePrimeTarget = try r.int(ecdsa, "safe_prime_target", at: "ecdsa.safe_prime_target", default: c.safePrimeTarget, range: 0...64)
        return c
    }

    /// Field readers with typed errors and path resolution.
    struct Reader {
        let base: String

        func checkKeys(_ object: [String: Any], section: String, path: String? = nil) throws(NodeConfigError) {
            let allowed = NodeConfig.schema[section] ?? []
            if let unknown = object.keys.sorted().first(where: { !allowed.contains($0) }) {
                let prefix = path ?? section
                throw .unknownField(prefix.isEmpty ? unknown : prefix + "." + unknown)
            }
        }

        func section(_ top: [String: Any], _ name: String, required: Bool) throws(NodeConfigError) -> [String: Any] {
            guard let raw = top[name] else {
                if required { throw .missingField(name) }
                return [:]
            }
            guard let object = raw as? [String: Any] else { throw .invalidValue(name, "a mapping") }
            try checkKeys(object, section: name)
            return object
        }

        func string(_ o: [String: Any], _ key: String, at: String) throws(NodeConfigError) -> String {
            guard let raw = o[key] else { throw .missingField(at) }
            guard let s = raw as? String, !s.isEmpty else { throw .invalidValue(at, "a non-empty string") }
            return s
        }

        func memberID(_ o: [String: Any], _ key: String) throws(NodeConfigError) -> MemberID {
            let s = try string(o, key, at: key)
            guard let id = try? MemberID(s) else { throw .invalidValue(key, "1…64 of [A-Za-z0-9._-]") }
            return id
        }

        func resolve(_ p: String) -> String { p.hasPrefix("/") ? p : URL(fileURLWithPath: base).appendingPathComponent(p).path }

        func path(_ o: [String: Any], _ key: String, at: String) throws(NodeConfigError) -> String {
            resolve(try string(o, key, at: at))
        }

        func optionalPath(_ o: [String: Any], _ key: String, at: String) throws(NodeConfigError) -> String? {
            o[key] == nil ? nil : try path(o, key, at: at)
        }

        func optionalAddress(_ o: [String: Any], _ key: String, at: String) throws(NodeConfigError) -> HostPort? {
            guard o[key] != nil else { return nil }
            guard let a = try? HostPort(parsing: try string(o, key, at: at)) else { throw .invalidValue(at, "host:port") }
            return a
        }

        func int(_ o: [String: Any], _ key: String, at: String, default value: Int, range: ClosedRange<Int>) throws(NodeConfigError) -> Int {
            guard let raw = o[key] else { return value }
            guard let n = raw as? Int, !(raw is Bool), range.contains(n) else {
                throw .invalidValue(at, "an integer in \(range.lowerBound)…\(range.upperBound)")
            }
            return n
        }
    }
}
