import StrataTestSupport
import Testing

/// Concurrency at scale and crashes on PostgreSQL. `STRATA_LONG_TESTS=1` runs the long versions.
@Suite("PostgreSQL robustness", .serialized, .enabled(if: PostgresTestSupport.enabled))
struct PostgresRobustnessTests {
    @Test("16 runners on a database with pending migrations: each applied exactly once")
    func runnersWithPending() async throws {
        try await ProcessScenarios.concurrentRunners(
            runners: 16, rounds: TestLength.count(short: 4, long: 20), migrations: 12,
            preapplied: 6
        ) { try await PostgresTestSupport.database() }
    }

    @Test("a lock holder killed with SIGKILL: its session's advisory lock dies with it, the waiter takes over")
    func takeover() async throws {
        try await PostgresTestSupport.database().use { try await ProcessScenarios.takeoverAfterKill($0, slowStatement: "SELECT pg_sleep(${slow})", long: "600", short: "0") }
    }

    @Test("the table lease strategy: the waiting runner takes over once the lease runs out")
    func takeoverTableLease() async throws {
        try await PostgresTestSupport.database().use {
            try await ProcessScenarios.takeoverAfterKill($0, slowStatement: "SELECT pg_sleep(${slow})", long: "600", short: "0", tableLease: true)
        }
    }

    @Test("CREATE INDEX CONCURRENTLY in a transaction=false migration while 8 runners wait: no deadlock")
    func concurrentIndex() async throws {
        try await PostgresTestSupport.database().use { try await ProcessScenarios.concurrentIndexWhileRunnersWait($0, waiters: 8) }
    }

    @Test("SIGKILL at random instants: the schema is always a clean step and the history says which")
    func crashConsistency() async throws {
        let runs = TestLength.count(short: 40, long: 250)
        let report = try await ProcessScenarios.crashConsistencyMidway(runs: runs, seed: TestLength.seed) { try await PostgresTestSupport.database() }
        print("PostgreSQL crash consistency: \(report)")
        #expect(report.midwaySteps >= 2, "kills landed inside the run, at two steps or more: \(report)")
    }
}
