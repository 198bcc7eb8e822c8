import Strata

/// One behaviour every driver must show, run against a fresh database.
package struct ConformanceCheck: Sendable, CustomStringConvertible {
    package let name: String
    let body: @Sendable (TestDatabase) async throws -> Void

    init(_ name: String, _ body: @escaping @Sendable (TestDatabase) async throws -> Void) {
        self.name = name
        self.body = body
    }

    package var description: String { name }

    /// Runs the check against `database` (it is not dropped here).
    package func run(on database: TestDatabase) async throws {
        try await body(database)
    }
}

/// The conformance suite: the same checks on SQLite (file and in-memory) and PostgreSQL.
///
/// It covers apply, rollback, redo, `--to`, dry run, baseline, repair, every accepted file
/// format, and the error paths. A driver that passes it behaves like every other driver.
package enum ConformanceSuite {
    package static let checks: [ConformanceCheck] = applying + rollingBack + maintaining + formats + failing + validating

    /// A migrator for `database` over `fixture`.
    static func engine(
        _ database: TestDatabase, _ fixture: MigrationFixture, swift: [SwiftMigration] = [], placeholders: Placeholders = Placeholders(),
        _ configure: (inout MigratorConfiguration) -> Void = { _ in }
    ) throws -> Migrator {
        var configuration = MigratorConfiguration()
        configuration.lock.waitTimeout = .seconds(60)
        configure(&configuration)
        return Migrator(
            driver: database.driver, migrations: try fixture.migrations(adding: swift, placeholders: placeholders),
            configuration: configuration, logger: TestDatabase.logger)
    }

    /// Runs `body` with a fixture that is removed afterwards.
    static func withFixture(_ files: [String: String], _ body: (MigrationFixture) async throws -> Void) async throws {
        let fixture = try MigrationFixture(files)
        defer { fixture.cleanup() }
        try await body(fixture)
    }

    static let strataTables: Set<String> = ["strata_schema_history", "strata_schema_history_events"]
}
