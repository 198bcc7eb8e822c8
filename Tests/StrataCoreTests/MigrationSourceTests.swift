import Foundation
import Testing
import StrataCLI
@testable import StrataCore

@Suite("Migration sources")
struct MigrationSourceTests {
    static func swiftMigration(_ version: String, _ description: String, transactional: Bool = true, checksum: String? = nil) -> SwiftMigration {
        SwiftMigration(
            version: version, description: description, transactional: transactional, checksum: checksum,
            up: { _ in }, down: nil)
    }

    @Test func swiftMigrationsAreOrderedWithFiles() throws {
        try withTemporaryDirectory { directory in
            try directory.write("1_create.sql", "-- strata:up\nSELECT 1;")
            try directory.write("3_index.sql", "-- strata:up\nSELECT 3;")
            let source = MigrationSource.directory(directory.path).adding([Self.swiftMigration("2", "backfill", transactional: false)])
            let migrations = try source.load()
            #expect(migrations.map(\.id) == ["1", "2", "3"])
            #expect(migrations.map(\.format) == [.native, .swift, .native])
            #expect(migrations[1].up.isTransactional == false)
            #expect(migrations[1].file == nil)
            #expect(migrations[1].down == nil)
        }
    }

    @Test func swiftBodiesCarryTheirTransactionChoice() {
        let wrapped = SwiftMigration(version: "7", description: "w", up: { _ in }, down: { _ in }).migration
        #expect(wrapped.up.isTransactional && wrapped.down?.isTransactional == true)
        #expect(Self.swiftMigration("8", "bare", transactional: false).migration.up.isTransactional == false)
        #expect(wrapped.kind == .versioned && wrapped.name == "7_w")
    }

    @Test func swiftChecksumIsOptional() {
        #expect(Self.swiftMigration("1", "a").migration.checksum == nil)
        #expect(Self.swiftMigration("1", "a", checksum: "rev 2").migration.checksum == Checksum(of: ["rev 2"]))
    }

    @Test func duplicateVersionBetweenFileAndSwiftWordForWord() throws {
        try withTemporaryDirectory { directory in
            let path = try directory.write("0002_create.sql", "-- strata:up\nSELECT 1;")
            let source = MigrationSource.combining(.directory(directory.path), .swift([Self.swiftMigration("2", "backfill")]))
            let error = try #require(throws: StrataError.self) { try source.load() }
            #expect(error.code == .migrationSource)
            #expect(
                error.commandLine == """
                    error: duplicate version 2: \(path) and Swift migration 2_backfill
                      state: nothing was run
                      next: give one of them a new version
                    """)
        }
    }

    @Test func duplicateSwiftVersions() throws {
        let source = MigrationSource.swift([Self.swiftMigration("5", "a"), Self.swiftMigration("5.0", "b")])
        let error = try #require(throws: StrataError.self) { try source.load() }
        #expect(error.summary == "duplicate version 5.0: Swift migration 5_a and Swift migration 5.0_b")
    }
}

@Suite("File system paths")
struct FileSystemPathTests {
    @Test("lastComponent and parent agree with NSString", arguments: ["a/b/c.sql", "c.sql", "/c", "/", "a/b/", "dir//x.sql", "./m/001.sql", ""])
    func agreeWithNSString(_ path: String) {
        #expect(FileSystem.lastComponent(path) == (path as NSString).lastPathComponent)
        #expect(FileSystem.parent(path) == (path as NSString).deletingLastPathComponent || path.contains("//"))
    }
}
