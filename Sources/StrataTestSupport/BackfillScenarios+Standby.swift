import Foundation
import Strata
import StrataCore
import StrataPostgres

extension BackfillScenarios {
    /// `max_lag`: with the standby's replay paused, the backfill stops between batches and says
    /// why; once replay resumes it goes on and finishes, each row once.
    package static func waitsForTheStandby(_ database: TestDatabase, replicaURL: String) async throws {
        guard case .postgres(let url) = try DatabaseURL(parsing: replicaURL) else { throw ConformanceFailure(message: "not a PostgreSQL URL") }
        let standby = PostgresDriver(url: url)
        func onStandby(_ sql: String) async throws {
            try await standby.withConnection(logger: TestDatabase.logger) { _ = try await $0.query(sql, []) }
        }
        try await database.execute("CREATE TABLE big (id BIGINT PRIMARY KEY, v BIGINT NOT NULL, hits INTEGER NOT NULL DEFAULT 0)")
        try await database.execute("INSERT INTO big (id, v) SELECT g, g FROM generate_series(1, 50000) AS g")
        let fixture = try MigrationFixture([
            "001_fill.sql": """
            -- strata:up backfill table=big key=id batch=5000 max_lag=64kB
            UPDATE big SET hits = hits + 1 WHERE id BETWEEN :batch_first AND :batch_last;
            """
        ])
        defer { fixture.cleanup() }
        func done() async throws -> Int64 {
            (try? await database.query("SELECT rows_done FROM strata_schema_history_backfills"))?.first?["rows_done"].integer ?? 0
        }
        try await onStandby("SELECT pg_wal_replay_pause()")
        do {
            let runner = try StrataProcess.start(["--database", database.urlText, "--migrations", fixture.directory, "migrate"])
            try await runner.waitForError("waiting: a standby has", timeout: .seconds(60))
            let stopped = try await done()
            try await Task.sleep(for: .seconds(1))
            try expectEqual(try await done(), stopped, "no batch while the standby is behind")
            try expect(stopped < 50_000, "it stopped part-way: \(stopped) rows")
            try await onStandby("SELECT pg_wal_replay_resume()")
            let result = await runner.wait()
            try expectEqual(result.status, 0, "it finishes once the standby catches up: \(result.stderr)")
        } catch {
            try? await onStandby("SELECT pg_wal_replay_resume()")
            await standby.shutdown()
            throw error
        }
        await standby.shutdown()
        try expectEqual(try await database.query("SELECT count(*) AS n FROM big WHERE hits = 1").first?["n"].integer, 50_000, "each row once")
    }
}
