import Strata
import StrataTestSupport
import Testing

@Suite("PostgreSQL sessions", .enabled(if: PostgresTestSupport.enabled))
struct PostgresSessionTests {
    @Test("lock_timeout and statement_timeout from the settings apply to migration statements")
    func timeouts() async throws {
        let database = try await PostgresTestSupport.database()
        try await database.use { database in
            let probe = SwiftMigration(version: "1", description: "probe") { db in
                try await db.execute("CREATE TABLE settings AS SELECT current_setting('lock_timeout') AS lock_timeout, current_setting('statement_timeout') AS statement_timeout")
            }
            var configuration = MigratorConfiguration()
            configuration.postgres.lockTimeout = .milliseconds(1234)
            configuration.postgres.statementTimeout = .seconds(30)
            let migrator = Migrator(driver: database.driver, migrations: [probe.migration], configuration: configuration, logger: TestDatabase.logger)
            let dryRun = try await migrator.migrate(MigrateOptions(dryRun: true))
            #expect(dryRun.script?.contains("SET lock_timeout = '1234ms';") == true)
            try await migrator.migrate()
            let row = try #require(try await database.query("SELECT lock_timeout, statement_timeout FROM settings").first)
            #expect(row["lock_timeout"].string == "1234ms")
            #expect(row["statement_timeout"].string == "30s")
        }
    }

    @Test("a migration that hits lock_timeout is retried, and succeeds once the lock is free")
    func lockTimeoutRetries() async throws {
        let database = try await PostgresTestSupport.database()
        try await database.use { database in
            try await database.execute("CREATE TABLE busy (id INTEGER)")
            let blocker = try await database.driver.connect(mode: .readWrite, logger: TestDatabase.logger)
            try await blocker.execute("BEGIN")
            try await blocker.execute("LOCK TABLE busy IN ACCESS EXCLUSIVE MODE")
            // The table stays locked until the first retry has been seen, however slow the machine.
            let (retried, signal) = AsyncStream<Void>.makeStream()
            let release = Task {
                for await _ in retried { break }
                try await blocker.execute("COMMIT")
                await blocker.close()
            }
            let fixture = try MigrationFixture(["001_alter.sql": "-- strata:up\nALTER TABLE busy ADD COLUMN name TEXT;\n"])
            defer { fixture.cleanup() }
            var configuration = MigratorConfiguration()
            configuration.postgres.lockTimeout = .milliseconds(200)
            configuration.postgres.lockTimeoutRetries = 20
            configuration.retryBackoff = .milliseconds(100)
            let retries = RetryCounter()
            let migrator = Migrator(
                driver: database.driver, migrations: try fixture.migrations(), configuration: configuration,
                logger: TestDatabase.logger,
                observer: { progress in
                    if case .retrying = progress {
                        retries.increment()
                        signal.yield()
                    }
                })
            let report = try await migrator.migrate()
            signal.finish()
            try await release.value
            #expect(report.steps.count == 1)
            #expect(retries.value >= 1)
            #expect(try await database.columns(of: "busy").contains("name"))
            #expect(try await database.events().contains { $0.action == .failure && $0.detail?.contains("lock timeout") == true })
        }
    }
}

final class RetryCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func increment() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}

import Foundation
