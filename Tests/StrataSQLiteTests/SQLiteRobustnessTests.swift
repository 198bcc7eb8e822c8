import StrataTestSupport
import Testing

/// Concurrency at scale and crashes on SQLite files. `STRATA_LONG_TESTS=1` runs the long versions.
@Suite("SQLite robustness", .serialized)
struct SQLiteRobustnessTests {
    /// About two seconds of work inside a transaction.
    static let slow = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 15000000) SELECT count(*) FROM c"

    @Test("16 runners on a database with pending migrations: each applied exactly once")
    func runnersWithPending() async throws {
        try await ProcessScenarios.concurrentRunners(
            runners: 16, rounds: TestLength.count(short: 4, long: 20), migrations: 12,
            preapplied: 6
        ) { try TestDatabases.sqliteFile() }
    }

    @Test("a lock holder killed with SIGKILL: the waiting runner takes over at once")
    func takeover() async throws {
        try await TestDatabases.sqliteFile().use {
            try await ProcessScenarios.takeoverAfterKill(
                $0, slowStatement: "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < ${slow}) SELECT count(*) FROM c",
                long: "4000000000", short: "1")
        }
    }

    @Test("SIGKILL at random instants: the schema is always a clean step and the history says which")
    func crashConsistency() async throws {
        let runs = TestLength.count(short: 40, long: 250)
        let report = try await ProcessScenarios.crashConsistencyMidway(runs: runs, seed: TestLength.seed) { try TestDatabases.sqliteFile() }
        print("SQLite crash consistency: \(report)")
        #expect(report.midwaySteps >= 2, "kills landed inside the run, at two steps or more: \(report)")
    }
}
