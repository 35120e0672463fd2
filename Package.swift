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
        .library(name: "Replication", targets: ["Replication"]),
        .executable(name: "thresig-sim", targets: ["thresig-sim"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // System-library shims (module map + header); providers tell SwiftPM what to install.
        .systemLibrary(name: "CGMP", pkgConfig: "gmp", providers: [.apt(["libgmp-dev"])]),
        .systemLibrary(name: "COpenSSL", pkgConfig: "openssl", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CSodium", pkgConfig: "libsodium", providers: [.apt(["libsodium-dev"])]),

        .target(name: "Primitives", dependencies: ["COpenSSL", "CSodium", "CGMP"]),
        .target(name: "BigNum", dependencies: ["CGMP", "CSodium", "Primitives"]),
        .target(name: "Secp256k1", dependencies: ["COpenSSL", "Primitives"]),
        .target(name: "Sharing", dependencies: ["Primitives", "Secp256k1"]),
        // Conformance-vector runners (Wycheproof, later BLS/RFC 9380/threshold formats),
        // a library so that both the CLI and the tests drive the same code.
        .target(name: "Conformance", dependencies: ["Primitives", "Secp256k1"]),
        // Viewstamped Replication (sans I/O) and its deterministic simulator (issue 5).
        .target(name: "Replication", dependencies: ["Primitives"]),
        .executableTarget(name: "thresig-sim", dependencies: [
            "Replication",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "thresig", dependencies: [
            "Primitives", "BigNum", "Secp256k1", "Sharing", "Conformance",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        .testTarget(name: "PrimitivesTests", dependencies: ["Primitives"]),
        .testTarget(name: "BigNumTests", dependencies: ["BigNum"]),
        .testTarget(name: "Secp256k1Tests", dependencies: ["Secp256k1", "Primitives"]),
        .testTarget(name: "SharingTests", dependencies: ["Sharing", "Secp256k1"]),
        .testTarget(name: "ConformanceTests", dependencies: ["Conformance"]),
        .testTarget(name: "ReplicationTests", dependencies: ["Replication"]),
    ]
)
