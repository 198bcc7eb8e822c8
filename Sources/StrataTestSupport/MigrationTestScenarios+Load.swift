import Foundation
import Strata
import StrataCore

extension MigrationTestScenarios {
    static let indexes: [String: String] = [
        "001_events.sql": "-- strata:up\nCREATE TABLE events (id BIGINT PRIMARY KEY, kind TEXT NOT NULL, payload TEXT NOT NULL);\n-- strata:down\nDROP TABLE events;\n",
        "002_kind.sql": "-- strata:up\nCREATE INDEX events_kind ON events (kind, payload);\n-- strata:down\nDROP INDEX events_kind;\n",
        "003_payload.sql": """
        -- strata:up transaction=false
        CREATE INDEX CONCURRENTLY events_payload ON events (payload, kind);
        -- strata:down transaction=false
        DROP INDEX CONCURRENTLY events_payload;
        """,
    ]

    /// `--load` on PostgreSQL over `rows` rows: a plain CREATE INDEX keeps the writers waiting
    /// about as long as it builds, and says so, naming it; CREATE INDEX CONCURRENTLY keeps no one
    /// waiting; with a limit on the wait, the plain build fails and the recipe is printed.
    package static func measuresWaits(_ database: TestDatabase, rows: Int) async throws {
        let fixture = try MigrationFixture(indexes)
        defer { fixture.cleanup() }
        let strata = try Strata(url: database.url, migrations: .directory(fixture.directory), logger: TestDatabase.logger)
        let run = try await strata.test(all: true, rows: rows, load: true)
        try expect(run.passed, "the migrations pass: \(run.results)")
        let plain = try unwrap(run.results[1].load, "the plain build ran under load")
        let concurrent = try unwrap(run.results[2].load, "the concurrent build ran under load")
        try expectEqual(plain.tables, ["public.events"])
        try expect(plain.blockedQueries > 0, "writers waited behind the plain build: \(plain)")
        try expect(plain.blocker?.contains("CREATE INDEX events_kind") == true, "the blocking statement is named: \(plain)")
        // The writers wait about as long as the statement holds its lock: its build, and what follows until COMMIT.
        let build = try unwrap(run.results[1].locks.first { $0.statement.hasPrefix("CREATE INDEX") }?.milliseconds, "the build's duration")
        try expect(
            plain.longestWaitMilliseconds * 2 >= build,
            "the longest wait (\(plain.longestWaitMilliseconds) ms) is of the order of the build (\(build) ms)")
        try expect(
            concurrent.longestWaitMilliseconds * 10 < run.results[2].upMilliseconds || concurrent.blockedQueries == 0,
            "no one waits behind the concurrent build: \(concurrent), up \(run.results[2].upMilliseconds) ms")
        try expect(concurrent.queries > 0 && plain.queries > 0, "the load ran: \(plain.queries), \(concurrent.queries) queries")

        let limited = try await strata.test(all: true, rows: rows, load: true, maxWait: .milliseconds(max(plain.longestWaitMilliseconds / 4, 5)))
        await strata.shutdown()
        try expectEqual(limited.results.map(\.status), [.passed, .failed], "a wait over the limit fails the plain build")
        let failure = limited.results[1].failures.joined()
        try expect(failure.contains("behind “CREATE INDEX events_kind") && failure.contains("CONCURRENTLY"), "it names the statement and the recipe: \(failure)")

        let sqlite = try Strata(url: .sqlite(.memory), migrations: .directory(fixture.directory), logger: TestDatabase.logger)
        let refused = try await expectStrataError { try await sqlite.test(all: true, load: true) }
        try expect(refused.summary.contains("needs PostgreSQL"), "SQLite is refused with the reason: \(refused.summary)")
        await sqlite.shutdown()
    }

    private static func unwrap<T>(_ value: T?, _ message: String) throws -> T {
        guard let value else { throw ConformanceFailure(message: message) }
        return value
    }
}

extension MigrationTestScenarios {
    /// PostgreSQL: each statement's table locks (read from `pg_locks` inside its transaction) and
    /// the tables it rewrote (their file changed) are reported; a new table's own locks are not.
    package static func reportsLocksAndRewrites(_ database: TestDatabase) async throws {
        var files = indexes
        files["004_retype.sql"] = "-- strata:up\nALTER TABLE events ALTER COLUMN id TYPE integer;\n-- strata:down\nALTER TABLE events ALTER COLUMN id TYPE bigint;\n"
        let fixture = try MigrationFixture(files)
        defer { fixture.cleanup() }
        let strata = try Strata(url: database.url, migrations: .directory(fixture.directory), logger: TestDatabase.logger)
        let run = try await strata.test(all: true, rows: 100)
        await strata.shutdown()
        try expect(run.passed, "\(run.results)")
        try expectEqual(run.results[0].locks, [], "creating a table keeps no one waiting")
        try expectEqual(run.results[1].locks.map(\.locks), [["ShareLock on public.events"]], "CREATE INDEX blocks writes")
        try expectEqual(run.results[1].rewrites, [])
        try expect(run.results[3].locks.first?.locks.contains("AccessExclusiveLock on public.events") == true, "ALTER TYPE blocks everything: \(run.results[3].locks)")
        try expectEqual(run.results[3].rewrites, ["public.events"], "and rewrites the table")
    }
}
