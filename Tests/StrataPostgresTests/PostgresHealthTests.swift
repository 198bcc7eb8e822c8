import Strata
import StrataTestSupport
import Testing

/// `strata health` on real PostgreSQL databases.
@Suite("Health on PostgreSQL", .serialized, .enabled(if: PostgresTestSupport.enabled))
struct PostgresHealthTests {
    @Test("a clean database is healthy (exit 0); a pending migration is a warning (exit 1)")
    func clean() async throws {
        try await PostgresTestSupport.database().use(HealthScenarios.clean)
    }

    @Test("invalid index, key without index, duplicate and redundant indexes, sequence near its maximum, idle and blocked sessions, NOT VALID, disabled trigger, dead rows; read-only")
    func problems() async throws {
        try await PostgresTestSupport.database().use(HealthScenarios.postgresProblems)
    }

    @Test("optimize: an index for the key, the duplicate and redundant dropped, as one migration whose down restores them; maintenance on request")
    func optimize() async throws {
        try await PostgresTestSupport.database().use(HealthScenarios.optimizeFixes)
    }

    @Test("the standby's replication lag, a slot nobody consumes; on the standby itself, everything else, read-only")
    func replication() async throws {
        let replica = try PostgresTestSupport.replicaURL()
        try await PostgresTestSupport.database().use { try await HealthScenarios.replication($0, replicaURL: replica) }
    }

    @Test("a backfill with max_lag waits while the standby's replay is paused, says why, and finishes once it resumes")
    func backfillWaitsForStandby() async throws {
        let replica = try PostgresTestSupport.replicaURL()
        try await PostgresTestSupport.database().use { try await BackfillScenarios.waitsForTheStandby($0, replicaURL: replica) }
    }

    @Test("row counts kept in a snapshot file: unchanged is ok, a table that lost 80% of its rows is a warning")
    func rowCounts() async throws {
        try await PostgresTestSupport.database().use(HealthScenarios.rowCountChanges)
    }
}
