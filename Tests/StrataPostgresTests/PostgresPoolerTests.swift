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
            #expect(try await direct.transactionPooler(probing: nil, logger: TestDatabase.logger) == nil)
            // The caller's open connection answers alone on a direct connection.
            let open = try await direct.connect(mode: .readWrite, logger: TestDatabase.logger)
            #expect(try await direct.transactionPooler(probing: open, logger: TestDatabase.logger) == nil)
            await open.close()
            let pooled = try ProcessScenarios.through(pooler: try PostgresTestSupport.poolerURL(), database.urlText)
            guard case .postgres(let url) = try DatabaseURL(parsing: pooled) else { throw CancellationError() }
            let pooledDriver = PostgresDriver(url: url)
            let evidence = try await pooledDriver.transactionPooler(probing: nil, logger: TestDatabase.logger)
            #expect(evidence != nil)
            // Through the pooler the caller's connection does not pass for a direct one.
            let throughPooler = try await pooledDriver.connect(mode: .readWrite, logger: TestDatabase.logger)
            #expect(try await pooledDriver.transactionPooler(probing: throughPooler, logger: TestDatabase.logger) != nil)
            await throughPooler.close()
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
