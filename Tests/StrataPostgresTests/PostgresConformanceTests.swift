import StrataTestSupport
import Testing

/// The conformance suite on a real PostgreSQL server (the test script starts one).
@Suite("PostgreSQL conformance", .enabled(if: PostgresTestSupport.enabled))
struct PostgresConformanceTests {
    @Test(arguments: ConformanceSuite.checks)
    func postgres(_ check: ConformanceCheck) async throws {
        let database = try await PostgresTestSupport.database()
        try await database.use { try await check.run(on: $0) }
    }
}
