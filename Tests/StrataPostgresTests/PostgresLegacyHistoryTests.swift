import StrataTestSupport
import Testing

@Suite("PostgreSQL: a legacy history through the lint gate", .enabled(if: PostgresTestSupport.enabled))
struct PostgresLegacyHistoryTests {
    @Test("80 migrations of a real-looking history apply with plain migrate, roll back to nothing and apply again")
    func appliesAndRollsBack() async throws {
        try await PostgresTestSupport.database().use { try await LegacyHistoryScenarios.appliesAndRollsBack($0) }
    }

    @Test("the same SET NOT NULL and index against 50,000 rows are refused with their recipes")
    func refusedOnPopulatedTable() async throws {
        try await PostgresTestSupport.database().use { try await LegacyHistoryScenarios.refusedOnPopulatedTable($0) }
    }
}
