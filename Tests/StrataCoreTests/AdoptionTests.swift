import Foundation
import Testing
import StrataCLI
@testable import StrataCore

/// Reading other tools' history rows and mapping them onto files, as pure values. The rows are
/// what each tool writes, from its source (docs/adopting.md cites each); the real tools write them
/// in the SQLite and PostgreSQL suites where they install here (dbmate, Alembic).
@Suite("Adoption")
struct AdoptionTests {
    func row(_ values: [String: SQLValue]) -> SQLRow {
        let columns = values.keys.sorted()
        return SQLRow(columns: columns, values: columns.map { values[$0]! })
    }

    func migration(
        _ version: String, _ description: String, format: MigrationFormat = .native, file: String? = nil,
        repeatable: Bool = false
    ) -> Migration {
        Migration(
            version: repeatable ? nil : MigrationVersion(version), description: description, kind: repeatable ? .repeatable : .versioned,
            format: format, up: .sql(SQLScript(file: file ?? "\(version)_\(description).sql", text: "SELECT 1;")), down: nil,
            checksum: Checksum(of: ["SELECT 1;"]), file: file)
    }

    func refusal(_ source: AdoptionSource, _ rows: [SQLRow], table: String? = nil) throws -> StrataError {
        let history = try ForeignHistory(source: source, table: table ?? source.defaultTables[0], rows: rows)
        return try #require(throws: StrataError.self) { try AdoptionPlan(history: history, migrations: []) }
    }

    @Test("each tool's dirty or unfinished history is refused with the tool's own fix, word for word")
    func refusals() throws {
        let golang = try refusal(.golangMigrate, [row(["version": .integer(3), "dirty": .integer(1)])])
        #expect(golang.summary == "cannot adopt: golang-migrate's history is dirty at version 3: a migration stopped half-way")
        #expect(golang.nextStep == "check what it left, force the version that matches the database with golang-migrate (`migrate … force VERSION`), then adopt again")
        #expect(golang.state == "nothing was changed")
        let flyway = try refusal(
            .flyway,
            [
                row([
                    "installed_rank": .integer(1), "version": .text("1"), "description": .text("init"), "type": .text("SQL"),
                    "script": .text("V1__init.sql"), "checksum": .integer(1), "installed_on": .text("2024-01-01 10:00:00"), "success": .integer(1),
                ]),
                row([
                    "installed_rank": .integer(2), "version": .text("2"), "description": .text("index"), "type": .text("SQL"),
                    "script": .text("V2__index.sql"), "checksum": .integer(2), "installed_on": .text("2024-01-02 10:00:00"), "success": .integer(0),
                ]),
            ])
        #expect(flyway.summary == "cannot adopt: Flyway's history records a failed migration: version 2 (V2__index.sql)")
        #expect(flyway.nextStep == "clean up what it left, run `flyway repair` (Flyway's own fix: it removes failed rows), then adopt again")
        let prisma = try refusal(
            .prisma,
            [
                row([
                    "migration_name": .text("20240101000000_init"), "checksum": .text("ab"),
                    "finished_at": .null, "rolled_back_at": .null,
                ])
            ])
        #expect(prisma.summary == "cannot adopt: Prisma's history has an unfinished migration: 20240101000000_init")
        #expect(prisma.nextStep == "resolve it with Prisma (`prisma migrate resolve --rolled-back 20240101000000_init` or `--applied 20240101000000_init`), then adopt again")
        let sqlx = try refusal(.sqlx, [row(["version": .integer(20_240_101), "description": .text("init"), "success": .integer(0), "checksum": .blob([1])])])
        #expect(sqlx.summary == "cannot adopt: sqlx's history records a partially applied migration: version 20240101")
        #expect(sqlx.nextStep == "finish or undo it by hand and delete its row from _sqlx_migrations (sqlx's own fix), then adopt again")
    }

    @Test("an applied row with no file, or matching two files, is refused word for word")
    func missingAndAmbiguousFiles() throws {
        let history = try ForeignHistory(
            source: .dbmate, table: "schema_migrations",
            rows: [
                row(["version": .text("20240101120000")]), row(["version": .text("20240102120000")]), row(["version": .text("20240103120000")]),
            ])
        let missing = try #require(throws: StrataError.self) {
            try AdoptionPlan(history: history, migrations: [migration("20240101120000", "users")])
        }
        #expect(missing.summary == "cannot adopt: dbmate's history records 2 migrations with no file here: 20240102120000, 20240103120000")
        #expect(missing.nextStep == "put the migration files dbmate applied into the migrations directory, then adopt again")
        let grdb = try ForeignHistory(source: .grdb, table: "grdb_migrations", rows: [row(["identifier": .text("createUsers")])])
        let ambiguous = try #require(throws: StrataError.self) {
            try AdoptionPlan(history: grdb, migrations: [migration("1", "create_users"), migration("2", "createUsers")])
        }
        #expect(ambiguous.summary == "cannot adopt: GRDB's createUsers matches 2 migrations: 1_create_users, 2_createUsers")
    }

    @Test("goose: the latest row of each version decides; version 0 is goose's own row")
    func goose() throws {
        let rows = [
            row(["id": .integer(1), "version_id": .integer(0), "is_applied": .integer(1), "tstamp": .text("2024-01-01 00:00:00")]),
            row(["id": .integer(2), "version_id": .integer(1), "is_applied": .integer(1), "tstamp": .text("2024-01-02 10:00:00")]),
            row(["id": .integer(3), "version_id": .integer(2), "is_applied": .integer(1), "tstamp": .text("2024-01-03 10:00:00")]),
            row(["id": .integer(4), "version_id": .integer(2), "is_applied": .integer(0), "tstamp": .text("2024-01-04 10:00:00")]),
        ]
        let history = try ForeignHistory(source: .goose, table: "goose_db_version", rows: rows)
        #expect(history.entries.map(\.key) == ["1"])
        #expect(history.entries.first?.appliedAt == "2024-01-02T10:00:00.000Z")
        let plan = try AdoptionPlan(history: history, migrations: [migration("00001", "a"), migration("00002", "b")])
        #expect(plan.steps.map(\.migration) == ["00001_a"] && plan.notApplied == ["00002_b"])
    }

    @Test("golang-migrate keeps one row: every file up to its version is applied")
    func golangMigrate() throws {
        let history = try ForeignHistory(source: .golangMigrate, table: "schema_migrations", rows: [row(["version": .integer(2), "dirty": .integer(0)])])
        let plan = try AdoptionPlan(history: history, migrations: [migration("1", "a", format: .pair), migration("2", "b", format: .pair), migration("3", "c", format: .pair)])
        #expect(plan.steps.map(\.migration) == ["1_a", "2_b"] && plan.notApplied == ["3_c"])
        let gone = try ForeignHistory(source: .golangMigrate, table: "schema_migrations", rows: [row(["version": .integer(4), "dirty": .integer(0)])])
        #expect(throws: StrataError.self) { try AdoptionPlan(history: gone, migrations: [migration("1", "a")]) }
        let empty = try ForeignHistory(source: .golangMigrate, table: "schema_migrations", rows: [])
        #expect(try AdoptionPlan(history: empty, migrations: [migration("1", "a")]).steps.isEmpty)
    }

    @Test("Flyway: schema rows are skipped, baselines kept, undone and deleted versions not applied, the latest repeatable row counts")
    func flyway() throws {
        func flywayRow(_ rank: Int64, _ version: String?, _ type: String, _ description: String = "x") -> SQLRow {
            row([
                "installed_rank": .integer(rank), "version": version.map(SQLValue.text) ?? .null, "description": .text(description),
                "type": .text(type), "script": .text("s"), "checksum": .null, "installed_on": .text("2024-03-01 12:00:00.5"), "success": .integer(1),
            ])
        }
        let history = try ForeignHistory(
            source: .flyway, table: "flyway_schema_history",
            rows: [
                flywayRow(0, nil, "SCHEMA"), flywayRow(1, "1", "BASELINE"), flywayRow(2, "1.1", "SQL"), flywayRow(3, "1.2", "SQL"),
                flywayRow(4, "1.2", "UNDO_SQL"), flywayRow(5, "1.3", "SQL"), flywayRow(6, "1.3", "DELETE"), flywayRow(7, nil, "SQL", "views"),
            ])
        #expect(history.baseline == "1")
        #expect(history.entries.map(\.key) == ["1.1", "views"] && history.entries.last?.repeatable == true)
        #expect(history.entries.first?.appliedAt == "2024-03-01T12:00:00.500Z")
        let plan = try AdoptionPlan(
            history: history,
            migrations: [
                migration("1.1", "add", format: .flyway), migration("1.2", "undone", format: .flyway), migration("", "views", format: .flyway, repeatable: true),
            ])
        #expect(plan.steps.map(\.migration) == ["1.1_add", "views"] && plan.baseline == "1" && plan.notApplied == ["1.2_undone"])
    }

    @Test("diesel versions drop the dashes; Prisma rows are folder names; Fluent names are type names")
    func names() throws {
        let diesel = try ForeignHistory(
            source: .diesel, table: "__diesel_schema_migrations",
            rows: [
                row(["version": .text("00000000000000"), "run_on": .text("2024-01-01 00:00:00")]), row(["version": .text("20170901201505"), "run_on": .text("2024-01-01 00:00:01")]),
            ])
        let dieselPlan = try AdoptionPlan(
            history: diesel,
            migrations: [
                migration("00000000000000", "diesel_initial_setup", format: .pair), migration("2017-09-01-201505", "create_users", format: .pair),
            ])
        #expect(dieselPlan.steps.map(\.migration) == ["00000000000000_diesel_initial_setup", "2017-09-01-201505_create_users"])
        let prisma = try ForeignHistory(
            source: .prisma, table: "_prisma_migrations",
            rows: [
                row(["migration_name": .text("20240101000000_init"), "checksum": .text("x"), "finished_at": .null, "rolled_back_at": .integer(1_704_067_300_000)]),
                row(["migration_name": .text("20240101000000_init"), "checksum": .text("x"), "finished_at": .integer(1_704_067_200_123), "rolled_back_at": .null]),
            ])
        #expect(prisma.entries.map(\.appliedAt) == ["2024-01-01T00:00:00.123Z"], "a rolled-back row of the same name is resolved")
        let fluent = try ForeignHistory(source: .fluent, table: "_fluent_migrations", rows: [row(["name": .text("App.CreateTodo"), "created_at": .real(1_704_067_200.25)])])
        let fluentPlan = try AdoptionPlan(history: fluent, migrations: [migration("20240101000000", "create_todo")])
        #expect(fluentPlan.steps.map(\.migration) == ["20240101000000_create_todo"] && fluentPlan.steps.first?.appliedAt == "2024-01-01T00:00:00.250Z")
    }

    @Test("foreign checksums: Flyway's CRC-32 of the lines, Prisma's SHA-256 (line endings either way), sqlx's SHA-384")
    func checksums() throws {
        let flywayFile = Array("\u{FEFF}CREATE TABLE a (id int);\r\n\r\nINSERT INTO a VALUES (1);\n".utf8)
        // zlib.crc32 over the lines without their breaks, as Flyway computes it (value from Python).
        #expect(ForeignHistory.Checksum.flywayCRC32(-279_898_995).matches(flywayFile))
        #expect(!ForeignHistory.Checksum.flywayCRC32(-279_898_994).matches(flywayFile))
        let file = Array("CREATE TABLE a (id int);\nINSERT INTO a VALUES (1);\n".utf8)
        #expect(ForeignHistory.Checksum.sha256Hex("953057d3b1f4195b0420b5ae05a41f81e260c77d1f82fb4d3f2af7392ec1ac96").matches(file))
        #expect(ForeignHistory.Checksum.sha256Hex("8bdc244701839d4a8aa8f9fb4df1cd2dca89c32af2903c01ca4150fc066d1421").matches(file), "CRLF")
        let sqlx = "393edb78b22a6b8f28b108199e6ed287fd6d3e6de7b70d1d9b4a7a331cba0af592df33df7ff108f708a412171d319505"
        let bytes = stride(from: 0, to: sqlx.count, by: 2).map { UInt8(sqlx.dropFirst($0).prefix(2), radix: 16)! }
        #expect(ForeignHistory.Checksum.sha384(bytes).matches(file) && !ForeignHistory.Checksum.sha384(bytes).matches(flywayFile))
    }

    @Test("a table whose columns show another tool wrote it is named as such")
    func wrongTool() throws {
        let error = try #require(throws: StrataError.self) {
            try ForeignHistoryReader.check([row(["version": .integer(3), "dirty": .integer(0)])], source: .dbmate, table: "schema_migrations")
        }
        #expect(error.summary == "cannot adopt: schema_migrations has a dirty column: golang-migrate wrote it, not dbmate")
        #expect(error.nextStep?.commandLine == "adopt with --from golang-migrate")
        let goose = try #require(throws: StrataError.self) {
            try ForeignHistoryReader.check([row(["version": .text("1")])], source: .golangMigrate, table: "schema_migrations")
        }
        #expect(goose.summary == "cannot adopt: schema_migrations has no column dirty: golang-migrate did not write it")
        #expect(goose.nextStep?.commandLine == "adopt with --from dbmate")
    }
}
