// swift-tools-version: 6.1
import PackageDescription

/// The pure cores are compiled with optimization even in debug builds: the deterministic simulation runs
/// hundreds of seeds in `swift test`, and unoptimized code is ~10x slower there. (Root package only.)
let optimizedEvenInDebug: [SwiftSetting] = [.unsafeFlags(["-O"], .when(configuration: .debug))]

let package = Package(
    name: "Strata",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Common", targets: ["Common"]),
        .library(name: "L1App", targets: ["L1App"]),
        .library(name: "L1Node", targets: ["L1Node"]),
        .library(name: "L2Runtime", targets: ["L2Runtime"]),
        .library(name: "Bridge", targets: ["Bridge"]),
        .library(name: "L2Node", targets: ["L2Node"]),
        .executable(name: "l1d", targets: ["l1d"]),
        .executable(name: "l2d", targets: ["l2d"]),
        .executable(name: "strata-bench", targets: ["StrataBench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift.git", exact: "7.10.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", exact: "2.0.1"),
        .package(url: "https://github.com/apple/swift-nio.git", exact: "2.101.3"),
        .package(url: "https://github.com/apple/swift-log.git", exact: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", exact: "1.8.2"),
        .package(url: "https://github.com/LebJe/TOMLKit.git", exact: "0.6.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", exact: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", exact: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket.git", exact: "2.8.1"),
        .package(url: "https://github.com/apple/swift-metrics.git", exact: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", exact: "2.4.1"),
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
            path: "Common/Common",
            swiftSettings: optimizedEvenInDebug),
        .testTarget(
            name: "CommonTests",
            dependencies: [
                "TestSupport",
                "Common",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            path: "Tests/CommonTests",
            resources: [.copy("Vectors")]),

        // Keyring: account key files (0600) and the `keys` command that l1d and l2d share.
        .target(
            name: "Keyring",
            dependencies: ["Common", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Common/Keyring"),

        // L1: the consensus engine (pure) and its types.
        .target(
            name: "L1Consensus",
            dependencies: ["Common"],
            path: "L1/L1Consensus",
            swiftSettings: optimizedEvenInDebug),
        .testTarget(
            name: "L1ConsensusTests",
            dependencies: ["TestSupport", "L1Consensus", "L1Storage", "Common"],
            path: "Tests/L1ConsensusTests",
            swiftSettings: optimizedEvenInDebug),
        // L1Storage: the durable pieces of a validator (consensus WAL, double-sign protection, key file).
        .target(
            name: "L1Storage",
            dependencies: ["Common", "L1Consensus"],
            path: "L1/L1Storage"),
        .testTarget(
            name: "L1StorageTests",
            dependencies: ["L1Storage"],
            path: "Tests/L1StorageTests"),
        // L1App: the ABCI++-shaped application interface and the L1 application (bank, evidence).
        .target(
            name: "L1App",
            dependencies: ["Common"],
            path: "L1/L1App"),
        .testTarget(
            name: "L1AppTests",
            dependencies: ["TestSupport", "L1App", "Common"],
            path: "Tests/L1AppTests"),
        // L1Node: the node around the pure L1 cores: P2P, mempool, block store, execution, config, node assembly.
        .target(
            name: "L1Node",
            dependencies: [
                "Common", "CSodium", "L1Consensus", "L1App", "L1Storage",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            path: "L1/L1Node"),
        .testTarget(
            name: "L1NodeTests",
            dependencies: [
                "TestSupport",
                "L1Node", "L1Consensus", "L1App", "L1Storage", "Common", "CSodium",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "HummingbirdWSTesting", package: "hummingbird-websocket"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            path: "Tests/L1NodeTests"),

        // L2Runtime: the pure Data Space state-transition function and the rules engine.
        .target(
            name: "L2Runtime",
            dependencies: ["Common"],
            path: "L2/L2Runtime",
            swiftSettings: optimizedEvenInDebug),
        .testTarget(
            name: "L2RuntimeTests",
            dependencies: [
                "TestSupport", "L2Runtime", "Common",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            path: "Tests/L2RuntimeTests"),

        // Bridge: what crosses the layers; for now the batch format (columns, zstd), commitments and the
        // batch sink protocol. Pure: no I/O, no clocks.
        .target(
            name: "Bridge",
            dependencies: ["Common", "L2Runtime"],
            path: "Bridge/Bridge",
            swiftSettings: optimizedEvenInDebug),
        .testTarget(
            name: "BridgeTests",
            dependencies: [
                "TestSupport", "Bridge", "L2Runtime", "Common",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            path: "Tests/BridgeTests"),

        // L2Workload: a populated Data Space and its standard transaction mix, for the execution and sequencer
        // benchmarks, and the load generator `l2d load` drives against a running sequencer.
        .target(
            name: "L2Workload",
            dependencies: ["L2Runtime", "Common"],
            path: "L2/L2Workload"),

        // l1d: the validator binary.
        .executableTarget(
            name: "l1d",
            dependencies: [
                "Common", "Keyring", "L1Consensus", "L1App", "L1Storage", "L1Node",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "L1/l1d"),

        // L2Node: the sequencer around the pure L2 runtime: sequencer log with group commit, mempool, block
        // store, HTTP ingest, and the batcher. Talks to L1 only over RPC; never links an L1 target.
        .target(
            name: "L2Node",
            dependencies: [
                "Common", "L2Runtime", "Bridge",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            path: "L2/L2Node"),
        .testTarget(
            name: "L2NodeTests",
            dependencies: [
                "TestSupport", "L2Node", "Bridge", "L2Runtime", "L2Workload", "Common",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "HummingbirdWSTesting", package: "hummingbird-websocket"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/L2NodeTests"),

        // l2d: the rollup binary (sequencer).
        .executableTarget(
            name: "l2d",
            dependencies: [
                "Common", "Keyring", "L2Runtime", "L2Node", "L2Workload",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "L2/l2d"),
        // The l2d command line in process: argument parsing and validation, the payloads the tx subcommands sign.
        .testTarget(
            name: "L2dTests",
            dependencies: [
                "l2d", "Common", "Keyring", "L2Runtime", "L2Node", "L2Workload",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Tests/L2dTests"),

        // End to end: real l1d and l2d processes on loopback (the tests find the binaries built next to them).
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["l1d", "l2d", "Common", "L2Runtime", "Bridge", "L2Node"],
            path: "Tests/EndToEndTests"),

        // Shared test helpers (the repository root, running the Python reference clients).
        .target(name: "TestSupport", path: "Tests/TestSupport"),

        // Benchmarks: `make bench` runs this in release and it prints one JSON document.
        .executableTarget(
            name: "StrataBench",
            dependencies: [
                "Common", "L2Runtime", "Bridge", "L2Workload", "L2Node",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            path: "Benchmarks/StrataBench"),
    ]
)
