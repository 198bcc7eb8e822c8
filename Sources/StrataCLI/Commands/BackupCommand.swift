import ArgumentParser
import Foundation
import Strata

/// `strata backup`: verified backups of the database.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Create, list, verify, restore and prune verified backups.",
        discussion: """
            Backups go to backup.directory (default backups/, created 0700, files 0600): one directory per \
            backup with the data file and a metadata.json sidecar (checksum, row counts, schema version).
            """,
        subcommands: [
            BackupCreateCommand.self, BackupListCommand.self, BackupVerifyCommand.self,
            BackupRestoreCommand.self, BackupPruneCommand.self,
        ])
}

/// The `--directory` option every backup subcommand takes.
struct BackupDirectoryOption: ParsableArguments {
    @Option(help: "Backup directory (default: backup.directory, else backups).")
    var directory: String?
}

extension CommandContext {
    /// Runs `body` with the backups of the configured database.
    func withBackups<T: Sendable>(_ option: BackupDirectoryOption, _ body: (BackupManager, Strata) async throws -> T) async throws -> T {
        let settings = try settings()
        return try await withStrata(settings) { strata in
            try await body(strata.backups(directory: option.directory), strata)
        }
    }
}

/// How backups read in text.
enum BackupText {
    static func summary(_ metadata: BackupMetadata) -> String {
        let tables = metadata.tables.count
        return "\(ByteSize.format(metadata.size)), \(counted(tables, "table")), \(counted(metadata.totalRows, "row")), "
            + "schema version \(metadata.schemaVersion ?? "none")"
    }

    /// `3 min`, `5 h`, `2 d` since `createdAt`.
    static func age(_ metadata: BackupMetadata, now: Date = Date()) -> String {
        guard let date = metadata.createdDate else { return "?" }
        let seconds = max(0, Int(now.timeIntervalSince(date)))
        switch seconds {
        case ..<60: return "\(seconds) s"
        case ..<3600: return "\(seconds / 60) min"
        case ..<86_400: return "\(seconds / 3600) h"
        default: return "\(seconds / 86_400) d"
        }
    }
}
