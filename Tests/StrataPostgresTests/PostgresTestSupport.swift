import StrataTestSupport
import Testing

/// Whether PostgreSQL tests run: always under `scripts/test.sh`, which starts a cluster and
/// requires them; skipped only when someone runs `swift test` alone without a server.
enum PostgresTestSupport {
    static var enabled: Bool {
        TestDatabases.postgresServerURL() != nil || TestDatabases.postgresRequired()
    }

    /// A fresh database in the test cluster.
    static func database() async throws -> TestDatabase {
        guard let url = TestDatabases.postgresServerURL() else {
            Issue.record("STRATA_REQUIRE_POSTGRES is set but STRATA_TEST_POSTGRES_URL is not: the test script did not start PostgreSQL")
            throw CancellationError()
        }
        return try await TestDatabases.postgres(serverURL: url)
    }
}
