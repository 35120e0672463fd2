/// The annotated `thresigd.yaml` that `thresig cluster init` writes for each node; the same text
/// (for node 1 of a local cluster) is deploy/thresigd.example.yaml. Every field is documented in
/// place and in docs/operations.md.
public enum NodeConfigTemplate {
    /// The config text for `nodeID`, with paths relative to the node's directory.
    public static func render(nodeID: String, logListen: String, apiListen: String, defaultThreshold: Int) -> String {
        """
        # thresigd configuration for \(nodeID) (written by `thresig cluster init`).
        # Relative paths are relative to this file's directory. Unknown keys are refused.
        # Reference: docs/operations.md. Start with: thresigd --config thresigd.yaml

        # This node's id in the cluster definition (1-64 of [A-Za-z0-9._-]).
        node_id: \(nodeID)
        # The cluster definition shared by every node (ids, addresses, pinned TLS fingerprints,
        # X25519 and Ed25519 public keys).
        cluster_file: ../cluster.json
        # Data directory: wal/ (session log), snapshots/, vault/ (sealed shares). Mode 0700.
        data_dir: data

        identity:
          # Self-signed TLS certificate for the session log's mutual TLS; peers pin its SHA-256.
          tls_certificate: node/tls-cert.pem
          # Its P-256 private key (PKCS#8 PEM, mode 0600).
          tls_private_key: node/tls-key.pem
          # Ed25519 seed (hex, 0600): signs this node's ceremony entries in the log.
          ed25519_seed: node/ed25519.seed
          # X25519 secret key (hex, 0600): opens the DKG shares dealt to this node.
          x25519_secret_key: node/x25519.key

        listen:
          # Session-log (VSR) transport, mutual TLS. Default: this member's log_address.
          log: \(logListen)
          # HTTP API. Default: this member's api_address.
          api: \(apiListen)

        log:
          # Replica tick period in milliseconds (timeouts and heartbeats count ticks). Default 10.
          tick_millis: 10

        api:
          # Largest request body in bytes; larger requests get 413 body-too-large. Default 65536.
          max_body_bytes: 65536
          # A request not answered within this many milliseconds gets 503 timeout. Default 10000.
          request_timeout_millis: 10000
          # Bearer tokens: each file holds one token (mode 0600); keys is ["*"] (every key and
          # the admin routes) or a list of key ids the token may use.
          tokens:
            - token_file: node/admin-token
              keys: ["*"]

        vault:
          # The vault passphrase (Argon2id derives the vault key from it). The daemon refuses a
          # file readable by group or others. Without passphrase_file, the variable named by
          # passphrase_env is read (default THRESIG_VAULT_PASSPHRASE).
          passphrase_file: node/vault-passphrase
          passphrase_env: THRESIG_VAULT_PASSPHRASE

        # Lifetime of Idempotency-Key entries on the log's logical clock, seconds. Default 86400 (24 h).
        idempotency_ttl_seconds: 86400

        ceremony:
          # Longest a DKG phase stays open, milliseconds of log time; a phase closes earlier
          # when every committee member is done. Default 5000.
          phase_millis: 5000
          # Threshold `thresig dkg` proposes when --threshold is not given.
          default_threshold: \(defaultThreshold)

        """
    }
}
