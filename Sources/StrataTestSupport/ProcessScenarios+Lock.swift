import Foundation
import Strata

extension ProcessScenarios {
    /// While this process holds the migration lock, a `strata migrate` with a one-second lock
    /// timeout says who holds the lock, gives up with exit 1, and changes nothing.
    package static func lockTimeoutNamesHolder(_ database: TestDatabase) async throws {
        let fixture = try MigrationFixture(MigrationFixture.three)
        defer { fixture.cleanup() }
        guard let native = database.driver as? any NativeMigrationLocking else {
            throw ConformanceFailure(message: "\(database.kind) has no native lock", file: #fileID, line: #line)
        }
        let holder = "test-holder@lockbox pid 4242"
        let lock = try await native.acquireMigrationLock(
            name: HistoryNames().lockName, owner: holder, timeout: .seconds(5),
            logger: TestDatabase.logger, waiting: { _ in })
        let result = try await StrataProcess.run(
            ["--database", database.urlText, "--migrations", fixture.directory, "migrate"],
            environment: ["STRATA_LOCK_TIMEOUT": "1s"])
        await lock.release()
        try expectEqual(result.status, 1, "exit code")
        try expect(result.stderr.contains("Waiting for the migration lock held by test-holder@lockbox pid 4242"), "the waiter names the holder: \(result.stderr)")
        try expect(result.stderr.contains("error: timed out after 1.0 seconds waiting for the migration lock held by test-holder@lockbox pid 4242"), "the error names the holder: \(result.stderr)")
        try expect(result.stderr.contains("state: nothing was changed"), "says nothing changed")
        try expectEqual(try await database.tables().subtracting(ConformanceSuite.strataTables), [], "no migration ran")
        let after = try await StrataProcess.run(["--database", database.urlText, "--migrations", fixture.directory, "migrate"])
        try expectEqual(after.status, 0, "works once the lock is free: \(after.stderr)")
    }
}
