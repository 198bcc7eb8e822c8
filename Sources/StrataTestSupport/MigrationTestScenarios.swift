import Foundation
import Strata
import StrataCore

/// `strata test` on real databases: a correct set passes; a down that forgets an index, one that
/// drops a column its up did not add, and one that fails are each caught, the object named.
package enum MigrationTestScenarios {
    static let base = [
        "001_users.sql": "-- strata:up\nCREATE TABLE users (id BIGINT PRIMARY KEY, name TEXT NOT NULL, legacy TEXT);\n-- strata:down\nDROP TABLE users;\n",
        "002_posts.sql": """
        -- strata:up
        CREATE TABLE posts (id BIGINT PRIMARY KEY, user_id BIGINT NOT NULL REFERENCES users (id), title TEXT);
        CREATE INDEX posts_user ON posts (user_id);
        -- strata:down
        DROP TABLE posts;
        """,
    ]

    static func run(_ database: TestDatabase, _ files: [String: String]) async throws -> MigrationRunReport.TestRun {
        let fixture = try MigrationFixture(files)
        defer { fixture.cleanup() }
        let strata = try Strata(url: database.url, migrations: .directory(fixture.directory), logger: TestDatabase.logger)
        let run = try await strata.test(all: true)
        await strata.shutdown()
        return run
    }

    package static func catchesBadDowns(_ database: TestDatabase) async throws {
        let good = try await run(database, base)
        try expect(good.passed && good.results.map(\.status) == [.passed, .passed], "a correct set passes: \(good.results)")
        try expectEqual(try await database.tables().filter { !$0.hasPrefix("strata") }, [], "the database itself is untouched")

        let forgetsIndex = try await run(
            database, base.merging(["003_index.sql": "-- strata:up\nCREATE INDEX users_name ON users (name);\n-- strata:down\nSELECT 1;\n"]) { $1 })
        try expect(!forgetsIndex.passed, "a down that forgets its index fails")
        let index = database.dialect == .postgres ? "index public.users_name is extra" : "index users_name is extra"
        try expect(forgetsIndex.results.last?.failures.contains { $0.contains(index) } == true, "it names the index: \(forgetsIndex.results.last?.failures ?? [])")

        let dropsTooMuch = try await run(
            database,
            base.merging(["003_nick.sql": "-- strata:up\nALTER TABLE users ADD COLUMN nick TEXT;\n-- strata:down\nALTER TABLE users DROP COLUMN nick;\nALTER TABLE users DROP COLUMN legacy;\n"]) { $1 }
        )
        let column = database.dialect == .postgres ? "column public.users.legacy is missing" : "column users.legacy is missing"
        try expect(dropsTooMuch.results.last?.failures.contains { $0.contains(column) } == true, "it names the column: \(dropsTooMuch.results.last?.failures ?? [])")

        // Pending below the newest applied (a teammate's older branch): tested too.
        let fixture = try MigrationFixture(base)
        defer { fixture.cleanup() }
        var strata = try Strata(url: database.url, migrations: .directory(fixture.directory), logger: TestDatabase.logger)
        _ = try await strata.migrate()
        await strata.shutdown()
        try fixture.write("000_first.sql", "-- strata:up\nCREATE TABLE settings (k TEXT PRIMARY KEY);\n-- strata:down\nDROP TABLE settings;\n")
        strata = try Strata(url: database.url, migrations: .directory(fixture.directory), logger: TestDatabase.logger)
        let outOfOrder = try await strata.test()
        try expect(outOfOrder.passed && outOfOrder.results.map(\.migration) == ["000_first"], "the out-of-order migration is tested: \(outOfOrder.results)")
        _ = try await strata.rollback(RollbackOptions(steps: 2))
        await strata.shutdown()

        let failing = try await run(database, base.merging(["003_bad.sql": "-- strata:up\nCREATE TABLE t3 (id BIGINT);\n-- strata:down\nDROP TABLE no_such_table;\n"]) { $1 })
        try expectEqual(failing.results.last?.status, .failed)
        try expect(failing.results.last?.failures.first?.contains("no_such_table") == true, "the error is reported: \(failing.results.last?.failures ?? [])")
        try expect(failing.junit().contains("<failure message="), "JUnit has the failure")
    }
}
