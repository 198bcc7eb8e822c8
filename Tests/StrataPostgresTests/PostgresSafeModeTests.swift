import StrataTestSupport
import Testing

/// `migrate --safe` on PostgreSQL.
@Suite("PostgreSQL safe mode", .serialized, .enabled(if: PostgresTestSupport.enabled))
struct PostgresSafeModeTests {
    @Test("a run that changes nothing restores nothing; problems from before the run do not fail the post-checks")
    func nothingChanged() async throws {
        try await PostgresTestSupport.database().use { try await SafeModeScenarios.nothingChangedNothingRestored($0) }
    }

    @Test("a half-applied transaction=false migration is restored when restore_on_failure is set, and recorded")
    func failureRestores() async throws {
        try await PostgresTestSupport.database().use { try await SafeModeScenarios.failureRestores($0) }
    }

    @Test("a failing transactional migration rolls back; nothing is restored and the message says so")
    func transactionalFailure() async throws {
        try await PostgresTestSupport.database().use { try await SafeModeScenarios.postgresTransactionalFailure($0) }
    }

    @Test("outside the maintenance window nothing runs; --force goes on and is recorded; --dry-run changes nothing")
    func maintenanceWindow() async throws {
        try await PostgresTestSupport.database().use { try await SafeModeScenarios.maintenanceWindow($0) }
    }

    @Test("a preflight error blocks with its value, threshold and advice")
    func preflightBlocks() async throws {
        try await PostgresTestSupport.database().use { try await SafeModeScenarios.preflightBlocks($0) }
    }
}
