import Strata
import StrataTestSupport
import Testing

/// Names from the settings are always quoted: quotes, spaces, `;` and Unicode work as names.
@Suite("PostgreSQL identifiers", .enabled(if: PostgresTestSupport.enabled))
struct PostgresIdentifierTests {
    @Test(
        "history table and schema with quotes, spaces, a semicolon and Unicode",
        arguments: [
            ("my \"schema\"; DROP TABLE x; --", "history ✓ \"table\""),
            ("Ünïcødé schéma", "strata history"),
            ("public", "a;b"),
        ])
    func hostileNames(schema: String, table: String) async throws {
        try await PostgresTestSupport.database().use { database in
            let fixture = try MigrationFixture(MigrationFixture.three)
            defer { fixture.cleanup() }
            let names = HistoryNames(history: table, schema: schema)
            for strategy in [LockStrategy.advisory, .table] {
                var configuration = MigratorConfiguration()
                configuration.names = names
                configuration.lock.strategy = strategy
                let migrator = Migrator(
                    driver: database.driver, migrations: try fixture.migrations(), configuration: configuration,
                    logger: TestDatabase.logger)
                try await migrator.migrate()
                #expect(try await migrator.status().pendingCount == 0)
                #expect(try await database.history(names).count == 3)
                try await migrator.rollback(RollbackOptions(target: MigrationVersion("0")))
                #expect(try await database.history(names).isEmpty)
            }
            let tables = try await database.query(
                "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = $1", [.text(schema)])
            #expect(Set(tables.compactMap { $0["name"].string }).isSuperset(of: [table, table + "_events", table + "_lock"]))
        }
    }

    @Test("the same through the CLI and its settings")
    func throughTheCLI() async throws {
        try await PostgresTestSupport.database().use { database in
            let fixture = try MigrationFixture(MigrationFixture.three)
            defer { fixture.cleanup() }
            let environment = ["STRATA_SCHEMA": "ops \"x\"; --", "STRATA_HISTORY_TABLE": "hist ✓"]
            let result = try await StrataProcess.run(
                ["--database", database.urlText, "--migrations", fixture.directory, "migrate"],
                environment: environment)
            #expect(result.status == 0, "\(result.stderr)")
            let status = try await StrataProcess.run(
                ["--database", database.urlText, "--migrations", fixture.directory, "status", "--exit-code"],
                environment: environment)
            #expect(status.status == 0, "\(status.stdout)")
            #expect(try await database.history(HistoryNames(history: "hist ✓", schema: "ops \"x\"; --")).count == 3)
        }
    }
}
