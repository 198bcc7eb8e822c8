import Foundation
import Strata
@testable import StrataPostgres
import StrataTestSupport
import Testing

/// Backups of real PostgreSQL databases through pg_dump and pg_restore.
@Suite("PostgreSQL backups", .serialized, .enabled(if: PostgresTestSupport.enabled))
struct PostgresBackupTests {
    @Test("create → verify --deep → restore gives back the same rows, and the replaced state is kept")
    func roundTrip() async throws {
        try await PostgresTestSupport.database().use { try await BackupScenarios.roundTrip($0) }
    }

    @Test("a backup taken while a writer commits continuously verifies and holds one commit point")
    func underWrites() async throws {
        let target = try await PostgresTestSupport.database()
        try await target.use { target in
            try await PostgresTestSupport.database().use { try await BackupScenarios.consistentUnderWrites($0, target: target) }
        }
    }

    @Test("a flipped byte, a truncated or foreign file, a missing sidecar, another database: refused, nothing restored")
    func refusals() async throws {
        let other = try await PostgresTestSupport.database()
        try await other.use { other in
            try await PostgresTestSupport.database().use { try await BackupScenarios.refusals($0, other: other) }
        }
    }

    @Test("a role that cannot read a table: the error names the table and says what to do, no backup is kept")
    func missingPrivilege() async throws {
        try await PostgresTestSupport.database().use { database in
            guard case .postgres(var url) = database.url else { return }
            let role = "strata_reader_\(UInt32.random(in: 0...UInt32.max))"
            let password = UUID().uuidString
            try await database.execute("CREATE TABLE comments (id int)")
            try await database.execute("CREATE ROLE \(role) LOGIN PASSWORD '\(password)'")
            defer { Task { try? await database.execute("DROP ROLE IF EXISTS \(role)") } }
            (url.user, url.password) = (role, Secret(password))
            let workspace = try BackupScenarios.Workspace()
            defer { workspace.cleanup() }
            let backups = try Strata(url: .postgres(url), migrations: .swift([]), logger: TestDatabase.logger).backups(directory: workspace.directory)
            let error = try await expectStrataError { try await backups.create() }
            #expect(error.summary.contains("permission denied for table comments"), "\(error)")
            #expect(error.nextStep?.description.hasPrefix("the role of the database URL lacks this privilege") == true, "\(error)")
            #expect(try backups.catalog().entries.isEmpty)
        }
    }

    @Test("directory 0700 and files 0600 under umask 000")
    func permissions() async throws {
        try await PostgresTestSupport.database().use { try await BackupScenarios.permissions($0) }
    }

    @Test("SIGKILL during create never leaves a backup under its final name that fails verification")
    func killDuringCreate() async throws {
        let seed = TestLength.seed
        try await PostgresTestSupport.database().use { database in
            let result = try await BackupScenarios.killDuringCreate(database, runs: TestLength.count(short: 10, long: 100), seed: seed)
            print("kill during PostgreSQL backup create (seed \(seed)): \(result.complete) complete, \(result.partial) partial")
        }
    }

    @Test("the password reaches pg_dump only through a 0600 passfile: not in its argv, environment, output or the sidecar")
    func passwordNeverExposed() async throws {
        try await PostgresTestSupport.database().use { database in
            try await PostgresBackupSecrets.check(database)
        }
    }

    @Test("a pg_dump older than the server is refused with what to install")
    func toolTooOld() async throws {
        let error = try await expectStrataError { try await PgTool.locate("pg_dump", serverMajor: 99, directory: nil) }
        #expect(error.summary.contains("pg_dump 99 or newer is needed"), "\(error)")
        #expect(error.nextStep?.description.contains("postgresql-client-99") == true, "\(error)")
    }
    @Test("a pg_restore that fails: the error names the tables already dropped and the safety backup, which restores them")
    func failedRestoreSaysWhatIsLeft() async throws {
        try await PostgresTestSupport.database().use { database in
            try await BackupScenarios.seed(database, rows: 20)
            let workspace = try BackupScenarios.Workspace()
            defer { workspace.cleanup() }
            let bin = workspace.directory + "-bin"
            defer { try? FileManager.default.removeItem(atPath: bin) }
            try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
            for tool in ["pg_dump", "pg_restore"] {
                let real = try PostgresBackupSecrets.realTool(tool)
                // The restore over the database (--clean) fails; listing and dumping work.
                let script = "#!/bin/sh\nfor a in \"$@\"; do [ \"$a\" = --clean ] && { echo 'pg_restore: error: simulated failure' >&2; exit 1; }; done\nexec '\(real)' \"$@\"\n"
                try script.write(toFile: bin + "/" + tool, atomically: true, encoding: .utf8)
                chmod(bin + "/" + tool, 0o755)
            }
            var settings = StrataSettings()
            settings.backup.pgBin = bin
            let manager = try await BackupScenarios.manager(database, directory: workspace.directory, settings: settings)
            let backup = try await manager.create()
            try await database.execute("CREATE TABLE later (id bigint)")
            let error = try await expectStrataError { _ = try await manager.restore(.id(backup.id)) }
            let state = error.state ?? ""
            #expect(state.contains("already dropped: public.later"), "\(error)")
            let safety = try #require(try manager.catalog().entries.first { $0.metadata.kind == .preRestore })
            #expect(state.contains("kept in backup \(safety.id)") && error.nextStep?.remedies.contains(.restoreBackup(safety.id)) == true, "\(error)")
            let real = try await BackupScenarios.manager(database, directory: workspace.directory)
            _ = try await real.restore(.id(safety.id))
            #expect(try await database.tables().contains("later"), "the safety backup gives the dropped table back")
        }
    }
}
