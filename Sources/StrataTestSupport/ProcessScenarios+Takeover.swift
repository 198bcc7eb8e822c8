import Foundation
import Strata

extension ProcessScenarios {
    /// A runner that holds the lock inside a slow migration is killed with SIGKILL while another
    /// waits: the waiter takes the lock over and finishes. With the advisory strategy the lock
    /// dies with the holder (SQLite: the OS drops the file lock; PostgreSQL: the session ends);
    /// with the table strategy, once the holder's lease has run out.
    /// - Parameters:
    ///   - slowStatement: a statement whose length is the placeholder `${slow}`: the holder gets
    ///     `long` (it outlasts any start-up of the waiter, however loaded the machine: it is killed
    ///     anyway), the waiter `short`.
    package static func takeoverAfterKill(
        _ database: TestDatabase, slowStatement: String, long: String, short: String,
        tableLease: Bool = false
    ) async throws {
        let fixture = try MigrationFixture([
            "001_a.sql": "-- strata:up\nCREATE TABLE a (id INTEGER);\n",
            "002_b.sql": "-- strata:up\nCREATE TABLE b (id INTEGER);\n\(slowStatement);\n",
        ])
        defer { fixture.cleanup() }
        let arguments = ["--database", database.urlText, "--migrations", fixture.directory, "migrate"]
        let environment = tableLease ? ["STRATA_LOCK_STRATEGY": "table", "STRATA_LOCK_LEASE": "2s"] : [:]
        let holder = try StrataProcess.start(arguments, environment: environment.merging(["STRATA_PLACEHOLDER_SLOW": long]) { $1 })
        try await holder.waitForOutput("Applied 001_a")
        let waiter = try StrataProcess.start(arguments, environment: environment.merging(["STRATA_PLACEHOLDER_SLOW": short]) { $1 })
        try await waiter.waitForError("Waiting for the migration lock held by \(RunnerIdentity.current.actor) pid ")
        holder.kill()
        let killedAt = ContinuousClock.now
        _ = await holder.wait()
        let result = await waiter.wait()
        try expectEqual(result.status, 0, "the waiter finishes: \(result.stderr)")
        try expect(result.stdout.contains("Applied 002_b"), "the waiter applied 002: \(result.stdout)")
        try expectEqual(try await database.history().compactMap(\.version), ["001", "002"])
        if tableLease {
            try expect(ContinuousClock.now - killedAt >= .seconds(1), "the table lease held until it ran out")
        }
    }

    /// PostgreSQL: a `transaction=false` migration runs `CREATE INDEX CONCURRENTLY` while
    /// `waiters` other runners wait for the lock. The waiters poll in autocommit and hold no
    /// snapshot, so the index build does not wait for them: no deadlock, every runner exits 0.
    package static func concurrentIndexWhileRunnersWait(_ database: TestDatabase, waiters: Int) async throws {
        try await database.execute("CREATE TABLE big (id bigint PRIMARY KEY, v text NOT NULL)")
        try await database.execute("INSERT INTO big SELECT g, md5(g::text) FROM generate_series(1, 300000) g")
        let fixture = try MigrationFixture([
            "001_index.sql": "-- strata:up transaction=false\nCREATE INDEX CONCURRENTLY big_v_idx ON big (v);\n"
        ])
        defer { fixture.cleanup() }
        let arguments = ["--database", database.urlText, "--migrations", fixture.directory, "migrate"]
        let started = ContinuousClock.now
        let results = try await withThrowingTaskGroup(of: StrataProcess.Result.self) { group in
            for _ in 0...waiters {
                group.addTask { try await StrataProcess.run(arguments, environment: ["STRATA_LOCK_TIMEOUT": "120s"]) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        for result in results {
            try expectEqual(result.status, 0, "every runner exits 0: \(result.stderr)")
        }
        try expectEqual(results.filter { $0.stdout.contains("Applied 001_index") }.count, 1, "one runner built the index")
        try expect(results.filter { $0.stderr.contains("Waiting for the migration lock") }.count >= 1, "others waited")
        let valid = try await database.query("SELECT indisvalid AS valid FROM pg_index WHERE indexrelid = 'big_v_idx'::regclass")
        try expectEqual(valid.first?["valid"].integer, 1, "the index is valid")
        try expect(ContinuousClock.now - started < .seconds(100), "no deadlock: all done in \(ContinuousClock.now - started)")
    }
}
