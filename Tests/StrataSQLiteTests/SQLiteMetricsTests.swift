import StrataTestSupport
import Testing

@Suite("SQLite metrics files")
struct SQLiteMetricsTests {
    @Test("migrate, backup and health write Prometheus files the client library parses; a failure keeps the last success")
    func metricsFiles() async throws {
        try await TestDatabases.sqliteFile().use { try await MetricsScenarios.metricsFiles($0) }
    }
}
