import Foundation
import Strata
import StrataTestSupport
import Testing

/// Backups of real SQLite files: round trip, under writes, refusals, permissions, kills.
@Suite("SQLite backups", .serialized)
struct SQLiteBackupTests {
    @Test("create → verify → restore gives back the same rows, and the replaced state is kept")
    func roundTrip() async throws {
        try await TestDatabases.sqliteFile().use { try await BackupScenarios.roundTrip($0) }
    }

    @Test("a backup taken while a writer commits continuously verifies and holds one commit point")
    func underWrites() async throws {
        let target = try TestDatabases.sqliteFile()
        defer { Task { await target.drop() } }
        try await TestDatabases.sqliteFile().use { try await BackupScenarios.consistentUnderWrites($0, target: target) }
    }

    @Test("a flipped byte, a truncated or foreign file, a missing sidecar, another database: refused, nothing restored")
    func refusals() async throws {
        let other = try TestDatabases.sqliteFile()
        defer { Task { await other.drop() } }
        try await TestDatabases.sqliteFile().use { try await BackupScenarios.refusals($0, other: other) }
    }

    @Test("directory 0700 and files 0600 under umask 000")
    func permissions() async throws {
        try await TestDatabases.sqliteFile().use { try await BackupScenarios.permissions($0) }
    }

    @Test("SIGKILL during create never leaves a backup under its final name that fails verification")
    func killDuringCreate() async throws {
        let seed = TestLength.seed
        try await TestDatabases.sqliteFile().use { database in
            let result = try await BackupScenarios.killDuringCreate(database, runs: TestLength.count(short: 15, long: 100), seed: seed)
            print("kill during SQLite backup create (seed \(seed)): \(result.complete) complete, \(result.partial) partial")
        }
    }

    @Test("SIGKILL during restore leaves the old database or the new one, intact")
    func killDuringRestore() async throws {
        let seed = TestLength.seed
        try await TestDatabases.sqliteFile().use { database in
            let result = try await SQLiteRestoreKills.run(database, runs: TestLength.count(short: 15, long: 100), seed: seed)
            print("kill during SQLite restore (seed \(seed)): \(result.old) old, \(result.new) new")
        }
    }
}

/// Kills `strata backup restore` at random instants on an SQLite file.
enum SQLiteRestoreKills {
    static func run(_ database: TestDatabase, runs: Int, seed: UInt64) async throws -> (old: Int, new: Int) {
        let workspace = try BackupScenarios.Workspace()
        defer { workspace.cleanup() }
        try await BackupScenarios.seed(database, rows: 30_000)
        let backups = try await BackupScenarios.manager(database, directory: workspace.directory)
        let newState = try await DatabaseFingerprint.of(database.driver)
        let target = try await backups.create()
        try await database.execute("DELETE FROM \"Order Details\" WHERE id % 2 = 0")
        try await database.execute("UPDATE users SET name = 'old state' WHERE id % 5 = 0")
        let oldState = try await DatabaseFingerprint.of(database.driver)
        let old = try await backups.create()
        let arguments = ["--database", database.urlText, "backup", "restore", target.id, "--directory", workspace.directory, "--yes", "--quiet"]
        let started = ContinuousClock.now
        let full = try await StrataProcess.run(arguments)
        #expect(full.status == 0, "a whole restore works: \(full.stderr)")
        let span = max((ContinuousClock.now - started).wholeMilliseconds, 20)
        _ = try await backups.restore(.id(old.id))
        var random = SplitMix64(seed: seed)
        var counts = (old: 0, new: 0)
        for _ in 1...runs {
            let child = try StrataProcess.start(arguments)
            try await Task.sleep(for: .milliseconds(Int64(random.next() % UInt64(span + span / 4))))
            child.kill()
            _ = await child.wait()
            let integrity = try await database.query("PRAGMA integrity_check").first?.values.first?.string
            #expect(integrity == "ok")
            let state = try await DatabaseFingerprint.of(database.driver)
            if state == newState {
                counts.new += 1
                _ = try await backups.restore(.id(old.id))
            } else {
                #expect(state == oldState, "after a kill the database is the old one or the new one")
                counts.old += 1
            }
        }
        return counts
    }
}

/// Compressed SQLite backups.
@Suite("SQLite compressed backups")
struct SQLiteCompressedBackupTests {
    @Test("a gzip backup verifies and restores the same rows; a cut-short one is refused")
    func compressedRoundTrip() async throws {
        try await TestDatabases.sqliteFile().use { database in
            let workspace = try BackupScenarios.Workspace()
            defer { workspace.cleanup() }
            try await BackupScenarios.seed(database, rows: 2000)
            let before = try await DatabaseFingerprint.of(database.driver)
            var backups = try await BackupScenarios.manager(database, directory: workspace.directory)
            backups.compress = true
            let entry = try await backups.create()
            #expect(entry.metadata.compression == "gzip" && entry.metadata.file == "database.sqlite.gz")
            #expect(entry.metadata.size < (BackupFiles.size(database.filePath!) ?? 0), "smaller than the database")
            #expect(await backups.verify(entry, deep: false).passed)
            try await database.execute("DELETE FROM users WHERE id > 10 AND id NOT IN (SELECT user_id FROM \"Order Details\")")
            _ = try await backups.restore(.id(entry.id))
            #expect(try await DatabaseFingerprint.of(database.driver) == before)

            // Cut short, with a sidecar rewritten to match: gzip itself says so.
            let cut = try await backups.create()
            let data = try Data(contentsOf: URL(fileURLWithPath: cut.dataPath))
            try data.prefix(data.count / 2).write(to: URL(fileURLWithPath: cut.dataPath))
            var metadata = cut.metadata
            metadata.size = Int64(data.count / 2)
            metadata.sha256 = try BackupFiles.sha256(of: cut.dataPath)
            try metadata.encoded().write(to: URL(fileURLWithPath: cut.path + "/metadata.json"))
            let result = await backups.verify(try backups.catalog().resolve(cut.id), deep: false)
            #expect(!result.passed && (result.error ?? "").contains("cut short"), "\(result)")
        }
    }
}
