import Foundation
import Strata
import StrataCore

extension BackfillScenarios {
    /// What the kills found: where each landed, in rows committed.
    package struct KillReport: Sendable, CustomStringConvertible {
        package var seed: UInt64
        package var rowsAtKill: [Int64] = []
        package var description: String { "seed \(seed): rows committed at each kill \(rowsAtKill)" }
        /// Kills that landed with part of the rows done.
        package func midway(of rows: Int) -> Int { rowsAtKill.filter { $0 > 0 && $0 < rows }.count }
    }

    /// A backfill over `rows` rows (`strata migrate`, batches of 20,000) SIGKILLed at random
    /// instants `kills` times and run again each time. After every kill the rows touched are
    /// exactly the checkpoint's (no batch applied without its checkpoint, none twice); the end
    /// equals one uninterrupted run's.
    package static func killedAndResumed(_ database: TestDatabase, rows: Int, kills: Int, seed: UInt64) async throws -> KillReport {
        let fixture = try MigrationFixture([
            "001_fill.sql": """
            -- strata:up backfill table=big key=id batch=20000 sleep=50ms
            UPDATE big SET v = v * 3 + 1, hits = hits + 1 WHERE id BETWEEN :batch_first AND :batch_last;
            """
        ])
        defer { fixture.cleanup() }
        let arguments = ["--database", database.urlText, "--migrations", fixture.directory, "migrate"]
        let series =
            database.dialect == .postgres
            ? "INSERT INTO big (id, v) SELECT g, g FROM generate_series(1, \(rows)) AS g"
            : "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < \(rows)) INSERT INTO big (id, v) SELECT x, x FROM c"
        func reset() async throws {
            // WAL, as an application's SQLite database runs: the checkpoint can be watched while
            // batches commit (with a rollback journal a reader waits out the writer).
            if database.dialect == .sqlite { _ = try await database.query("PRAGMA journal_mode = WAL") }
            for table in ["big"] + HistoryNames().tables { try await database.execute("DROP TABLE IF EXISTS \(table)") }
            try await database.execute("CREATE TABLE big (id BIGINT PRIMARY KEY, v BIGINT NOT NULL, hits INTEGER NOT NULL DEFAULT 0)")
            try await database.execute(series)
        }
        func count(_ condition: String) async throws -> Int64 {
            try await database.query("SELECT count(*) AS n FROM big WHERE \(condition)").first?["n"].integer ?? -1
        }
        // One uninterrupted run, to compare with.
        try await reset()
        let whole = try await StrataProcess.run(arguments)
        try expectEqual(whole.status, 0, "an uninterrupted run works: \(whole.stderr)")
        let uninterrupted = try await database.query("SELECT sum(v) AS s, sum(hits) AS h FROM big").first
        try expectEqual(uninterrupted?["h"].integer, Int64(rows), "each row once")

        try await reset()
        var report = KillReport(seed: seed)
        var random = SplitMix64(seed: seed)
        // What the killer reads the checkpoint with: the database's own command-line client.
        let read =
            database.dialect == .sqlite
            ? "sqlite3 '\(database.filePath ?? "")' 'SELECT rows_done FROM strata_schema_history_backfills'"
            : "psql '\(database.urlText)' -Atc 'SELECT rows_done FROM strata_schema_history_backfills'"
        for kill in 1...kills {
            // Another process watches the checkpoint and kills the run once it has passed a
            // random row count beyond the last kill's, after a random 0–60 ms more (inside a
            // batch, or its commit): a loaded machine can be slow to run the test's own tasks,
            // not a shell loop. The batches are paced (sleep=50ms), so the look keeps up.
            let target = (report.rowsAtKill.last ?? 0) + 20_000 + Int64(random.next() % UInt64(rows / (kills + 2)))
            let extra = Double(random.next() % 60) / 1000
            let runner = try StrataProcess.start(arguments)
            let killer = try StrataProcess.start(
                [
                    "-c",
                    """
                    while kill -0 \(runner.pid) 2>/dev/null; do
                      rows=$(\(read) 2>/dev/null); rows=${rows:-0}
                      if [ "$rows" -ge \(target) ]; then sleep \(String(format: "%.3f", extra)); kill -KILL \(runner.pid) 2>/dev/null; exit 0; fi
                      sleep 0.01
                    done
                    """,
                ], executable: "/bin/sh")
            _ = await runner.wait()
            _ = await killer.wait()
            let context = "kill \(kill) (seed \(seed), \(extra) s past \(target) rows)"
            let state = try await database.query("SELECT rows_done, last_key FROM strata_schema_history_backfills").first
            let done = state?["rows_done"].integer ?? 0
            try expectEqual(try await count("hits > 1"), 0, "\(context): no row touched twice")
            try expectEqual(try await count("hits = 1"), done, "\(context): the rows touched are the checkpoint's")
            if let last = state?["last_key"].string {
                try expectEqual(try await count("hits = 1 AND id > \(last)"), 0, "\(context): only keys up to the checkpoint's")
            }
            report.rowsAtKill.append(done)
        }
        let rerun = try await StrataProcess.run(arguments)
        try expectEqual(rerun.status, 0, "the last run finishes: \(rerun.stderr)")
        let resumed = try await database.query("SELECT sum(v) AS s, sum(hits) AS h FROM big").first
        try expectEqual(resumed?["h"].integer, Int64(rows), "each row once, after \(kills) kills")
        try expectEqual(resumed?["s"].integer, uninterrupted?["s"].integer, "the same values as one uninterrupted run")
        try expectEqual(try await count("hits <> 1 OR v <> id * 3 + 1"), 0)
        try expectEqual(try await database.history().map(\.status), [.applied], "applied once")
        return report
    }
}
