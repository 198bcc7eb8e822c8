import Foundation
import Testing
import StrataCLI
@testable import StrataCore

@Suite("Migration directory: formats")
struct MigrationDirectoryTests {
    @Test func nativeFileWithUpAndDown() throws {
        try withTemporaryDirectory { directory in
            let text = "-- strata:up\nCREATE TABLE users (id bigint PRIMARY KEY);\nCREATE INDEX users_id ON users (id);\n\n-- strata:down\nDROP TABLE users;\n"
            let path = try directory.write("20240101120000_create_users.sql", text)
            let migrations = try MigrationDirectory.load(directory.path)
            let migration = try #require(migrations.first)
            #expect(migrations.count == 1)
            #expect(migration.version?.text == "20240101120000")
            #expect(migration.description == "create_users")
            #expect(migration.kind == .versioned)
            #expect(migration.format == .native)
            #expect(migration.file == path)
            #expect(migration.checksum == Checksum(of: [text]))
            #expect(try migration.upStatements() == ["CREATE TABLE users (id bigint PRIMARY KEY)", "CREATE INDEX users_id ON users (id)"])
            #expect(try migration.downStatements() == ["DROP TABLE users"])
            #expect(migration.up.isTransactional)
            #expect(migration.down?.isTransactional == true)
            #expect(try migration.up.script.statements(dialect: .postgres).map(\.location.line) == [2, 3])
            #expect(try migration.down?.script.statements(dialect: .postgres).first?.location == StrataCore.SourceLocation(file: path, line: 6, column: 1))
        }
    }

    @Test func nativeTransactionFalseAppliesToItsSectionOnly() throws {
        let migrations = try loadMigrations([
            "2_index.sql": "-- strata:up transaction=false\nCREATE INDEX CONCURRENTLY i ON t (x);\n-- strata:down\nDROP INDEX CONCURRENTLY i;\n",
            "3_explicit.sql": "-- Strata:UP Transaction=True\nSELECT 1;\n",
        ])
        #expect(migrations.map(\.up.isTransactional) == [false, true])
        #expect(migrations[0].down?.isTransactional == true)
    }

    @Test func strataAllowCommentsAreNotSectionMarkers() throws {
        let migrations = try loadMigrations([
            "1_drop.sql": "-- strata:up\n-- strata:allow destructive-drop the table is empty\nDROP TABLE old;\n"
        ])
        #expect(try migrations[0].upStatements() == ["DROP TABLE old"])
        #expect(migrations[0].down == nil)
    }

    @Test func dbmateFile() throws {
        let migrations = try loadMigrations([
            "20230101000000_add_index.sql": "-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY i ON t (x);\n\n-- migrate:down\nDROP INDEX i;\n"
        ])
        let migration = try #require(migrations.first)
        #expect(migration.format == .dbmate)
        #expect(migration.up.isTransactional == false)
        #expect(migration.down?.isTransactional == true)
        #expect(try migration.upStatements() == ["CREATE INDEX CONCURRENTLY i ON t (x)"])
        #expect(try migration.downStatements() == ["DROP INDEX i"])
    }

    @Test func gooseFileWithStatementBlock() throws {
        let text = """
            -- +goose Up
            CREATE TABLE t (x int);
            -- +goose StatementBegin
            CREATE FUNCTION f() RETURNS trigger AS '
            BEGIN
              RETURN NEW;
            END;
            ' LANGUAGE plpgsql;
            -- +goose StatementEnd
            INSERT INTO t VALUES (1);

            -- +goose Down
            DROP FUNCTION f;
            DROP TABLE t;

            """
        let migrations = try loadMigrations(["00005_trigger.sql": text])
        let migration = try #require(migrations.first)
        #expect(migration.format == .goose)
        #expect(migration.version?.text == "00005")
        #expect(migration.up.isTransactional)
        let up = try migration.up.script.statements(dialect: .postgres)
        #expect(
            up.map(\.text) == [
                "CREATE TABLE t (x int)",
                "CREATE FUNCTION f() RETURNS trigger AS '\nBEGIN\n  RETURN NEW;\nEND;\n' LANGUAGE plpgsql",
                "INSERT INTO t VALUES (1)",
            ])
        #expect(up.map(\.location.line) == [2, 4, 10])
        #expect(try migration.downStatements() == ["DROP FUNCTION f", "DROP TABLE t"])
    }

    @Test func gooseNoTransactionCoversTheWholeFile() throws {
        let migrations = try loadMigrations([
            "7_concurrently.sql": "-- +goose NO TRANSACTION\n-- +goose Up\nCREATE INDEX CONCURRENTLY i ON t (x);\n-- +goose Down\nDROP INDEX CONCURRENTLY i;\n"
        ])
        #expect(migrations[0].up.isTransactional == false)
        #expect(migrations[0].down?.isTransactional == false)
    }

    @Test func golangMigratePair() throws {
        try withTemporaryDirectory { directory in
            let upText = "BEGIN;\nCREATE TABLE t (x int);\nCOMMIT;\n"
            let downText = "DROP TABLE t;\n"
            let upPath = try directory.write("000003_create_t.up.sql", upText)
            let downPath = try directory.write("000003_create_t.down.sql", downText)
            let migration = try #require(try MigrationDirectory.load(directory.path).first)
            #expect(migration.format == .pair)
            #expect(migration.version?.text == "000003")
            #expect(migration.description == "create_t")
            #expect(migration.file == upPath)
            #expect(migration.down?.script.file == downPath)
            #expect(migration.checksum == Checksum(of: [upText, downText]))
            #expect(try migration.upStatements() == ["CREATE TABLE t (x int)"])
            #expect(try migration.downStatements() == ["DROP TABLE t"])
        }
    }

    @Test func golangMigrateUpWithoutDown() throws {
        let migrations = try loadMigrations(["4_seed.up.sql": "INSERT INTO t VALUES (1);"])
        #expect(migrations.map(\.id) == ["4"])
        #expect(migrations[0].down == nil)
    }

    @Test func dieselFolder() throws {
        try withTemporaryDirectory { directory in
            try directory.write("2017-09-01-201505_create_posts/up.sql", "CREATE TABLE posts (id int);\n")
            try directory.write("2017-09-01-201505_create_posts/down.sql", "DROP TABLE posts;\n")
            try directory.write("2017-09-02-000000_seed/up.sql", "INSERT INTO posts VALUES (1);\n")
            let migrations = try MigrationDirectory.load(directory.path)
            #expect(migrations.map(\.version?.text) == ["2017-09-01-201505", "2017-09-02-000000"])
            #expect(migrations.map(\.format) == [.pair, .pair])
            #expect(migrations[0].file == directory.file("2017-09-01-201505_create_posts"))
            #expect(try migrations[0].downStatements() == ["DROP TABLE posts"])
            #expect(migrations[1].down == nil)
            #expect(migrations[0].checksum == Checksum(of: ["CREATE TABLE posts (id int);\n", "DROP TABLE posts;\n"]))
        }
    }

    @Test func flywayVersionedUndoAndRepeatable() throws {
        try withTemporaryDirectory { directory in
            try directory.write("V1__create_users.sql", "CREATE TABLE users (id int);\n")
            let undoPath = try directory.write("U1__create_users.sql", "DROP TABLE users;\n")
            try directory.write("V1_1__add_email.sql", "ALTER TABLE users ADD email text;\n")
            try directory.write("R__views.sql", "CREATE OR REPLACE VIEW v AS SELECT 1;\n")
            let migrations = try MigrationDirectory.load(directory.path)
            #expect(migrations.map(\.id) == ["1", "1.1", "repeatable:views"])
            #expect(migrations.map(\.format) == [.flyway, .flyway, .flyway])
            #expect(migrations.map(\.kind) == [.versioned, .versioned, .repeatable])
            #expect(migrations[0].down?.script.file == undoPath)
            #expect(try migrations[0].downStatements() == ["DROP TABLE users"])
            #expect(migrations[1].down == nil)
            #expect(migrations[2].version == nil)
            #expect(migrations[2].description == "views")
        }
    }

    @Test func nativeRepeatableFile() throws {
        let migrations = try loadMigrations([
            "views.sql": "-- strata:repeatable\nCREATE OR REPLACE VIEW active AS SELECT 1;\n"
        ])
        let migration = try #require(migrations.first)
        #expect(migration.kind == .repeatable)
        #expect(migration.format == .native)
        #expect(migration.version == nil)
        #expect(migration.id == "repeatable:views")
        #expect(try migration.upStatements() == ["CREATE OR REPLACE VIEW active AS SELECT 1"])
    }

    @Test func formatsMixInOneDirectoryInVersionOrder() throws {
        let migrations = try loadMigrations([
            "R__functions.sql": "SELECT 1;",
            "views.sql": "-- strata:repeatable\nSELECT 2;",
            "10_native.sql": "-- strata:up\nSELECT 10;",
            "9_dbmate.sql": "-- migrate:up\nSELECT 9;",
            "V11__flyway.sql": "SELECT 11;",
            "2_goose.sql": "-- +goose Up\nSELECT 2;",
            "3_pair.up.sql": "SELECT 3;",
            "1.5_folder/up.sql": "SELECT 1.5;",
            "README.md": "not a migration",
            ".hidden.sql": "garbage",
            "notes.txt": "-- strata:up",
        ])
        #expect(migrations.map(\.id) == ["1.5", "2", "3", "9", "10", "11", "repeatable:functions", "repeatable:views"])
        #expect(migrations.map(\.format) == [.pair, .goose, .pair, .dbmate, .native, .flyway, .flyway, .native])
    }

    @Test func emptyDirectoryHasNoMigrations() throws {
        #expect(try loadMigrations([:]).isEmpty)
    }

    @Test func trailingSlashInTheDirectoryPath() throws {
        try withTemporaryDirectory { directory in
            let path = try directory.write("1_x.sql", "-- strata:up\nSELECT 1;")
            #expect(try MigrationDirectory.load(directory.path + "/").first?.file == path)
        }
    }

    @Test func missingDirectoryWordForWord() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("strata-missing-" + UUID().uuidString).path
        let error = try #require(throws: StrataError.self) { try MigrationDirectory.load(path) }
        #expect(error.code == .migrationSource)
        #expect(
            error.commandLine == """
                error: migrations directory '\(path)' does not exist
                  state: nothing was run
                  next: create it with `strata init`, or point --migrations (or migrations in strata.toml) at it
                """)
    }

    /// Windows line endings: markers are found and locations count CRLF as one line break.
    @Test func crlfFilesParseLikeLFFiles() throws {
        let lf = "-- strata:up\nCREATE TABLE t (x int);\nINSERT INTO t VALUES (1);\n\n-- strata:down\nDROP TABLE t;\n"
        let crlf = lf.replacingOccurrences(of: "\n", with: "\r\n")
        let migrations = try loadMigrations(["1_lf.sql": lf, "2_crlf.sql": crlf])
        #expect(migrations.count == 2)
        #expect(try migrations.last?.upStatements() == ["CREATE TABLE t (x int)", "INSERT INTO t VALUES (1)"])
        #expect(try migrations.last?.downStatements() == ["DROP TABLE t"])
        #expect(try migrations.last?.down?.script.statements(dialect: .sqlite).first?.location.line == 6)
        #expect(migrations.first?.checksum == migrations.last?.checksum)
    }

    /// A UTF-8 byte order mark neither hides the first marker nor reaches the SQL.
    @Test func utf8BOMIsIgnored() throws {
        let migrations = try loadMigrations([
            "1_native.sql": "\u{FEFF}-- strata:up\nCREATE TABLE t (x int);\n",
            "V2__flyway.sql": "\u{FEFF}CREATE TABLE u (x int);\n",
        ])
        #expect(try migrations.first?.upStatements() == ["CREATE TABLE t (x int)"])
        #expect(try migrations.last?.upStatements() == ["CREATE TABLE u (x int)"])
    }
}
