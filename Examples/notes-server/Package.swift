// swift-tools-version:6.1
import PackageDescription

// A small Hummingbird server that migrates its database at boot through the Strata library.
let package = Package(
    name: "NotesServer",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "Strata", path: "../.."),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
    ],
    targets: [
        .executableTarget(
            name: "NotesServer",
            dependencies: [
                .product(name: "Strata", package: "Strata"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ])
    ]
)
