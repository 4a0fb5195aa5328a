// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Strata",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Common", targets: ["Common"]),
        .library(name: "L1Node", targets: ["L1Node"]),
        .executable(name: "strata-bench", targets: ["StrataBench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift.git", exact: "7.10.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", exact: "2.0.1"),
        .package(url: "https://github.com/apple/swift-nio.git", exact: "2.101.3"),
        .package(url: "https://github.com/apple/swift-log.git", exact: "1.16.2"),
    ],
    targets: [
        // System libraries (Debian: scripts/setup installs them).
        .systemLibrary(
            name: "CSecp256k1", path: "Common/CSecp256k1", pkgConfig: "libsecp256k1",
            providers: [.apt(["libsecp256k1-dev"])]),
        .systemLibrary(
            name: "CSodium", path: "Common/CSodium", pkgConfig: "libsodium",
            providers: [.apt(["libsodium-dev"])]),
        .systemLibrary(
            name: "CZstd", path: "Common/CZstd", pkgConfig: "libzstd",
            providers: [.apt(["libzstd-dev"])]),

        // Common: crypto, codec, merkle, state, store, compression.
        .target(
            name: "Common",
            dependencies: [
                "CSecp256k1", "CSodium", "CZstd",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            path: "Common/Common"),
        .testTarget(
            name: "CommonTests",
            dependencies: [
                "Common",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            path: "Tests/CommonTests",
            resources: [.copy("Vectors")]),

        // L1Node: the node around the pure L1 cores (P2P so far; mempool, block sync and RPC come next).
        .target(
            name: "L1Node",
            dependencies: [
                "Common", "CSodium",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "L1/L1Node"),
        .testTarget(
            name: "L1NodeTests",
            dependencies: [
                "L1Node", "Common", "CSodium",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/L1NodeTests"),

        // Benchmarks: `make bench` runs this in release and it prints one JSON document.
        .executableTarget(
            name: "StrataBench",
            dependencies: ["Common"],
            path: "Benchmarks/StrataBench"),
    ]
)
