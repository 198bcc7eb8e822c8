import StrataTestSupport
import Testing

/// `strata diff` on real SQLite files: each pair planned, proven, applied as a migration, diffed
/// again (empty) and rolled back to where it started.
@Suite("SQLite schema diff")
struct SQLiteDiffTests {
    @Test("a (current, desired) pair: up reaches desired, diffing again is empty, down returns", arguments: DiffScenarios.sqliteCases.map(\.name))
    func pair(_ name: String) async throws {
        let scenario = try #require(DiffScenarios.sqliteCases.first { $0.name == name })
        try await DiffScenarios.run(scenario) { try TestDatabases.sqliteFile() }
    }
}
