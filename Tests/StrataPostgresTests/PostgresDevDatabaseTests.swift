import Strata
import StrataCore
import StrataPostgres
import StrataTestSupport
import Testing

/// `diff --dev-database`: the proof in a database the user gives instead of temporary ones.
@Suite("PostgreSQL schema diff in a dev database", .enabled(if: PostgresTestSupport.enabled))
struct PostgresDevDatabaseTests {
    @Test("the plan temporary databases prove, the dev database empty after; SQL sides in turn; one holding anything refused")
    func provesThere() async throws {
        let dev = try await PostgresTestSupport.database()
        try await dev.use { dev in
            try await PostgresTestSupport.database().use { try await DiffScenarios.devDatabase($0, dev: dev) }
        }
    }

    @Test("drift replays the applied migrations there: no drift untouched, an index dropped by hand reported, empty after each")
    func drift() async throws {
        let dev = try await PostgresTestSupport.database()
        try await dev.use { dev in
            try await PostgresTestSupport.database().use { try await DiffScenarios.driftInDevDatabase($0, dev: dev) }
        }
    }

    @Test("a dev database another run holds is refused, naming it, and nothing is left there")
    func inUse() async throws {
        let dev = try await PostgresTestSupport.database()
        try await dev.use { dev in
            try await dev.driver.withConnection(logger: TestDatabase.logger) { holder in
                _ = try await holder.query("SELECT pg_advisory_lock($1)", [.integer(PostgresDriver.devDatabaseLockKey)])
                let strata = try Strata(url: dev.url, migrations: .directory("/nonexistent"), logger: TestDatabase.logger)
                let error = try await expectStrataError {
                    try await strata.diff(to: .sql("CREATE TABLE t (id BIGINT);"), from: .sql("CREATE TABLE u (id BIGINT);"), devDatabase: dev.url)
                }
                await strata.shutdown()
                #expect(error.code == .busy)
                #expect(error.summary.contains("is in use by another run"), "\(error.summary)")
            }
            #expect(try await dev.tables().isEmpty)
        }
    }
}
