import Foundation
import Strata

/// Safe mode on real databases: preflight, the pre-migrate backup, restore on failure, `--force`.
package enum SafeModeScenarios {
    static func strata(
        _ database: TestDatabase, _ fixture: MigrationFixture, backups: String,
        _ configure: (inout StrataSettings) -> Void = { _ in }
    ) async throws -> Strata {
        var settings = StrataSettings()
        settings.backup.directory = backups
        settings.safety.safeMode = true
        configure(&settings)
        return try Strata(url: database.url, migrations: .directory(fixture.directory), settings: settings, logger: TestDatabase.logger)
    }

    /// Rows of every table but the event log (which gains the restore's record).
    static func content(_ database: TestDatabase) async throws -> [String: String] {
        try await DatabaseFingerprint.of(database.driver).tables.filter { !$0.key.contains("_events") }
    }

    /// A run of three pending migrations whose last one fails: the database ends exactly as
    /// before the run (rows and content hashes of every table, the history included), and the
    /// event log records the restore. SQLite restores from the pre-migrate backup; PostgreSQL
    /// restores a half-applied `transaction=false` migration when restore_on_failure is set.
    package static func failureRestores(_ database: TestDatabase) async throws {
        let workspace = try BackupScenarios.Workspace()
        defer { workspace.cleanup() }
        let postgres = database.dialect == .postgres
        let fixture = try MigrationFixture([
            "001_users.sql": "-- strata:up\nCREATE TABLE users (id BIGINT PRIMARY KEY, name TEXT NOT NULL);\nINSERT INTO users VALUES (1, 'ada'), (2, 'grace');\n-- strata:down\nDROP TABLE users;\n",
            "002_posts.sql": "-- strata:up\nCREATE TABLE posts (id BIGINT PRIMARY KEY, user_id BIGINT REFERENCES users (id));\nINSERT INTO posts VALUES (1, 1);\n-- strata:down\nDROP TABLE posts;\n",
            "003_tags.sql": "-- strata:up\nCREATE TABLE tags (id BIGINT PRIMARY KEY);\nINSERT INTO users (id, name) VALUES (3, 'lin');\n-- strata:down\nDROP TABLE tags;\n",
            "004_bad.sql":
                "-- strata:up\(postgres ? " transaction=false" : "")\nINSERT INTO users (id, name) VALUES (4, 'half');\nINSERT INTO users (id, name) VALUES (5, NULL);\n-- strata:down\nSELECT 1;\n",
        ])
        defer { fixture.cleanup() }
        let strata = try await Self.strata(database, fixture, backups: workspace.directory) { $0.safety.restoreOnFailure = true }
        _ = try await strata.migrate(MigrateOptions(target: MigrationVersion("001")))
        let before = try await content(database)
        let error = try await expectStrataError { try await strata.migrateSafely() }
        try expect(error.state?.contains("restored from the pre-migrate backup") == true, "the error says the database was restored: \(error)")
        try expectEqual(try await content(database), before, "every table is as before the run")
        let restore = try await database.events().first { $0.action == .restore }
        try expect(restore?.detail?.contains("004_bad") == true, "the restore is in the event log: \(String(describing: restore))")
        await strata.shutdown()
    }

    /// Failures that change nothing restore nothing: a lint refusal stops before the backup, a
    /// first migration that rolls back leaves the history as it was (no restore, and the error
    /// says so). Problems already there before the run (a foreign-key violation on SQLite, an
    /// invalid index on PostgreSQL) do not fail the post-checks of a sound migration.
    package static func nothingChangedNothingRestored(_ database: TestDatabase) async throws {
        let workspace = try BackupScenarios.Workspace()
        defer { workspace.cleanup() }
        let postgres = database.dialect == .postgres
        let fixture = try MigrationFixture([
            "001_users.sql":
                "-- strata:up\nCREATE TABLE users (id BIGINT PRIMARY KEY, name TEXT NOT NULL);\nCREATE TABLE posts (id BIGINT PRIMARY KEY, user_id BIGINT REFERENCES users (id));\nINSERT INTO users VALUES (1, 'ada'), (2, 'ada');\n-- strata:down\nDROP TABLE posts;\n"
        ])
        defer { fixture.cleanup() }
        // Each step reads the directory afresh.
        func run(_ file: String, _ text: String, _ options: MigrateOptions = MigrateOptions()) async throws -> SafeMigrationReport {
            try fixture.write(file, text)
            defer { try? FileManager.default.removeItem(atPath: fixture.directory + "/" + file) }
            let strata = try await Self.strata(database, fixture, backups: workspace.directory)
            defer { Task { await strata.shutdown() } }
            return try await strata.migrateSafely(options)
        }
        let first = try await Self.strata(database, fixture, backups: workspace.directory)
        _ = try await first.migrate()
        await first.shutdown()
        let backups = try await Self.strata(database, fixture, backups: workspace.directory).backups()
        let backupsBefore = try backups.catalog().entries.count

        let refused = try await expectStrataError { _ = try await run("002_drop.sql", "-- strata:up\nDROP TABLE users;\n-- strata:down\nSELECT 1;\n") }
        try expect(refused.problems.contains { $0.description.contains("drop-table") }, "lint refuses: \(refused)")
        try expect(refused.state?.contains("no backup was taken") == true, "\(refused)")
        try expectEqual(try backups.catalog().entries.count, backupsBefore, "a lint refusal takes no backup")

        let before = try await content(database)
        let failed = try await expectStrataError { _ = try await run("002_bad.sql", "-- strata:up\nINSERT INTO users VALUES (3, NULL);\n-- strata:down\nSELECT 1;\n") }
        try expect(failed.state?.contains("this run changed nothing, so nothing was restored") == true, "\(failed)")
        try expectEqual(try await content(database), before, "the database is as before")
        let restores = try await database.events().filter { $0.action == .restore }
        try expect(restores.isEmpty, "no restore was made: \(restores)")

        // The problem that was there before (an invalid index also stops the preflight: --force).
        if postgres {
            _ = try? await database.execute("CREATE UNIQUE INDEX CONCURRENTLY users_name_unique ON users (name)")
            let invalid = try await database.query("SELECT 1 FROM pg_index WHERE NOT indisvalid")
            try expectEqual(invalid.count, 1, "an invalid index exists before the run")
        } else {
            try await database.driver.withConnection(logger: TestDatabase.logger) { connection in
                try await connection.execute("PRAGMA foreign_keys = OFF", [])
                try await connection.execute("INSERT INTO posts VALUES (1, 99)", [])
            }
        }
        let report = try await run(
            "002_tags.sql", "-- strata:up\nCREATE TABLE tags (id BIGINT PRIMARY KEY);\n-- strata:down\nDROP TABLE tags;\n",
            MigrateOptions(force: postgres))
        try expectEqual(report.run?.steps.count, 1)
        try expect(report.postChecks?.passed == true, "a problem from before the run does not fail the post-checks: \(String(describing: report.postChecks))")
    }

    /// PostgreSQL without restore_on_failure: the failed transactional migration rolls back, the
    /// ones before it stay, nothing is restored, and the message says so.
    package static func postgresTransactionalFailure(_ database: TestDatabase) async throws {
        let workspace = try BackupScenarios.Workspace()
        defer { workspace.cleanup() }
        let fixture = try MigrationFixture([
            "001_users.sql": "-- strata:up\nCREATE TABLE users (id BIGINT PRIMARY KEY, name TEXT NOT NULL);\n-- strata:down\nDROP TABLE users;\n",
            "002_bad.sql": "-- strata:up\nINSERT INTO users VALUES (1, NULL);\n-- strata:down\nSELECT 1;\n",
        ])
        defer { fixture.cleanup() }
        let strata = try await Self.strata(database, fixture, backups: workspace.directory)
        let error = try await expectStrataError { try await strata.migrateSafely() }
        try expect(error.state?.contains("rolled the failed migration back") == true, "\(error)")
        try expectEqual(try await database.history().compactMap(\.version), ["001"])
        await strata.shutdown()
    }

    /// Outside the maintenance window nothing runs and the error says why; `force` goes on and
    /// the override is in the event log. `dryRun` shows the preflight and changes nothing.
    package static func maintenanceWindow(_ database: TestDatabase) async throws {
        let workspace = try BackupScenarios.Workspace()
        defer { workspace.cleanup() }
        let fixture = try MigrationFixture(["001_users.sql": "-- strata:up\nCREATE TABLE users (id BIGINT PRIMARY KEY);\n-- strata:down\nDROP TABLE users;\n"])
        defer { fixture.cleanup() }
        // A one-minute window twelve hours away is always closed now.
        let hour = (Calendar(identifier: .iso8601).dateComponents(in: TimeZone(identifier: "UTC")!, from: Date()).hour! + 12) % 24
        let window = String(format: "%02d:00-%02d:01 UTC", hour, hour)
        let strata = try await Self.strata(database, fixture, backups: workspace.directory) { $0.safety.maintenanceWindow = window }
        let refused = try await expectStrataError { try await strata.migrateSafely() }
        try expect(refused.summary.contains("preflight found 1 problem") && refused.problems.first?.description.contains("maintenance window") == true, "\(refused)")
        try expectEqual(refused.state, "nothing was changed")
        try expect(try await database.tables().subtracting(ConformanceSuite.strataTables).isEmpty, "no migration ran")
        let dryRun = try await strata.migrateSafely(MigrateOptions(dryRun: true, force: true))
        try expect(dryRun.preflight.errors.map(\.name) == ["maintenance window"] && dryRun.run?.dryRun == true, "dry run shows the preflight")
        try expect(try await database.tables().subtracting(ConformanceSuite.strataTables).isEmpty, "the dry run changed nothing")
        let forced = try await strata.migrateSafely(MigrateOptions(force: true))
        try expectEqual(forced.run?.steps.count, 1)
        let event = try await database.events().first { $0.action == .preflight }
        try expect(event?.outcome == "forced" && event?.detail?.contains("maintenance window") == true, "--force is recorded: \(String(describing: event))")
        await strata.shutdown()
    }

    /// A preflight error blocks with the check, its value, threshold and advice: no verified
    /// backup recent enough when this run takes none itself.
    package static func preflightBlocks(_ database: TestDatabase) async throws {
        let workspace = try BackupScenarios.Workspace()
        defer { workspace.cleanup() }
        let fixture = try MigrationFixture(["001_users.sql": "-- strata:up\nCREATE TABLE users (id BIGINT PRIMARY KEY);\n-- strata:down\nDROP TABLE users;\n"])
        defer { fixture.cleanup() }
        let strata = try await Self.strata(database, fixture, backups: workspace.directory) {
            $0.backup.beforeMigrate = false
            $0.safety.maximumBackupAge = .seconds(3600)
        }
        let error = try await expectStrataError { try await strata.migrateSafely() }
        try expect(error.problems.first == "backup recency: no verified backup (threshold 60 min)", "\(error.problems)")
        try expect(error.nextStep?.remedies.contains(.createBackup) == true, "\(error)")
        await strata.shutdown()
    }
}
