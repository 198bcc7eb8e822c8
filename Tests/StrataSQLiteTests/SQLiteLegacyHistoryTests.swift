import StrataTestSupport
import Testing

@Suite("SQLite: a legacy history through the lint gate")
struct SQLiteLegacyHistoryTests {
    @Test("74 migrations of a real-looking history apply with plain migrate, roll back to nothing and apply again")
    func appliesAndRollsBack() async throws {
        try await TestDatabases.sqliteFile().use { try await LegacyHistoryScenarios.appliesAndRollsBack($0) }
    }

    @Test("the same backfill against 50,000 rows is refused with its recipe")
    func refusedOnPopulatedTable() async throws {
        try await TestDatabases.sqliteFile().use { try await LegacyHistoryScenarios.refusedOnPopulatedTable($0) }
    }
}
