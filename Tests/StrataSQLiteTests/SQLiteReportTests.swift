import StrataTestSupport
import Testing

@Suite("SQLite report")
struct SQLiteReportTests {
    @Test("strata report --html: every table, every section, nothing fetched, under 2 MB")
    func reportFile() async throws {
        try await TestDatabases.sqliteFile().use { try await ReportScenarios.reportFile($0) }
    }
}
