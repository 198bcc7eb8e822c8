import Foundation
import Strata
import StrataTesting
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
