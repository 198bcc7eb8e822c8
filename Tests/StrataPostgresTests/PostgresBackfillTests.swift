import StrataTestSupport
import Testing

/// Batched backfills on a real PostgreSQL server.
@Suite("PostgreSQL backfills", .enabled(if: PostgresTestSupport.enabled))
struct PostgresBackfillTests {
    @Test("batches in key order, each row once; status shows it; a failed batch resumes after the last committed one; rollback forgets it")
    func batches() async throws {
        try await PostgresTestSupport.database().use(BackfillScenarios.batchesOnce)
    }

    @Test("a backfill that is the first migration and fails: status shows where it stopped")
    func firstMigrationFails() async throws {
        try await PostgresTestSupport.database().use(BackfillScenarios.firstMigrationFails)
    }

    @Test("a file that cannot be a backfill is refused before anything runs")
    func refusals() async throws {
        try await PostgresTestSupport.database().use(BackfillScenarios.refusals)
    }

    @Test("1,000,000 rows: SIGKILL at random instants, resumed each time; no batch twice, the end equals an uninterrupted run")
    func killed() async throws {
        let report = try await PostgresTestSupport.database().useReturning {
            try await BackfillScenarios.killedAndResumed($0, rows: 1_000_000, kills: TestLength.count(short: 4, long: 20), seed: TestLength.seed)
        }
        print("PostgreSQL backfill kills: \(report)")
        #expect(report.midway(of: 1_000_000) >= 2, "kills landed part-way through the rows, twice or more: \(report)")
    }
}

@Suite("PostgreSQL: strata test --rows", .enabled(if: PostgresTestSupport.enabled))
struct PostgresTestRowsTests {
    @Test("--rows 10000 fills composite keys, self-references and checks without a violation; the migrations run on the rows")
    func rows() async throws {
        try await PostgresTestSupport.database().use { try await MigrationTestScenarios.fillsWithRows($0, rows: 10_000) }
    }
}

@Suite("PostgreSQL: strata test --load", .enabled(if: PostgresTestSupport.enabled))
struct PostgresTestLoadTests {
    @Test("--load over 200,000 rows: a plain CREATE INDEX makes writers wait about its build time, CONCURRENTLY none; --max-wait fails it with the recipe")
    func load() async throws {
        try await PostgresTestSupport.database().use { try await MigrationTestScenarios.measuresWaits($0, rows: 200_000) }
    }
}

@Suite("PostgreSQL: strata test locks and rewrites", .enabled(if: PostgresTestSupport.enabled))
struct PostgresTestLocksTests {
    @Test("each statement's table locks and the tables a migration rewrites are reported")
    func locks() async throws {
        try await PostgresTestSupport.database().use(MigrationTestScenarios.reportsLocksAndRewrites)
    }
}

@Suite("PostgreSQL: strata test --shadow", .enabled(if: PostgresTestSupport.enabled))
struct PostgresTestShadowTests {
    @Test("pending migrations tested on a restored backup: one that fails only on the real rows fails; the database is untouched")
    func shadow() async throws {
        try await PostgresTestSupport.database().use(MigrationTestScenarios.testsOnABackup)
    }
}
