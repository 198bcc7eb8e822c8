import ArgumentParser
import Strata

/// `strata backup create`.
struct BackupCreateCommand: StrataSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Take a consistent backup while the database stays in use.",
        discussion: "SQLite: the online backup API in one read snapshot. PostgreSQL: pg_dump --format=custom.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var location: BackupDirectoryOption

    @Option(help: "Why the backup is taken (recorded in its metadata).")
    var kind = BackupKind.manual

    @Flag(help: "gzip the SQLite data file (also backup.compress); PostgreSQL dumps are compressed by pg_dump.")
    var compress = false

    @OptionGroup var metrics: MetricsFileOption

    func execute(_ context: CommandContext) async throws -> Int32 {
        let printer = BackupProgressPrinter(context: context)
        let entry = try await context.metered("backup", to: metrics.path) { metrics in
            metrics.database = (try? context.databaseURL(context.settings()).redacted) ?? ""
            let entry = try await context.withBackups(location) { backups, _ in
                var backups = backups
                if compress { backups.compress = true }
                defer { printer.finish() }
                return try await backups.create(kind: kind, progress: printer.handler)
            }
            metrics.add(backup: entry.metadata)
            return entry
        }
        try context.emit(BackupDocument(backup: entry.metadata, path: entry.path))
        return 0
    }
}

/// One backup and where it is: what `backup create` prints.
struct BackupDocument: CommandOutput, Encodable {
    let backup: BackupMetadata
    let path: String

    func write(to text: inout CommandText) {
        let seconds = String(format: "%.1f", Double(backup.durationMilliseconds) / 1000)
        text.line("Backup \(backup.id): \(BackupText.summary(backup)) in \(seconds) s")
        text.line("  \(path)")
    }
}
