import StrataTestSupport
import Testing

/// Real `strata` processes on SQLite files: many at once, and killed ones.
@Suite("SQLite processes", .serialized)
struct SQLiteProcessTests {
    @Test("16 runners on one empty SQLite file, 20 rounds: each migration applied exactly once")
    func concurrentRunners() async throws {
        try await ProcessScenarios.concurrentRunners(runners: 16, rounds: 20, migrations: 12) { try TestDatabases.sqliteFile() }
    }

    /// A recursive count that keeps SQLite busy for seconds inside the transaction.
    static let slow = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 300000000) SELECT count(*) FROM c"

    @Test("a runner killed inside a transactional migration leaves the previous step and no row")
    func killInsideTransaction() async throws {
        let database = try TestDatabases.sqliteFile()
        try await database.use { database in
            try await ProcessScenarios.killInsideTransaction(database, slowStatement: Self.slow)
        }
    }

    @Test("a runner killed inside a transaction=false migration leaves a failed row that repair resolves")
    func killOutsideTransaction() async throws {
        let database = try TestDatabases.sqliteFile()
        try await database.use { database in
            try await ProcessScenarios.killOutsideTransaction(database, slowStatement: Self.slow)
        }
    }

    @Test("a lock timeout ends the wait with exit 1 and names the holder")
    func lockTimeout() async throws {
        let database = try TestDatabases.sqliteFile()
        try await database.use { database in
            try await ProcessScenarios.lockTimeoutNamesHolder(database)
        }
    }
}
