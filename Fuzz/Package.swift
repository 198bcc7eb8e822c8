// swift-tools-version:6.1
// libFuzzer targets for StrataCore. Not part of the main build: build and run with Fuzz/run.sh
// (see Fuzz/README.md). Each executable defines LLVMFuzzerTestOneInput and no main: it is compiled
// with -parse-as-library and linked with -sanitize=fuzzer, and libFuzzer's driver runs the loop.
import PackageDescription

let package = Package(
    name: "StrataFuzz",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "Strata", path: ".."),
    ],
    targets: [
        // `<Module>_main` for each fuzz executable, forwarding to libFuzzer's driver (see the file).
        .target(name: "FuzzEntryPoints"),
        // SQLLexer.tokenize, SQLSplitter.split and SQLScript.statements, both dialects.
        .executableTarget(
            name: "FuzzSQL",
            dependencies: ["FuzzEntryPoints", .product(name: "StrataCore", package: "Strata")]
        ),
        // MigrationDirectory.load / MigrationSource.load on one fuzzed file under each file-name route.
        .executableTarget(
            name: "FuzzMigrationFiles",
            dependencies: ["FuzzEntryPoints", .product(name: "StrataCore", package: "Strata")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
