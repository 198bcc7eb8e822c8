import StrataTestSupport
import Testing

/// `strata diff` on real PostgreSQL databases: each pair planned, proven on scratch databases,
/// applied as a migration, diffed again (empty) and rolled back to where it started.
@Suite("PostgreSQL schema diff", .enabled(if: PostgresTestSupport.enabled))
struct PostgresDiffTests {
    @Test("a (current, desired) pair: up reaches desired, diffing again is empty, down returns", arguments: DiffScenarios.postgresCases.map(\.name))
    func pair(_ name: String) async throws {
        let scenario = try #require(DiffScenarios.postgresCases.first { $0.name == name })
        try await DiffScenarios.run(scenario) { try await PostgresTestSupport.database() }
    }
}
