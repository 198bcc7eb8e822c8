import StrataTestSupport
import Testing

/// Real `strata` processes on PostgreSQL: many at once, and killed ones.
@Suite("PostgreSQL processes", .serialized, .enabled(if: PostgresTestSupport.enabled))
struct PostgresProcessTests {
    @Test("16 runners on one empty database, 20 rounds: each migration applied exactly once")
    func concurrentRunners() async throws {
        try await ProcessScenarios.concurrentRunners(runners: 16, rounds: 20, migrations: 12) { try await PostgresTestSupport.database() }
    }

    @Test("a runner killed inside a transactional migration leaves the previous step and no row")
    func killInsideTransaction() async throws {
        let database = try await PostgresTestSupport.database()
        try await database.use { database in
            try await ProcessScenarios.killInsideTransaction(database, slowStatement: "SELECT pg_sleep(60)")
        }
    }

    @Test("a runner killed inside a transaction=false migration leaves a failed row that repair resolves")
    func killOutsideTransaction() async throws {
        let database = try await PostgresTestSupport.database()
        try await database.use { database in
            try await ProcessScenarios.killOutsideTransaction(database, slowStatement: "SELECT pg_sleep(60)")
        }
    }

    @Test("a lock timeout ends the wait with exit 1 and names the holder")
    func lockTimeout() async throws {
        let database = try await PostgresTestSupport.database()
        try await database.use { database in
            try await ProcessScenarios.lockTimeoutNamesHolder(database)
        }
    }
}
