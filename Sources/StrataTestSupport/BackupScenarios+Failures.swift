import Foundation
import Strata

extension BackupScenarios {
    /// A damaged, truncated or foreign data file, a missing sidecar and a backup of another
    /// database are refused with a clear message, and the database is left as it was.
    package static func refusals(_ database: TestDatabase, other: TestDatabase) async throws {
        let workspace = try Workspace()
        defer { workspace.cleanup() }
        try await seed(database, rows: 200)
        let backups = try await manager(database, directory: workspace.directory)
        let before = try await DatabaseFingerprint.of(database.driver)

        func refused(_ id: String, _ expected: String) async throws {
            let result = await backups.verify(try backups.catalog().resolve(id), deep: false)
            try expect(!result.passed && (result.error ?? "").contains(expected), "verify of \(id) fails with '\(expected)': \(result)")
            let error = try await expectStrataError { try await backups.restore(.id(id)) }
            try expect(error.summary.contains(expected) && error.state == "nothing was restored", "restore refused: \(error)")
            try expectEqual(try await DatabaseFingerprint.of(database.driver), before, "the database is unchanged")
        }

        let flipped = try await backups.create()
        try flipByte(flipped.dataPath, at: Int(flipped.metadata.size / 2))
        try await refused(flipped.id, "SHA-256")

        let truncated = try await backups.create()
        try FileHandle(forWritingTo: URL(fileURLWithPath: truncated.dataPath)).truncate(atOffset: UInt64(truncated.metadata.size - 1))
        try await refused(truncated.id, "truncated")

        // A foreign file whose sidecar was rewritten to match: the database's own check catches it.
        let foreign = try await backups.create()
        let garbage = Data((0..<8192).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) })
        try garbage.write(to: URL(fileURLWithPath: foreign.dataPath))
        var metadata = foreign.metadata
        metadata.size = Int64(garbage.count)
        metadata.sha256 = try BackupFiles.sha256(of: foreign.dataPath)
        try metadata.encoded().write(to: URL(fileURLWithPath: foreign.path + "/metadata.json"))
        try await refused(foreign.id, "not a readable")

        let orphan = try await backups.create()
        try FileManager.default.removeItem(atPath: orphan.path + "/metadata.json")
        let missing = try await expectStrataError { try await backups.restore(.id(orphan.id)) }
        try expect(missing.summary.contains("no metadata.json"), "a missing sidecar is named: \(missing)")

        // A backup of another database is refused over this one.
        try await seed(other, rows: 10)
        let otherBackups = try await manager(other, directory: workspace.directory)
        let theirs = try await otherBackups.create()
        let foreignSource = try await expectStrataError { try await backups.restore(.id(theirs.id)) }
        try expect(foreignSource.summary.contains("another database"), "another database's backup is refused: \(foreignSource)")
        try expectEqual(try await DatabaseFingerprint.of(database.driver), before, "the database is unchanged")
    }

    /// Even under umask 000 the directory is 0700 and every file 0600. Changes the process umask
    /// for the duration: run it in a serialized suite.
    package static func permissions(_ database: TestDatabase) async throws {
        let workspace = try Workspace()
        defer { workspace.cleanup() }
        try await seed(database, rows: 10)
        let backups = try await manager(database, directory: workspace.directory + "/nested/backups")
        let entry = try await ProcessUmask.withZero {
            let entry = try await backups.create()
            _ = await backups.verify(entry, deep: false)
            return entry
        }
        for path in [workspace.directory + "/nested/backups", entry.path] {
            try expectEqual(BackupFiles.mode(path), 0o700, "\(path) is 0700")
        }
        for name in try FileManager.default.contentsOfDirectory(atPath: entry.path) {
            try expectEqual(BackupFiles.mode(entry.path + "/" + name), 0o600, "\(name) is 0600")
        }
    }

    /// Kills `strata backup create` with SIGKILL at random instants: whatever is left under a
    /// final name verifies, and `prune` clears what the killed runs left half-written.
    package static func killDuringCreate(_ database: TestDatabase, runs: Int, seed: UInt64) async throws -> (complete: Int, partial: Int) {
        let workspace = try Workspace()
        defer { workspace.cleanup() }
        try await Self.seed(database, rows: database.dialect == .sqlite ? 20_000 : 5_000)
        let arguments = ["--database", database.urlText, "backup", "create", "--directory", workspace.directory, "--quiet"]
        let started = ContinuousClock.now
        let full = try await StrataProcess.run(arguments)
        try expectEqual(full.status, 0, "a whole backup works: \(full.stderr)")
        let span = max((ContinuousClock.now - started).wholeMilliseconds, 20)
        var random = SplitMix64(seed: seed)
        for _ in 1...runs {
            let child = try StrataProcess.start(arguments)
            try await Task.sleep(for: .milliseconds(Int64(random.next() % UInt64(span + span / 4))))
            child.kill()
            _ = await child.wait()
        }
        let backups = try await manager(database, directory: workspace.directory)
        let catalog = try backups.catalog()
        try expect(catalog.problems.isEmpty, "no unreadable backup under a final name: \(catalog.problems)")
        for entry in catalog.entries {
            let result = await backups.verify(entry, deep: false)
            try expect(result.passed, "\(entry.id) under its final name verifies: \(result)")
        }
        if database.dialect == .postgres {
            // A killed run cannot remove its password file; the next run that needs one removes it.
            let stale = try FileManager.default.contentsOfDirectory(atPath: NSTemporaryDirectory()).filter { name in
                guard name.hasPrefix("strata-pgpass-"), let pid = Int32(name.dropFirst("strata-pgpass-".count).prefix { $0 != "-" }) else { return false }
                return kill(pid, 0) != 0
            }
            try expect(stale.isEmpty, "password files of killed runs are gone: \(stale)")
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: workspace.directory).filter { !$0.hasPrefix(".partial-") }
        try expectEqual(Set(leftovers), Set(catalog.entries.map(\.id)), "nothing but whole backups and partial directories")
        var settings = StrataSettings()
        settings.backup.keepLast = 1000
        _ = try await manager(database, directory: workspace.directory, settings: settings).prune()
        let remaining = try FileManager.default.contentsOfDirectory(atPath: workspace.directory)
        try expect(!remaining.contains { $0.hasPrefix(".partial-") }, "prune removes interrupted backups: \(remaining)")
        return (catalog.entries.count, catalog.abandoned.count)
    }

    static func flipByte(_ path: String, at offset: Int) throws {
        var data = try Data(contentsOf: URL(fileURLWithPath: path))
        data[offset] ^= 0x01
        try data.write(to: URL(fileURLWithPath: path))
    }
}
