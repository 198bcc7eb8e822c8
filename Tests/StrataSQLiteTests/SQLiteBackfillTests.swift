import StrataTestSupport
import Testing

/// Batched backfills on real SQLite files.
@Suite("SQLite backfills")
struct SQLiteBackfillTests {
    @Test("batches in key order, each row once; status shows it; a failed batch resumes after the last committed one; rollback forgets it")
    func batches() async throws {
        try await TestDatabases.sqliteFile().use(BackfillScenarios.batchesOnce)
    }

    @Test("a backfill that is the first migration and fails: status shows where it stopped")
    func firstMigrationFails() async throws {
        try await TestDatabases.sqliteFile().use(BackfillScenarios.firstMigrationFails)
    }

    @Test("a file that cannot be a backfill is refused before anything runs")
    func refusals() async throws {
        try await TestDatabases.sqliteFile().use(BackfillScenarios.refusals)
    }

    @Test("1,000,000 rows: SIGKILL at random instants, resumed each time; no batch twice, the end equals an uninterrupted run")
    func killed() async throws {
        let report = try await TestDatabases.sqliteFile().useReturning {
            try await BackfillScenarios.killedAndResumed($0, rows: 1_000_000, kills: TestLength.count(short: 4, long: 20), seed: TestLength.seed)
        }
        print("SQLite backfill kills: \(report)")
        #expect(report.midway(of: 1_000_000) >= 2, "kills landed part-way through the rows, twice or more: \(report)")
    }
}

@Suite("SQLite: strata test --rows")
struct SQLiteTestRowsTests {
    @Test("--rows 10000 fills composite keys, self-references and checks without a violation; the migrations run on the rows")
    func rows() async throws {
        try await TestDatabases.sqliteFile().use { try await MigrationTestScenarios.fillsWithRows($0, rows: 10_000) }
    }
}

@Suite("SQLite: strata test --shadow")
struct SQLiteTestShadowTests {
    @Test("pending migrations tested on a restored backup: one that fails only on the real rows fails; the database is untouched")
    func shadow() async throws {
        try await TestDatabases.sqliteFile().use(MigrationTestScenarios.testsOnABackup)
    }
}
