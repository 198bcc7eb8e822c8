import Foundation
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

    /// The URL of the test cluster's streaming standby (`scripts/test.sh` starts one).
    static func replicaURL() throws -> String {
        guard let url = ProcessInfo.processInfo.environment["STRATA_TEST_POSTGRES_REPLICA_URL"], !url.isEmpty else {
            Issue.record("STRATA_TEST_POSTGRES_REPLICA_URL is not set: the test script did not start the standby")
            throw CancellationError()
        }
        return url
    }
}

extension PostgresTestSupport {
    /// The URL of PgBouncer in transaction mode in front of the test cluster (`scripts/test.sh`
    /// starts one).
    static func poolerURL() throws -> String {
        guard let url = ProcessInfo.processInfo.environment["STRATA_TEST_PGBOUNCER_URL"], !url.isEmpty else {
            Issue.record("STRATA_TEST_PGBOUNCER_URL is not set: the test script did not start PgBouncer")
            throw CancellationError()
        }
        return url
    }
}
