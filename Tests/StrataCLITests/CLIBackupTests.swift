import Foundation
import Strata
import StrataCLI
import StrataTestSupport
import Testing

/// `strata backup list`, `prune` and `restore --latest` as the README describes them.
@Suite("CLI backups")
struct CLIBackupTests {
    /// Five backups at chosen instants (ISO weeks: 2026-10-19 is a Monday).
    static let ages = [
        "2026-10-20T12:00:00.000Z", "2026-10-20T08:00:00.000Z", "2026-10-19T12:00:00.000Z",
        "2026-10-15T12:00:00.000Z", "2026-10-01T12:00:00.000Z",
    ]

    @Test("prune keeps the newest N, the newest of the last days and weeks; list and restore --latest skip what fails")
    func retentionListLatest() async throws {
        try await TestDatabases.sqliteFile().use { database in
            let workspace = try BackupScenarios.Workspace()
            defer { workspace.cleanup() }
            try await BackupScenarios.seed(database, rows: 20)
            let backups = try await BackupScenarios.manager(database, directory: workspace.directory)
            var ids: [String] = []
            for (index, age) in Self.ages.enumerated() {
                try await database.execute("INSERT INTO empty_table (id) VALUES (\(index + 1))")
                var metadata = try await backups.create().metadata
                let renamed = "backup-\(index)"
                try FileManager.default.moveItem(atPath: workspace.directory + "/" + metadata.id, toPath: workspace.directory + "/" + renamed)
                metadata.id = renamed
                metadata.createdAt = age
                try metadata.encoded().write(to: URL(fileURLWithPath: workspace.directory + "/\(renamed)/metadata.json"))
                ids.append(renamed)
            }
            let base = ["--database", database.urlText, "backup"]
            let environment = ["STRATA_BACKUP_KEEP_LAST": "1", "STRATA_BACKUP_KEEP_DAILY": "2", "STRATA_BACKUP_KEEP_WEEKLY": "2"]

            let list = await CLI.run(base + ["list", "--directory", workspace.directory])
            #expect(list.status == 0)
            let listed = list.stdout.split(separator: "\n").dropFirst().map { String($0.prefix { $0 != " " }) }
            #expect(listed == ids, "newest first: \(list.stdout)")

            let dryRun = await CLI.run(base + ["prune", "--dry-run", "--directory", workspace.directory], environment: environment)
            #expect(dryRun.stdout.contains("would remove backup-1") && dryRun.stdout.contains("would remove backup-4"), "\(dryRun.stdout)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: workspace.directory).count == 5, "a dry run removes nothing")

            let prune = await CLI.run(base + ["prune", "--json", "--directory", workspace.directory], environment: environment)
            #expect(prune.status == 0, "\(prune.stderr)")
            let left = try FileManager.default.contentsOfDirectory(atPath: workspace.directory).sorted()
            #expect(left == ["backup-0", "backup-2", "backup-3"], "kept: last 1 (0), daily 10-20 (0) and 10-19 (2), weekly W43 (0) and W42 (3)")

            // The newest backup is damaged: --latest skips it, says so, and restores the next one.
            try Data("damage".utf8).write(to: URL(fileURLWithPath: workspace.directory + "/backup-0/database.sqlite"))
            let restore = await CLI.run(base + ["restore", "--latest", "--yes", "--directory", workspace.directory])
            #expect(restore.status == 0, "\(restore.stderr)")
            #expect(restore.stderr.contains("skipped backup-0"), "\(restore.stderr)")
            #expect(restore.stdout.contains("Restored backup-2"), "\(restore.stdout)")
            let rows = try await database.query("SELECT count(*) FROM empty_table").first?.values.first?.integer
            #expect(rows == 3, "backup-2 was taken after the third insert")

            let verify = await CLI.run(base + ["verify", "--all", "--directory", workspace.directory])
            #expect(verify.status == 1, "a damaged backup fails verify --all")
            #expect(verify.stderr.contains("FAIL backup-0"), "\(verify.stderr)")
        }
    }
}
