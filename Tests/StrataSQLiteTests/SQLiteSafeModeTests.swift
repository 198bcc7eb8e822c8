import StrataTestSupport
import Testing

/// `migrate --safe` on SQLite files.
@Suite("SQLite safe mode", .serialized)
struct SQLiteSafeModeTests {
    @Test("a run that changes nothing restores nothing; problems from before the run do not fail the post-checks")
    func nothingChanged() async throws {
        try await TestDatabases.sqliteFile().use { try await SafeModeScenarios.nothingChangedNothingRestored($0) }
    }

    @Test("a failing migration leaves every table as before the run, and the restore is recorded")
    func failureRestores() async throws {
        try await TestDatabases.sqliteFile().use { try await SafeModeScenarios.failureRestores($0) }
    }

    @Test("outside the maintenance window nothing runs; --force goes on and is recorded; --dry-run changes nothing")
    func maintenanceWindow() async throws {
        try await TestDatabases.sqliteFile().use { try await SafeModeScenarios.maintenanceWindow($0) }
    }

    @Test("a preflight error blocks with its value, threshold and advice")
    func preflightBlocks() async throws {
        try await TestDatabases.sqliteFile().use { try await SafeModeScenarios.preflightBlocks($0) }
    }
}
