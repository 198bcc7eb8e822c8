import StrataTestSupport
import Testing

@Suite("PostgreSQL migration plan", .enabled(if: PostgresTestSupport.enabled))
struct PostgresPlanTests {
    @Test("over every combination of migrate's options, the dry run refuses exactly when the run refuses, and plans what it applies")
    func dryRunAgreesWithTheRun() async throws {
        let counts = try await PlanScenarios.dryRunRefusesAsTheRunDoes { try await PostgresTestSupport.database() }
        #expect(counts.refused >= 40 && counts.applied >= 20, "both kinds compared: \(counts)")
    }
}
