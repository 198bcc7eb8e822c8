import StrataTestSupport
import Testing

@Suite("SQLite migration plan")
struct SQLitePlanTests {
    @Test("over every combination of migrate's options, the dry run refuses exactly when the run refuses, and plans what it applies")
    func dryRunAgreesWithTheRun() async throws {
        let counts = try await PlanScenarios.dryRunRefusesAsTheRunDoes { try TestDatabases.sqliteFile() }
        #expect(counts.refused >= 40 && counts.applied >= 20, "both kinds compared: \(counts)")
    }
}
