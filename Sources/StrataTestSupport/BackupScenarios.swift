import Foundation
package import Strata

/// Backup checks shared by the SQLite and PostgreSQL test suites, on real databases.
package enum BackupScenarios {
    /// A backup directory of its own, removed by `cleanup`.
    package struct Workspace: Sendable {
        package let directory: String

        package init() throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("strata-backups-\(UUID().uuidString)").path
        }

        package func cleanup() {
            try? FileManager.default.removeItem(atPath: directory)
        }
    }

    /// Backups of `database` in `directory`.
    package static func manager(_ database: TestDatabase, directory: String, settings: StrataSettings = StrataSettings()) async throws -> BackupManager {
        try Strata(url: database.url, migrations: .swift([]), settings: settings, logger: TestDatabase.logger)
            .backups(directory: directory)
    }

    /// Three tables with NULLs, Unicode, reals, blobs, a name with a space and a foreign key, and a view.
    package static func seed(_ database: TestDatabase, rows: Int = 500) async throws {
        let blob = database.dialect == .sqlite ? "BLOB" : "BYTEA"
        let series =
            database.dialect == .sqlite
            ? "WITH RECURSIVE s(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM s WHERE g < \(rows)) SELECT g FROM s"
            : "SELECT g FROM generate_series(1, \(rows)) AS g"
        let bytes = database.dialect == .sqlite ? "randomblob(16)" : "decode(md5(g::text), 'hex')"
        for statement in [
            "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL, note TEXT, score REAL, data \(blob))",
            "CREATE TABLE \"Order Details\" (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users (id), quantity INTEGER)",
            "CREATE INDEX order_details_user ON \"Order Details\" (user_id)",
            "CREATE TABLE empty_table (id INTEGER PRIMARY KEY)",
            "CREATE VIEW heavy_users AS SELECT user_id, count(*) AS orders FROM \"Order Details\" GROUP BY user_id",
            "INSERT INTO users (id, name, note, score, data) SELECT g, 'user ' || g || ' ✓ ñ 日本', CASE WHEN g % 3 = 0 THEN NULL ELSE 'n' || g END, g * 0.1, \(bytes) FROM (\(series)) AS s",
            "INSERT INTO \"Order Details\" (id, user_id, quantity) SELECT g, (g % \(rows)) + 1, g % 7 FROM (\(series)) AS s",
        ] {
            try await database.execute(statement)
        }
    }

    /// create → verify → restore over a changed database gives back the same rows, table by
    /// table; the state replaced is kept in a pre-restore backup.
    package static func roundTrip(_ database: TestDatabase) async throws {
        let workspace = try Workspace()
        defer { workspace.cleanup() }
        try await seed(database)
        let before = try await DatabaseFingerprint.of(database.driver)
        let backups = try await manager(database, directory: workspace.directory)
        let entry = try await backups.create()
        try expectEqual(entry.metadata.tables["users"] ?? entry.metadata.tables["public.users"], 500, "rows counted in the sidecar")
        let verification = try await backups.verify(entry.id, deep: true)
        try expect(verification.passed, "the new backup verifies: \(verification)")

        try await database.execute("DELETE FROM \"Order Details\" WHERE id > 100")
        try await database.execute("UPDATE users SET name = 'changed' WHERE id < 50")
        try await database.execute("CREATE TABLE added_later (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users (id))")
        let changed = try await DatabaseFingerprint.of(database.driver)
        try expect(changed != before, "the change shows in the fingerprint")

        let report = try await backups.restore(.id(entry.id))
        let after = try await DatabaseFingerprint.of(database.driver)
        try expectEqual(after, before, "the restored database holds the backed-up rows")
        let safety = try backups.catalog().resolve(try unwrap(report.safetyBackup, "a safety backup was taken"))
        try expectEqual(safety.metadata.kind, .preRestore)

        // The safety backup restores the changed state exactly.
        _ = try await backups.restore(.id(safety.id))
        try expectEqual(try await DatabaseFingerprint.of(database.driver), changed, "the safety backup holds the replaced state")
    }

    /// A backup taken while a writer commits continuously finishes, verifies, and holds exactly
    /// one commit point: every commit adds a tick and sets the counter to the tick count.
    package static func consistentUnderWrites(_ database: TestDatabase, target: TestDatabase) async throws {
        let workspace = try Workspace()
        defer { workspace.cleanup() }
        try await seed(database, rows: database.dialect == .sqlite ? 60_000 : 20_000)
        if database.dialect == .sqlite { _ = try await database.query("PRAGMA journal_mode = WAL") }
        try await database.execute("CREATE TABLE ticks (n INTEGER PRIMARY KEY)")
        try await database.execute("CREATE TABLE counter (id INTEGER PRIMARY KEY, value INTEGER NOT NULL)")
        try await database.execute("INSERT INTO counter (id, value) VALUES (1, 0)")
        let writer = Writer(database: database)
        let task = Task.detached { try await writer.run() }
        defer { writer.stop() }
        try await writer.waitForCommits(5)
        let backups = try await manager(database, directory: workspace.directory)
        let startedAt = writer.commits
        let entry = try await backups.create { progress in
            // Hold the snapshot open (SQLite copies in steps) until the writer has committed more.
            guard progress.phase == .copying else { return }
            writer.waitSync(beyond: startedAt + 5)
        }
        let endedAt = writer.commits
        writer.stop()
        try await task.value
        try expect(endedAt > startedAt, "the writer committed during the backup (\(startedAt) → \(endedAt))")
        let verification = await backups.verify(entry, deep: false)
        try expect(verification.passed, "the backup taken under writes verifies: \(verification)")

        _ = try await backups.restore(.id(entry.id), target: try Strata.backupDriver(target.url))
        let counter = try await target.query("SELECT value FROM counter").first?.values.first?.integer ?? -1
        let ticks = try await target.query("SELECT count(*), coalesce(max(n), 0) FROM ticks").first?.values.map { $0.integer ?? -1 } ?? []
        try expectEqual(ticks, [counter, counter], "ticks and counter come from one commit point")
        let sidecarTicks = entry.metadata.tables["ticks"] ?? entry.metadata.tables["public.ticks"]
        try expectEqual(sidecarTicks, counter, "the sidecar's count is the snapshot's")
        try expect(counter > startedAt - 1, "the backup is not older than its start")
    }

    /// Commits forever: one tick and the counter, in one transaction.
    final class Writer: @unchecked Sendable {
        let database: TestDatabase
        private let state = NSLock()
        private var count = 0
        private var stopped = false

        init(database: TestDatabase) { self.database = database }

        var commits: Int { state.withLock { count } }

        func stop() { state.withLock { stopped = true } }

        func run() async throws {
            try await database.driver.withConnection(.readWrite, logger: TestDatabase.logger) { connection in
                var n = 0
                while !state.withLock({ stopped }) {
                    n += 1
                    try await connection.execute("BEGIN")
                    try await connection.execute("INSERT INTO ticks (n) VALUES (\(n))")
                    try await connection.execute("UPDATE counter SET value = \(n) WHERE id = 1")
                    try await connection.execute("COMMIT")
                    state.withLock { count = n }
                }
            }
        }

        func waitForCommits(_ target: Int) async throws {
            let deadline = ContinuousClock.now + .seconds(30)
            while commits < target {
                try expect(ContinuousClock.now < deadline, "the writer never committed")
                try await Task.sleep(for: .milliseconds(5))
            }
        }

        /// Blocks the calling thread until the writer is past `target` commits (at most 5 s).
        func waitSync(beyond target: Int) {
            let deadline = Date().addingTimeInterval(5)
            while commits < target, Date() < deadline { usleep(2000) }
        }
    }
}

/// The value, or a failure naming what was missing.
package func unwrap<T>(_ value: T?, _ what: String, file: String = #fileID, line: Int = #line) throws -> T {
    guard let value else { throw ConformanceFailure(message: "missing: \(what)", file: file, line: line) }
    return value
}

extension Strata {
    /// A backup-capable driver for `url`, as a restore target.
    package static func backupDriver(_ url: DatabaseURL) throws -> any BackupCapable {
        guard let driver = DriverRegistry.driver(for: url) as? any BackupCapable else {
            throw ConformanceFailure(message: "\(url) cannot be backed up")
        }
        return driver
    }
}
