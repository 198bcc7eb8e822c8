import Foundation
import Strata
import StrataCore

/// `strata health` on real databases: each seeded problem named with its object and severity,
/// a clean database healthy, and nothing written.
package enum HealthScenarios {
    static func strata(_ database: TestDatabase, _ fixture: MigrationFixture, _ configure: (inout StrataSettings) -> Void = { _ in }) throws -> Strata {
        var settings = StrataSettings()
        settings.backup.directory = fixture.directory + "-backups"
        // What the machine decides (its free disk, its load) is not what these tests check.
        settings.health.freeDisk = .init(warning: 0, error: 0)
        settings.health.latency = .seconds(10)
        // Nor how far the test cluster's standby lags while other tests write.
        settings.health.replicationLag = .init(warning: .seconds(3600), error: .seconds(7200))
        configure(&settings)
        return try Strata(url: database.url, migrations: .directory(fixture.directory), settings: settings, logger: TestDatabase.logger)
    }

    /// The check named `name` about `object` (any object when nil).
    static func check(_ report: HealthReport, _ name: String, _ object: String? = nil) throws -> HealthCheck {
        try unwrap(
            report.checks.first { $0.name == name && (object == nil || $0.object == object) },
            "a '\(name)' check\(object.map { " about \($0)" } ?? "") in \(report.checks.map { "\($0.name) \($0.object ?? "")" })")
    }

    static let cleanMigrations = [
        "001_schema.sql": """
        -- strata:up
        CREATE TABLE users (id BIGINT PRIMARY KEY, email TEXT NOT NULL UNIQUE);
        CREATE TABLE posts (id BIGINT PRIMARY KEY, user_id BIGINT NOT NULL REFERENCES users (id), title TEXT);
        CREATE INDEX posts_user_id ON posts (user_id);
        INSERT INTO users VALUES (1, 'ada@example.com');
        INSERT INTO posts VALUES (1, 1, 'hello');
        -- strata:down
        DROP TABLE posts;
        DROP TABLE users;
        """
    ]

    /// Takes the migration lock as a runner would, and keeps it until released.
    static func holdMigrationLock(_ database: TestDatabase) async throws -> any MigrationLock {
        let native = try unwrap(database.driver as? any NativeMigrationLocking, "a driver with a native lock")
        return try await native.acquireMigrationLock(
            name: HistoryNames().lockName, owner: "health test", timeout: .seconds(10), logger: TestDatabase.logger, waiting: { _ in })
    }

    /// A database its migrations made, with nothing wrong: every check ok, exit 0; then a
    /// pending migration is a warning (exit 1).
    package static func clean(_ database: TestDatabase) async throws {
        let fixture = try MigrationFixture(cleanMigrations)
        defer { fixture.cleanup() }
        let strata = try strata(database, fixture)
        _ = try await strata.migrate()
        let report = try await strata.health()
        try expectEqual(report.checks.filter { $0.status != .ok }.map { "\($0.name) \($0.object ?? ""): \($0.value)" }, [], "a clean database has no warnings")
        try expectEqual(report.exitCode, 0)
        try expectEqual(try check(report, "migrations").value, "1 migration applied, none pending")
        await strata.shutdown()
        try fixture.write("002_more.sql", "-- strata:up\nCREATE TABLE more (id BIGINT PRIMARY KEY);\n-- strata:down\nDROP TABLE more;\n")
        let release = try Self.strata(database, fixture)
        let pending = try await release.health()
        try expectEqual(try check(pending, "migrations").status, .warning)
        try expectEqual(pending.exitCode, 1)
        await release.shutdown()
    }

    /// SQLite: foreign-key violations, free pages, a table never analyzed, a foreign key without
    /// an index, a duplicate and a redundant index, the journal mode the application does not
    /// expect, and (with `full`) an index `integrity_check` rejects; the file is byte-identical after.
    package static func sqliteProblems(_ database: TestDatabase) async throws {
        let path = try unwrap(database.filePath, "an SQLite file")
        let fixture = try MigrationFixture([:])
        defer { fixture.cleanup() }
        try await database.execute(
            """
            CREATE TABLE parent (id INTEGER PRIMARY KEY, name TEXT);
            CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent (id), a INTEGER, b INTEGER);
            CREATE INDEX child_a ON child (a);
            CREATE INDEX child_a_again ON child (a);
            CREATE INDEX child_a_b ON child (a, b);
            INSERT INTO parent VALUES (1, 'ada');
            INSERT INTO child VALUES (1, 1, 1, 1), (2, 99, 2, 2);
            CREATE TABLE filler (id INTEGER PRIMARY KEY, payload TEXT);
            CREATE INDEX filler_payload ON filler (payload);
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 4000) INSERT INTO filler SELECT i, printf('%.200c', 'x') || i FROM n;
            DELETE FROM filler WHERE id > 2200;
            CREATE TABLE dupes (v INTEGER);
            INSERT INTO dupes VALUES (1), (1);
            CREATE INDEX dupes_v ON dupes (v);
            PRAGMA writable_schema = ON;
            UPDATE sqlite_schema SET sql = 'CREATE UNIQUE INDEX dupes_v ON dupes (v)' WHERE name = 'dupes_v';
            PRAGMA writable_schema = OFF;
            """)
        let before = try BackupFiles.sha256(of: path)
        let strata = try strata(database, fixture) {
            $0.health.journalMode = "wal"
            $0.health.lockAge = .zero
        }
        let lock = try await holdMigrationLock(database)
        let report = try await strata.health()
        await lock.release()
        let held = try check(report, "migration lock")
        try expect(held.status == .error && held.value.contains("held by health test"), "the lock's holder and age: \(held.value)")
        try expectEqual(try check(report, "foreign keys").status, .error)
        try expect(try check(report, "foreign keys").value.contains("child row 2 → parent"), "the orphan row is named")
        let freePages = try check(report, "free pages")
        try expect(freePages.status == .warning && (freePages.measure ?? 0) >= 0.2, "free pages: \(freePages.value)")
        try expectEqual(try check(report, "never analyzed", "filler").status, .warning)
        try expectEqual(try check(report, "foreign key without index", "child (parent_id) → parent").status, .warning)
        try expectEqual(try check(report, "duplicate index", "child_a_again").value, "(a) is served by child_a")
        try expectEqual(try check(report, "redundant index", "child_a").value, "(a) is served by child_a_b")
        try expectEqual(try check(report, "journal mode").status, .warning)
        try expectEqual(try check(report, "integrity").status, .ok, "quick_check does not verify UNIQUE")
        try expectEqual(report.exitCode, 2)

        let full = try await strata.health(full: true)
        let integrity = try check(full, "integrity")
        try expect(integrity.status == .error && integrity.value.contains("dupes_v"), "integrity_check names the index: \(integrity.value)")
        try expectEqual(try BackupFiles.sha256(of: path), before, "health leaves the file byte-identical")
        try expect(!FileManager.default.fileExists(atPath: path + "-wal"), "and writes no journal")
        await strata.shutdown()
    }

    /// `health.row_snapshot`: the first run records every table's rows in the file (not in the
    /// database), the next compares: unchanged is ok, a table that lost 80 % of its rows is a warning.
    package static func rowCountChanges(_ database: TestDatabase) async throws {
        let fixture = try MigrationFixture([:])
        defer { fixture.cleanup() }
        // In a folder not made yet (the backups folder before the first backup): made.
        let snapshot = fixture.directory + "-health/backups/rows.json"
        defer { try? FileManager.default.removeItem(atPath: fixture.directory + "-health") }
        let series = database.dialect == .postgres ? "generate_series(1, 5000) g" : "(WITH RECURSIVE n(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM n WHERE g < 5000) SELECT g FROM n)"
        try await database.execute("CREATE TABLE items (id BIGINT PRIMARY KEY, note TEXT)")
        try await database.execute("INSERT INTO items SELECT g, 'x' FROM \(series)")
        /// PostgreSQL's row estimates arrive with the statistics of the session that wrote.
        let settled = { (rows: Int64) in
            guard database.dialect == .postgres else { return }
            for _ in 0..<100 {
                let live = try await database.query("SELECT n_live_tup AS n FROM pg_stat_user_tables WHERE relname = 'items'").first?["n"].integer
                if live == rows { return }
                try await Task.sleep(for: .milliseconds(100))
            }
        }
        try await settled(5000)
        let health = {
            let strata = try strata(database, fixture) { $0.health.rowSnapshot = snapshot }
            defer { Task { await strata.shutdown() } }
            return try await strata.health()
        }
        let first = try await health()
        try expect(!first.checks.contains { $0.name.hasPrefix("row count") }, "nothing to compare with yet")
        try expect(FileManager.default.fileExists(atPath: snapshot), "the snapshot is written beside, not into, the database")
        try expectEqual(try check(try await health(), "row counts").status, .ok)
        try await database.execute("DELETE FROM items WHERE id > 1000")
        try await settled(1000)
        let change = try check(try await health(), "row count change")
        try expect(change.status == .warning && change.value.hasPrefix("5000 → 1000 rows (-80%)"), "\(change.object ?? ""): \(change.value)")
    }
}
