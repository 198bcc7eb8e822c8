import StrataTestSupport
import Testing

/// `strata fleet` over 200 SQLite files and 40 PostgreSQL databases.
@Suite("Fleets of SQLite and PostgreSQL databases", .serialized, .enabled(if: PostgresTestSupport.enabled))
struct PostgresFleetTests {
    /// The whole fleet of the issue for the main run; a smaller one (same code paths) for the
    /// failure and kill runs, so the suite does not create 120 databases beside the others.
    private func setup(sqlite: Int = 200, postgres: Int = 40) async throws -> FleetScenarios.Setup {
        try await FleetScenarios.Setup(sqlite: sqlite, postgres: postgres, serverURL: TestDatabases.postgresServerURL())
    }

    @Test("200 SQLite files and 40 PostgreSQL databases migrate with --parallel 8 --canary 2, each once; status reads them")
    func migratesAll() async throws {
        let setup = try await setup()
        do {
            try await FleetScenarios.migratesAll(setup)
            await setup.cleanup()
        } catch {
            await setup.cleanup()
            throw error
        }
    }

    @Test("a failing canary stops the run (stop) or is reported while the others finish (continue)")
    func failingCanary() async throws {
        let setup = try await setup(sqlite: 60, postgres: 8)
        do {
            try await FleetScenarios.failingCanary(setup)
            await setup.cleanup()
        } catch {
            await setup.cleanup()
            throw error
        }
    }

    @Test("a run killed half-way and resumed finishes each target exactly once")
    func killedAndResumed() async throws {
        let setup = try await setup(sqlite: 90, postgres: 10)
        do {
            try await FleetScenarios.killedAndResumed(setup)
            await setup.cleanup()
        } catch {
            await setup.cleanup()
            throw error
        }
    }
}
