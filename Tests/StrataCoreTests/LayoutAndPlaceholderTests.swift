import Foundation
import Testing
@testable import StrataCore

/// `V<version>.<name>.up.sql` pairs, Prisma folders and Flyway-style placeholders.
@Suite("Migration directory: more layouts and placeholders")
struct LayoutAndPlaceholderTests {
    @Test("V<version>.<name>.up.sql / .down.sql pairs: a V before the version, a dot after it")
    func versionDotNamePairs() throws {
        let migrations = try loadMigrations([
            "V0001.Initial_Schema.up.sql": "CREATE TABLE a (id bigint);\n",
            "V0001.Initial_Schema.down.sql": "DROP TABLE a;\n",
            "v2.1.Add.Things.up.sql": "CREATE TABLE b (id bigint);\n",
            "0003.plain_dot.up.sql": "CREATE TABLE c (id bigint);\n",
        ])
        #expect(migrations.map(\.name) == ["0001_Initial_Schema", "2.1_Add.Things", "0003_plain_dot"])
        #expect(migrations.map(\.format) == [.pair, .pair, .pair])
        #expect(migrations[0].down != nil && migrations[1].down == nil)
        let error = try #require(throws: StrataError.self) { try loadMigrations(["V.Broken.up.sql": "SELECT 1;\n"]) }
        #expect(error.summary.hasSuffix("V.Broken.up.sql has no version in its name"))
        #expect(error.nextStep == "name it <version>_<description>.up.sql (or V<version>.<description>.up.sql)")
    }

    @Test("a Prisma folder is read as it is: migration.sql up, a kept down.sql down; migration_lock.toml is ignored")
    func prismaFolders() throws {
        let up = "-- CreateTable\nCREATE TABLE \"User\" (\"id\" SERIAL NOT NULL);\n"
        let migrations = try loadMigrations([
            "20210101120000_init/migration.sql": up,
            "20210102120000_posts/migration.sql": "CREATE TABLE \"Post\" (\"id\" INTEGER);\n",
            "20210102120000_posts/down.sql": "DROP TABLE \"Post\";\n",
            "migration_lock.toml": "provider = \"postgresql\"\n",
        ])
        #expect(migrations.map(\.name) == ["20210101120000_init", "20210102120000_posts"])
        #expect(migrations.map(\.format) == [.prisma, .prisma])
        #expect(migrations[0].down == nil && migrations[1].down != nil)
        #expect(migrations[0].checksum == Checksum(of: [up]))
        #expect(try migrations[0].upStatements() == ["CREATE TABLE \"User\" (\"id\" SERIAL NOT NULL)"])
    }

    func load(_ files: [String: String], _ placeholders: Placeholders) throws -> [Migration] {
        try withTemporaryDirectory { directory in
            for (name, text) in files { try directory.write(name, text) }
            return try MigrationDirectory.load(directory.path, placeholders: placeholders)
        }
    }

    @Test("Flyway files are always filled; other formats once a value is defined; placeholder_replacement decides for all")
    func whenFilled() throws {
        let files = ["V1__a.sql": "CREATE TABLE ${t} (id bigint);\n", "002_b.sql": "-- strata:up\nSELECT '${t}';\n"]
        let flywayOnly = try #require(throws: StrataError.self) { try load(files, Placeholders()) }
        #expect(flywayOnly.summary.hasSuffix("V1__a.sql uses a placeholder with no value: ${t} (line 1)"))
        #expect(flywayOnly.nextStep == "define t under [placeholders] in strata.toml, or set STRATA_PLACEHOLDER_T")
        #expect(flywayOnly.location?.line == 1)
        let filled = try load(files, Placeholders(["T": "things"]))
        #expect(try filled.map { try $0.upStatements() } == [["CREATE TABLE things (id bigint)"], ["SELECT 'things'"]])
        #expect(filled[0].checksum == Checksum(of: [files["V1__a.sql"]!]), "the checksum covers the file as written")
        let off = try load(files, Placeholders(["t": "things"], replacement: false))
        #expect(try off.map { try $0.upStatements() } == [["CREATE TABLE ${t} (id bigint)"], ["SELECT '${t}'"]])
        let native = try load(["002_b.sql": files["002_b.sql"]!], Placeholders())
        #expect(try native[0].upStatements() == ["SELECT '${t}'"], "a project without placeholders keeps ${…} as written")
    }

    @Test("every placeholder without a value is named with its line; ${ followed by anything else is kept")
    func missingValues() throws {
        let text = "CREATE TABLE ${schema}.t (a text DEFAULT '${ not one }');\nSELECT '${user}', '${schema}';\n"
        let error = try #require(throws: StrataError.self) { try load(["V1__a.sql": text], Placeholders(["other": "x"])) }
        #expect(error.summary.hasSuffix("V1__a.sql uses placeholders with no value: ${schema} (line 1), ${user} (line 2), ${schema} (line 2)"))
        #expect(
            try load(["V1__a.sql": text], Placeholders(["schema": "app", "user": "me"]))[0].upStatements()
                == ["CREATE TABLE app.t (a text DEFAULT '${ not one }')", "SELECT 'me', 'app'"])
    }
}
