import StrataTestSupport
import Testing

/// `strata fleet` over 200 SQLite files and 40 PostgreSQL databases.
@Suite("Fleets of SQLite and PostgreSQL databases", .serialized, .enabled(if: PostgresTestSupport.enabled))
struct PostgresFleetTests {
    /// Runs `scenario` on a fresh fleet, removed afterwards whether it passes or not. The whole
    /// fleet of the issue for the main run; a smaller one (same code paths) for the failure and
    /// kill runs, so the suite does not create 120 databases beside the others.
    private func onFleet(sqlite: Int = 200, postgres: Int = 40, _ scenario: (FleetScenarios.Setup) async throws -> Void) async throws {
        let setup = try await FleetScenarios.Setup(sqlite: sqlite, postgres: postgres, serverURL: TestDatabases.postgresServerURL())
        do {
            try await scenario(setup)
            await setup.cleanup()
        } catch {
            await setup.cleanup()
            throw error
        }
    }

    @Test("200 SQLite files and 40 PostgreSQL databases migrate with --parallel 8 --canary 2, each once; status reads them")
    func migratesAll() async throws {
        try await onFleet { try await FleetScenarios.migratesAll($0) }
    }

    @Test("a failing canary stops the run (stop) or is reported while the others finish (continue)")
    func failingCanary() async throws {
        try await onFleet(sqlite: 60, postgres: 8) { try await FleetScenarios.failingCanary($0) }
    }

    @Test("a run killed half-way and resumed finishes each target exactly once")
    func killedAndResumed() async throws {
        try await onFleet(sqlite: 90, postgres: 10) { try await FleetScenarios.killedAndResumed($0) }
    }
}
