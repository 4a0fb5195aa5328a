// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Strata",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Common", targets: ["Common"]),
        .library(name: "L1App", targets: ["L1App"]),
        .executable(name: "strata-bench", targets: ["StrataBench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift.git", exact: "7.10.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", exact: "2.0.1"),
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

        // L1App: the ABCI++-shaped application interface and the L1 application (bank, evidence).
        .target(
            name: "L1App",
            dependencies: ["Common"],
            path: "L1/L1App"),
        .testTarget(
            name: "L1AppTests",
            dependencies: ["L1App", "Common"],
            path: "Tests/L1AppTests"),

        // Benchmarks: `make bench` runs this in release and it prints one JSON document.
        .executableTarget(
            name: "StrataBench",
            dependencies: ["Common"],
            path: "Benchmarks/StrataBench"),
    ]
)
