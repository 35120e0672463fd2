// swift-tools-version:6.0
// Thresig — threshold signing service. One module per row of DESIGN.md's layer table;
// lower rows never import higher ones.
import PackageDescription

let package = Package(
    name: "Thresig",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "thresig", targets: ["thresig"]),
        .library(name: "Primitives", targets: ["Primitives"]),
        .library(name: "BigNum", targets: ["BigNum"]),
        .library(name: "Secp256k1", targets: ["Secp256k1"]),
        .library(name: "Sharing", targets: ["Sharing"]),
        .library(name: "Conformance", targets: ["Conformance"]),
        .library(name: "Paillier", targets: ["Paillier"]),
        .library(name: "ThresholdECDSA", targets: ["ThresholdECDSA"]),
        .library(name: "Transport", targets: ["Transport"]),
        .library(name: "Replication", targets: ["Replication"]),
        .executable(name: "thresig-sim", targets: ["thresig-sim"]),
        .executable(name: "thresig-replica", targets: ["thresig-replica"]),
        .executable(name: "thresigd", targets: ["thresigd"]),
        .library(name: "LogClient", targets: ["LogClient"]),
        .library(name: "Membership", targets: ["Membership"]),
        .library(name: "SignerNode", targets: ["SignerNode"]),
        .library(name: "HTTPAPI", targets: ["HTTPAPI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // YAML for consensus-spec-tests' BLS vectors (data.yaml).
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        // Node-to-node transport: TCP + mutual TLS 1.3, self-signed node certificates.
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1", from: "1.7.4"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        // The node's HTTP API (DESIGN.md: Hummingbird 2).
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        // /metrics in the Prometheus exposition format.
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        // thresigd's start/stop: SIGTERM/SIGINT drain the API, then flush the log (Hummingbird's own).
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
    ],
    targets: [
        // System-library shims (module map + header); providers tell SwiftPM what to install.
        .systemLibrary(name: "CGMP", pkgConfig: "gmp", providers: [.apt(["libgmp-dev"])]),
        .systemLibrary(name: "COpenSSL", pkgConfig: "openssl", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CSodium", pkgConfig: "libsodium", providers: [.apt(["libsodium-dev"])]),

        .target(name: "Primitives", dependencies: ["COpenSSL", "CSodium", "CGMP"]),
        .target(name: "BigNum", dependencies: ["CGMP", "CSodium", "Primitives"]),
        .target(name: "Secp256k1", dependencies: ["Primitives"]),
        .target(name: "BLS12381", dependencies: ["CGMP", "Primitives"]),
        .target(name: "Sharing", dependencies: ["Primitives", "Secp256k1", "BLS12381"]),
        // Conformance-vector runners (Wycheproof, later BLS/RFC 9380/threshold formats),
        // a library so that both the CLI and the tests drive the same code.
        .target(name: "Conformance", dependencies: ["Primitives", "Secp256k1", "BLS12381", "Sharing", "DKG", "ThresholdBLS", "Paillier", "ThresholdECDSA", .product(name: "Yams", package: "Yams")]),
        // Durable write-ahead log segments, snapshots and the replica's durable state (POSIX I/O).
        .target(name: "Storage", dependencies: ["Primitives"]),
        .target(name: "DKG", dependencies: ["Primitives", "Sharing"]),
        // Paillier encryption over safe-prime moduli, CRT decryption, ring-Pedersen parameters (issue 7).
        .target(name: "Paillier", dependencies: ["BigNum", "Primitives"]),
        // Threshold ECDSA on secp256k1 (CGGMP21): the ZK proofs (Proofs/), aux-info, presigning,
        // online signing and identifiable abort, as sans-I/O state machines.
        .target(name: "ThresholdECDSA", dependencies: ["Paillier", "BigNum", "Secp256k1", "Sharing", "Primitives", "DKG"]),
        // Threshold BLS: partial sign, partial verify, combine, robust combine.
        .target(name: "ThresholdBLS", dependencies: ["BLS12381", "Sharing", "Primitives"]),
        // Node-to-node transport: length-prefixed frames over SwiftNIO TCP with mutual TLS 1.3
        // and pinned certificate fingerprints; plus an in-memory transport for higher-layer tests.
        .target(name: "Transport", dependencies: [
            "Primitives",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "X509", package: "swift-certificates"),
            .product(name: "SwiftASN1", package: "swift-asn1"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // Viewstamped Replication (sans I/O) and its deterministic simulator (issue 5).
        .target(name: "Replication", dependencies: ["Primitives"]),
        // Cluster definition (members, addresses, pinned fingerprints, public keys) and
        // rendezvous hashing of keys onto committees.
        .target(name: "Membership", dependencies: ["Primitives"]),
        // The signer node's pieces: replicated state machine of sessions, node config, cluster init.
        .target(name: "SignerNode", dependencies: [
            "Primitives", "Membership", "Storage", "Replication", "DKG", "Sharing", "BLS12381", "ThresholdBLS", "Transport",
            "LogClient", "Secp256k1", "Paillier", "ThresholdECDSA",
            .product(name: "Yams", package: "Yams"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // The HTTP API (Hummingbird 2) behind the SignerService seam.
        .target(name: "HTTPAPI", dependencies: [
            "SignerNode", "Primitives", "DKG",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Prometheus", package: "swift-prometheus"),
        ]),
        .executableTarget(name: "thresig-sim", dependencies: [
            "Replication",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // The client side of the replicated log: the client-port codec and a retrying client.
        .target(name: "LogClient", dependencies: ["Primitives"]),
        // The signer node; for now its log host: one Replica driven over the TLS transport,
        // the WAL and snapshots, with a client port (issue 5).
        .executableTarget(name: "thresig-replica", dependencies: [
            "SignerNode", "LogClient", "Transport", "Storage", "Replication", "Primitives",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // The signer node daemon: log replica + node engine (SignerNode) + HTTP API (issue 6).
        .executableTarget(name: "thresigd", dependencies: [
            "SignerNode", "HTTPAPI", "Membership", "Primitives",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "Prometheus", package: "swift-prometheus"),
        ]),
        .executableTarget(name: "thresig", dependencies: [
            "Primitives", "BigNum", "Secp256k1", "BLS12381", "Sharing", "Conformance", "DKG", "ThresholdBLS",
            "Paillier", "ThresholdECDSA", "Membership", "SignerNode",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // Test-only helpers shared by several test targets (a toy prime-order group, the Python oracle).
        .target(name: "ThresigTestSupport", dependencies: ["Sharing", "Primitives", "BLS12381"], path: "Tests/Support"),

        .testTarget(name: "PrimitivesTests", dependencies: ["Primitives"]),
        .testTarget(name: "BigNumTests", dependencies: ["BigNum"]),
        .testTarget(name: "Secp256k1Tests", dependencies: ["Secp256k1", "Primitives", "COpenSSL"]),
        .testTarget(name: "BLS12381Tests", dependencies: ["BLS12381", "Primitives", "CGMP", "ThresigTestSupport"]),
        .testTarget(name: "SharingTests", dependencies: ["Sharing", "Secp256k1", "BLS12381", "ThresigTestSupport"]),
        .testTarget(name: "ConformanceTests", dependencies: ["Conformance"]),
        .testTarget(name: "StorageTests", dependencies: ["Storage", "Primitives"]),
        .testTarget(name: "DKGTests", dependencies: ["DKG", "Sharing", "Secp256k1", "Primitives", "ThresigTestSupport"]),
        // Depends on the executable too: the `dkg simulate` path is tested in-process.
        .testTarget(name: "ThresholdBLSTests", dependencies: ["ThresholdBLS", "DKG", "Sharing", "BLS12381", "Primitives", "thresig", "ThresigTestSupport"]),
        .testTarget(name: "TransportTests", dependencies: [
            "Transport", "Primitives",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOEmbedded", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOTLS", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "X509", package: "swift-certificates"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .testTarget(name: "ReplicationTests", dependencies: ["Replication"]),
        // Real `thresig-replica` processes on loopback (the binary is built before `swift test`).
        .testTarget(name: "PaillierTests", dependencies: ["Paillier", "BigNum", "Primitives", "ThresigTestSupport"]),
        // Depends on the executable too: `dkg simulate --scheme ecdsa-secp256k1` is tested in-process.
        .testTarget(name: "ThresholdECDSATests", dependencies: ["ThresholdECDSA", "Paillier", "BigNum", "Secp256k1", "Sharing", "DKG", "Primitives", "Conformance", "thresig", "ThresigTestSupport"]),
        // And real `thresigd` processes (issue 6), checked with our BLS and pyblst.
        .testTarget(name: "IntegrationTests", dependencies: ["LogClient", "SignerNode", "BLS12381", "Primitives", "ThresigTestSupport"]),
        .testTarget(name: "MembershipTests", dependencies: ["Membership", "Primitives"]),
        .testTarget(name: "SignerNodeTests", dependencies: [
            "SignerNode", "ThresigTestSupport", "Membership", "Storage", "Replication", "DKG", "Sharing", "BLS12381", "ThresholdBLS", "Primitives", "Transport",
            "LogClient", "Secp256k1", "Paillier", "BigNum", "ThresholdECDSA",
            .product(name: "Yams", package: "Yams"),
        ]),
        .testTarget(name: "HTTPAPITests", dependencies: [
            "HTTPAPI", "SignerNode", "Membership", "Primitives", "BLS12381", "ThresigTestSupport",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "Yams", package: "Yams"),
        ]),
    ]
)
