import StrataTestSupport
import Testing

@Suite("PostgreSQL metrics files", .enabled(if: PostgresTestSupport.enabled))
struct PostgresMetricsTests {
    @Test("migrate, backup and health write Prometheus files the client library parses; a failure keeps the last success")
    func metricsFiles() async throws {
        try await PostgresTestSupport.database().use { try await MetricsScenarios.metricsFiles($0) }
    }
}
