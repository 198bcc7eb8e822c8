import Strata
import StrataPostgres
import StrataTestSupport
import Testing

/// Behind PgBouncer in transaction mode (Debian's `pgbouncer`, started by the test script).
@Suite("PostgreSQL behind PgBouncer", .serialized, .enabled(if: PostgresTestSupport.enabled))
struct PostgresPoolerTests {
    @Test("a transaction-mode pooler is detected; a direct connection is not taken for one")
    func detection() async throws {
        let database = try await PostgresTestSupport.database()
        try await database.use { database in
            let direct = try #require(database.driver as? PostgresDriver)
            #expect(try await direct.transactionPooler(logger: TestDatabase.logger) == nil)
            let pooled = try ProcessScenarios.through(pooler: try PostgresTestSupport.poolerURL(), database.urlText)
            guard case .postgres(let url) = try DatabaseURL(parsing: pooled) else { throw CancellationError() }
            let evidence = try await PostgresDriver(url: url).transactionPooler(logger: TestDatabase.logger)
            #expect(evidence != nil)
        }
    }

    @Test("8 runners through PgBouncer, 3 rounds: each migration once, CREATE INDEX CONCURRENTLY built, no setting left behind")
    func runners() async throws {
        let database = try await PostgresTestSupport.database()
        try await database.use { database in
            try await ProcessScenarios.runnersThroughPooler(database, pooler: try PostgresTestSupport.poolerURL(), runners: 8, rounds: 3)
        }
    }

    @Test("lock.strategy = advisory through PgBouncer is refused with the reason")
    func advisoryRefused() async throws {
        let database = try await PostgresTestSupport.database()
        try await database.use { database in
            try await ProcessScenarios.advisoryRefusedThroughPooler(database, pooler: try PostgresTestSupport.poolerURL())
        }
    }
}
