// swift-tools-version:6.1
import PackageDescription

let strictness: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "Strata",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "Strata", targets: ["Strata"]),
        .library(name: "StrataTesting", targets: ["StrataTesting"]),
        .executable(name: "strata", targets: ["strata"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
    ],
    targets: [
        // The system zlib, for compressed backups.
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        .target(
            name: "StrataCore",
            dependencies: [
                "CZlib",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "TOMLKit", package: "TOMLKit"),
            ],
            swiftSettings: strictness
        ),
        // SQLite → PostgreSQL transfer: planning, streaming, digests, read-back (no database of its own).
        .target(
            name: "StrataTransfer",
            dependencies: [
                "StrataCore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictness
        ),
        .target(
            name: "StrataSQLite",
            dependencies: [
                "StrataCore",
                "StrataTransfer",
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictness
        ),
        .target(
            name: "StrataPostgres",
            dependencies: [
                "StrataCore",
                "StrataTransfer",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            swiftSettings: strictness
        ),
        .target(
            name: "Strata",
            dependencies: ["StrataCore", "StrataTransfer", "StrataSQLite", "StrataPostgres"],
            swiftSettings: strictness
        ),
        // For an app's own tests: migrations applied, undone and applied again on a scratch database.
        .target(
            name: "StrataTesting",
            dependencies: ["Strata", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strictness
        ),
        .target(
            name: "StrataTestSupport",
            dependencies: ["Strata", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strictness
        ),
        .target(
            name: "StrataCLI",
            dependencies: [
                "Strata",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictness
        ),
        .executableTarget(
            name: "strata",
            dependencies: ["StrataCLI"],
            swiftSettings: strictness
        ),
        .testTarget(name: "StrataCoreTests", dependencies: ["StrataCore", "StrataTransfer", "StrataCLI", "StrataTestSupport"], exclude: ["Fixtures"], swiftSettings: strictness),
        .testTarget(name: "StrataSQLiteTests", dependencies: ["Strata", "StrataTesting", "StrataTestSupport"], swiftSettings: strictness),
        .testTarget(name: "StrataPostgresTests", dependencies: ["Strata", "StrataCore", "StrataPostgres", "StrataTestSupport"], swiftSettings: strictness),
        .testTarget(name: "StrataCLITests", dependencies: ["StrataCLI", "StrataTestSupport"], exclude: ["Golden"], swiftSettings: strictness),
    ],
    swiftLanguageModes: [.v6]
)

// The libFuzzer targets (Fuzz/run.sh sets STRATA_FUZZ=1 and builds them with -sanitize=fuzzer):
// part of this package so that they reach the core's package-level lexer and readers, and left out
// of every other build, since they have no `main` of their own (see Fuzz/README.md).
if Context.environment["STRATA_FUZZ"] == "1" {
    package.targets += [
        // `<Module>_main` for each fuzz executable, forwarding to libFuzzer's driver (see the file).
        .target(name: "FuzzEntryPoints", path: "Fuzz/Sources/FuzzEntryPoints"),
        // SQLLexer.tokenize, SQLSplitter.split and SQLScript.statements, both dialects.
        .executableTarget(name: "FuzzSQL", dependencies: ["FuzzEntryPoints", "StrataCore"], path: "Fuzz/Sources/FuzzSQL"),
        // MigrationDirectory.load / MigrationSource.load on one fuzzed file under each file-name route.
        .executableTarget(
            name: "FuzzMigrationFiles", dependencies: ["FuzzEntryPoints", "StrataCore"], path: "Fuzz/Sources/FuzzMigrationFiles"),
    ]
}
