public import Logging
public import Strata

/// Checks an app can run in its own tests: every migration applied, undone and applied again on a
/// scratch database, with the schema compared at each end — the check `strata test --all` makes.
///
/// ```swift
/// import StrataTesting
/// import Testing
///
/// @Test func migrationsUndoCleanly() async throws {
///     try await MigrationChecks.expectReversible(.directory("migrations"))
/// }
/// ```
public enum MigrationChecks {
    /// Runs the check over `migrations` on a scratch database beside `url` (by default a private
    /// in-memory SQLite database; a PostgreSQL URL makes the scratch database on that server).
    public static func run(
        _ migrations: MigrationSource, url: String = "sqlite::memory:", logger: Logger = Logger(label: "strata.testing")
    ) async throws -> MigrationRunReport.TestRun {
        let strata = try Strata(url: url, migrations: migrations, logger: logger)
        do {
            let run = try await strata.test(all: true)
            await strata.shutdown()
            return run
        } catch {
            await strata.shutdown()
            throw error
        }
    }

    /// Throws ``Failure`` naming every migration whose down does not undo its up, or that fails.
    public static func expectReversible(
        _ migrations: MigrationSource, url: String = "sqlite::memory:", logger: Logger = Logger(label: "strata.testing")
    ) async throws {
        let run = try await run(migrations, url: url, logger: logger)
        let failed = run.results.filter { $0.status == .failed }
        guard failed.isEmpty else {
            throw Failure(failures: failed.flatMap { result in result.failures.map { "\(result.migration): \($0)" } })
        }
    }

    /// The migrations that failed the check, each failure as `migration: what went wrong`.
    public struct Failure: Error, CustomStringConvertible {
        public var failures: [String]
        public var description: String { "migrations that do not undo cleanly:\n" + failures.joined(separator: "\n") }
    }
}
