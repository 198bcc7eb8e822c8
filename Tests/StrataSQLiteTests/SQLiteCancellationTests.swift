import Foundation
import Strata
import StrataTestSupport
import Testing

@Suite("SQLite: cancelling a wait")
struct SQLiteCancellationTests {
    @Test("cancelling an embedded migrate that waits for the file lock ends the wait at once, changing nothing")
    func cancelledWait() async throws {
        try await TestDatabases.sqliteFile().use { database in
            let fixture = try MigrationFixture(MigrationFixture.three)
            defer { fixture.cleanup() }
            guard let driver = database.driver as? any NativeMigrationLocking else { throw CancellationError() }
            let held = try await driver.acquireMigrationLock(
                name: "strata_schema_history", owner: "holder@test", timeout: .seconds(5),
                logger: TestDatabase.logger
            ) { _ in }
            var settings = StrataSettings()
            settings.lock.waitTimeout = .seconds(300)
            let waits = Signal()
            let strata = try Strata(
                url: database.url, migrations: .directory(fixture.directory), settings: settings, logger: TestDatabase.logger,
                observer: { progress in
                    if case .waitingForLock = progress { waits.set() }
                })
            let waiting = Task { try await strata.migrate() }
            try await waits.wait(upTo: .seconds(60))
            #expect(waits.isSet, "the migrate waited for the lock")
            let cancelled = ContinuousClock.now
            waiting.cancel()
            let result = await waiting.result
            let ended = ContinuousClock.now - cancelled
            await held.release()
            // Without cancellation the wait would last the whole lock timeout (300 s) and end in a
            // timeout, not "cancelled". The suite's other tests share two cores and the task pool
            // with this one, and have delayed its waking by 11 s in CI: the bound is far from both.
            #expect(ended < .seconds(60), "the wait ended \(ended) after the cancel")
            guard case .failure(let error) = result, let failure = error as? StrataError else {
                Issue.record("the cancelled migrate did not fail: \(result)")
                return
            }
            #expect(failure.summary.hasSuffix("cancelled"), "\(failure)")
            #expect(try await database.history().isEmpty)
            await strata.shutdown()
        }
    }
}
