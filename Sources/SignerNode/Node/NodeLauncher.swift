import Logging
import Membership
import Primitives
import Storage
import Transport

/// Why a node did not start (each names what the operator must fix).
public enum NodeStartError: Error, CustomStringConvertible, Sendable {
    /// The config, a key file or the cluster definition was refused.
    case config(NodeConfigError)
    /// The vault passphrase or vault was refused.
    case vault(VaultError)
    /// The cluster definition does not fit the log host (e.g. no `client_address`).
    case cluster(ClusterDefinitionError)
    /// The data directory or the transport refused.
    case log(String)

    /// A message for the operator.
    public var description: String {
        switch self {
        case let .config(e): "configuration: \(e)"
        case let .vault(e): "vault: \(e)"
        case let .cluster(e): "\(e)"
        case let .log(s): "session log: \(s)"
        }
    }
}

/// A started node: its log replica, the engine above it, and what they were started from.
public struct RunningNode: Sendable {
    /// The loaded config.
    public let config: NodeConfig
    /// Identity, keys, tokens and the cluster definition.
    public let secrets: NodeSecrets
    /// The node above the log.
    public let engine: NodeEngine
    /// The log replica's host.
    public let host: ReplicaHost<SessionStateMachine>
    let submitter: LogSubmitter

    /// Stops the engine (waiters see nil), then the replica (everything appended made durable,
    /// transport closed), then the log clients.
    public func shutdown() async {
        await engine.stop()
        await host.shutdown()
        submitter.close()
    }
}

/// Assembles a node from its config (what `thresigd` runs): secrets checked against the cluster
/// definition, the vault opened with the Argon2id passphrase key (created on first start), the
/// log replica over the session state machine, and the engine that follows it.
public enum NodeLauncher {
    /// Starts the node described by `config`.
    ///
    /// - `recover`: the node lost its data directory (VRR §4.3; see `ReplicaHost.start`).
    public static func start(config: NodeConfig, recover: Bool, logger: Logger) async throws(NodeStartError) -> RunningNode {
        let secrets: NodeSecrets
        do { secrets = try NodeSecrets.load(config) } catch { throw .config(error) }
        let passphrase: SecretBytes
        do { passphrase = try config.vaultPassphrase() } catch { throw .vault(error) }
        let data = DataDirectory(root: config.dataDir)
        let vault: Vault
        do {
            vault = AtomicFile.exists(data.vault + "/VAULT")
                ? try Vault.open(directory: data.vault, passphrase: passphrase)
                : try Vault.create(directory: data.vault, passphrase: passphrase)
        } catch { throw .vault(error) }
        var cluster: ClusterDefinition
        do { cluster = try ClusterDefinition(membership: secrets.definition) } catch { throw .cluster(error) }
        guard let index = secrets.definition.members.firstIndex(where: { $0.id == config.nodeID }) else {
            throw .config(.identity("node_id \(config.nodeID) is not in the cluster definition"))
        }
        if let listen = config.logListen {
            // The transport binds here; peers still dial the definition's log_address.
            cluster.members[index].host = listen.host
            cluster.members[index].peerPort = listen.port
        }
        var hostConfig = HostConfiguration(index: index, replicaCount: cluster.members.count, logger: logger)
        hostConfig.tickPeriod = .milliseconds(config.tickMillis)
        hostConfig.clientListenHost = cluster.members[index].host
        // Requests to the log's client ports are sealed with this node's identity key, and this
        // node's host admits only requests a member sealed (ClientRequestSeal).
        let signingKey = secrets.signingKey
        let memberKeys = secrets.definition.members.map(\.ed25519PublicKey)
        hostConfig.admitClientRequest = { clientId, requestNumber, body in
            ClientRequestSeal.open(body, clientId: clientId, requestNumber: requestNumber, memberKeys: memberKeys)
        }
        let submitter = LogSubmitter(endpoints: cluster.clientEndpoints, sealer: { clientId, requestNumber, body in
            ClientRequestSeal.seal(body, clientId: clientId, requestNumber: requestNumber, memberIndex: index, key: signingKey)
        })
        var settings = NodeEngine.Settings(idempotencyTTLMillis: UInt64(config.idempotencyTTLSeconds) * 1000)
        settings.submitTimeout = .milliseconds(config.requestTimeoutMillis)
        settings.presignaturePoolSize = config.presignaturePoolSize
        if let file = config.safePrimePoolFile {
            // Tests and demos only (public primes): see NodeConfig.safePrimePoolFile.
            do { settings.safePrimes = try SafePrimePool.load(file: file).slice(member: index, of: secrets.definition.members.count) } catch {
                throw .config(.invalidValue("ecdsa.safe_prime_pool_file", "a file of 1536-bit safe primes in hex (\(error))"))
            }
            logger.warning("ECDSA Paillier primes come from a PUBLIC test pool: for tests and demos only", metadata: ["file": "\(file)"])
        } else if config.safePrimeTarget > 0 {
            settings.safePrimes.startGenerating(target: config.safePrimeTarget)
        }
        let engine = NodeEngine(me: config.nodeID, definition: secrets.definition, signingKey: secrets.signingKey,
                                encryptionKey: secrets.encryptionKey, vault: ShareVault(vault: vault), submitter: submitter,
                                settings: settings, logger: logger)
        let host: ReplicaHost<SessionStateMachine>
        do {
            host = try await ReplicaHost<SessionStateMachine>.start(configuration: hostConfig, cluster: cluster,
                                                                    identity: secrets.identity, dataDirectory: data,
                                                                    recover: recover, observer: engine.observer)
            try await engine.attach(loop: host.loop) { to, payload in host.sendNodeFrame(to: to, payload) }
        } catch { throw .log("\(error)") }
        return RunningNode(config: config, secrets: secrets, engine: engine, host: host, submitter: submitter)
    }
}
