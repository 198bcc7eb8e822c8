import Foundation
import Strata
import StrataCore

/// Batched backfills on real databases: batches in key order, each once; a failed batch rolls
/// back and the next run goes on after the last committed one; rollback forgets the checkpoint;
/// SIGKILL at random instants never applies a batch twice nor loses one.
package enum BackfillScenarios {
    static let items = """
        -- strata:up
        CREATE TABLE items (id INTEGER PRIMARY KEY, n INTEGER NOT NULL, touched INTEGER NOT NULL DEFAULT 0);
        WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 5000) INSERT INTO items (id, n) SELECT x, x FROM c;
        -- strata:down
        DROP TABLE items;
        """

    static func strata(_ database: TestDatabase, _ fixture: MigrationFixture) throws -> Strata {
        try Strata(url: database.url, migrations: .directory(fixture.directory), logger: TestDatabase.logger)
    }

    static func count(_ database: TestDatabase, _ condition: String) async throws -> Int64 {
        try await database.query("SELECT count(*) AS n FROM items WHERE \(condition)").first?["n"].integer ?? -1
    }

    /// Batches of 700 over 5,000 rows: each row once; status shows the backfill; rollback forgets it.
    package static func batchesOnce(_ database: TestDatabase) async throws {
        let fixture = try MigrationFixture([
            "001_items.sql": items,
            "002_double.sql": """
            -- strata:up backfill table=items key=id batch=700
            UPDATE items SET n = n * 2, touched = touched + 1 WHERE id BETWEEN :batch_first AND :batch_last;
            -- strata:down
            UPDATE items SET n = n / 2, touched = 0;
            """,
        ])
        defer { fixture.cleanup() }
        var strata = try strata(database, fixture)
        _ = try await strata.migrate()
        try expectEqual(try await count(database, "touched = 1 AND n = id * 2"), 5000, "every row once")
        let status = try await strata.status()
        try expectEqual(status.pendingCount, 0)
        try expectEqual(status.backfills.map(\.rows), [5000], "status shows the rows: \(status.backfills)")
        try expectEqual(status.backfills.first?.batches, 8, "5,000 rows in batches of 700")
        try expect(status.backfills.first?.finishedAt != nil, "finished")
        try expectEqual(status.backfills.first?.lastKey, "5000")
        _ = try await strata.rollback(RollbackOptions(steps: 1))
        try expectEqual(try await strata.status().backfills.count, 0, "rolled back, the checkpoint is gone")
        try expectEqual(try await count(database, "touched = 0 AND n = id"), 5000)
        _ = try await strata.migrate()
        try expectEqual(try await count(database, "touched = 1 AND n = id * 2"), 5000, "applied again from the first key")
        await strata.shutdown()

        // A batch that fails rolls back; the ones before stay; the fixed file goes on after them.
        try fixture.write(
            "003_bump.sql",
            """
            -- strata:up backfill table=items key=id batch=1000
            UPDATE items SET touched = touched + 1, n = n + 1 / (id - 3001) WHERE id BETWEEN :batch_first AND :batch_last;
            """)
        strata = try Self.strata(database, fixture)
        let error = try await expectStrataError { try await strata.migrate() }
        try expect(error.summary.contains("003_bump"), "the error names the migration: \(error.summary)")
        try expect(error.state?.contains("3 batches") == true, "and what stays: \(error.state ?? "")")
        try expectEqual(try await count(database, "touched = 2"), 3000, "three batches committed")
        try expectEqual(try await count(database, "touched = 1"), 2000, "the failed one rolled back")
        let failed = try await strata.status().backfills.last
        try expect(failed?.error != nil && failed?.finishedAt == nil && failed?.rows == 3000, "status shows where it stopped: \(String(describing: failed))")
        try expectEqual(try await strata.status().pendingCount, 1, "the backfill is still pending")
        await strata.shutdown()
        try fixture.write(
            "003_bump.sql",
            """
            -- strata:up backfill table=items key=id batch=1000
            UPDATE items SET touched = touched + 1, n = n + 1 WHERE id BETWEEN :batch_first AND :batch_last;
            """)
        strata = try Self.strata(database, fixture)
        _ = try await strata.migrate()
        try expectEqual(try await count(database, "touched = 2"), 5000, "resumed after key 3000: every row once more, none twice")
        // The batches before the failure ran the first text; those after, the fixed one.
        try expectEqual(try await count(database, "id > 3000 AND n = id * 2 + 1"), 2000)
        try expectEqual(try await count(database, "id < 3000 AND n = id * 2"), 2999)
        await strata.shutdown()
    }

    /// A backfill that is the first migration and fails half-way: status shows where it stopped
    /// (its checkpoint is there before any history row), its error in its own words.
    package static func firstMigrationFails(_ database: TestDatabase) async throws {
        try await database.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)")
        try await database.execute(
            database.dialect == .postgres
                ? "INSERT INTO items SELECT g, g FROM generate_series(1, 3000) g"
                : "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 3000) INSERT INTO items SELECT x, x FROM c")
        let fixture = try MigrationFixture([
            "001_fill.sql": "-- strata:up backfill table=items key=id batch=1000\nUPDATE items SET n = n + 1 / (id - 1500) WHERE id BETWEEN :batch_first AND :batch_last;\n"
        ])
        defer { fixture.cleanup() }
        let strata = try strata(database, fixture)
        _ = try await expectStrataError { try await strata.migrate() }
        let status = try await strata.status()
        try expectEqual(status.appliedCount, 0)
        let backfill = try expectValue(status.backfills.first, "status shows the backfill under way")
        try expectEqual(backfill.rows, 1000, "one batch committed")
        try expect(backfill.error.map { !$0.hasPrefix("001_fill failed") } == true, "its error in its own words: \(backfill.error ?? "")")
        await strata.shutdown()
    }

    /// Files that cannot be a backfill are refused before anything runs, naming file and line.
    package static func refusals(_ database: TestDatabase) async throws {
        let cases: [(String, String)] = [
            ("-- strata:up backfill table=items\nUPDATE items SET n = 1 WHERE id BETWEEN :batch_first AND :batch_last;\n", "needs table=… and key=…"),
            ("-- strata:up backfill table=items key=id batch=ten\nUPDATE items SET n = 1 WHERE id BETWEEN :batch_first AND :batch_last;\n", "batch=ten"),
            ("-- strata:up backfill table=items key=id speed=2\nUPDATE items SET n = 1 WHERE id BETWEEN :batch_first AND :batch_last;\n", "unknown backfill option 'speed'"),
            ("-- strata:up backfill table=items key=id\nUPDATE items SET n = 1;\n", "does not use :batch_first"),
            ("-- strata:up backfill table=items key=id\nUPDATE items SET n = 1 WHERE id BETWEEN :batch_first AND :batch_last;\nSELECT 1;\n", "holds one statement"),
            // A key SQLite would read as a string (a constant order: every batch empty), a key
            // that repeats, a table that is not there: refused before any batch.
            ("-- strata:up backfill table=items key=nocol\nUPDATE items SET n = 1 WHERE id BETWEEN :batch_first AND :batch_last;\n", "key=nocol: items has no such column"),
            ("-- strata:up backfill table=items key=n\nUPDATE items SET n = 1 WHERE n BETWEEN :batch_first AND :batch_last;\n", "key=n: no primary key, unique constraint or unique index"),
            ("-- strata:up backfill table=nosuch key=id\nUPDATE items SET n = 1 WHERE id BETWEEN :batch_first AND :batch_last;\n", "table=nosuch: there is no such table"),
        ]
        for (text, expected) in cases {
            let fixture = try MigrationFixture(["001_items.sql": items, "002_fill.sql": text])
            defer { fixture.cleanup() }
            let strata = try strata(database, fixture)
            let error = try await expectStrataError { try await strata.migrate() }
            try expect(error.summary.contains(expected), "\(expected): \(error.summary)")
            try expect(error.summary.contains("002_fill") || error.location?.file.contains("002_fill") == true, "names the file: \(error)")
            if let rows = try? await database.query("SELECT count(*) AS n FROM items WHERE n = 1").first?["n"].integer {
                try expectEqual(rows, 1, "\(expected): no batch ran")
            }
            await strata.shutdown()
            try await database.execute("DROP TABLE IF EXISTS items")
            for table in HistoryNames().tables { try await database.execute("DROP TABLE IF EXISTS \(table)") }
        }
    }
}
