import ArgumentParser
import Foundation
import Strata

/// `strata backup restore`.
struct BackupRestoreCommand: StrataSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Restore a verified backup over this database (after a safety backup), or into a new one.",
        discussion: """
            The backup is verified first; a damaged, truncated or foreign backup is refused. Over the current \
            database the restore holds the migration lock and first takes a pre-restore backup of what it replaces. \
            SQLite: one transaction (a crash leaves the old or the new database). PostgreSQL: pg_restore \
            --single-transaction. On a terminal it asks first unless --yes.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var location: BackupDirectoryOption

    @Argument(help: "The backup id (or a unique prefix of it).")
    var id: String?

    @Flag(help: "Restore the newest backup of this database that passes verification.")
    var latest = false

    @Option(help: "Restore into this database instead (a new or empty one).")
    var target: String?

    @Flag(help: "Restore a backup taken of another database over this one.")
    var allowOtherSource = false

    func validate() throws {
        if (id == nil) == !latest { throw ValidationError("Give a backup id or --latest.") }
    }

    func execute(_ context: CommandContext) async throws -> Int32 {
        let printer = BackupProgressPrinter(context: context)
        let choice: BackupManager.Choice = id.map { .id($0) } ?? .latest
        if let target { StrataMain.hideSecrets(in: target, console: context.console) }
        let report = try await context.withBackups(location) { backups, strata in
            let destination = try target.map { try strata.backupTarget(try context.resolvedURL($0, option: "--target")) }
            if target == nil, !confirm(context, database: strata.driver.target) {
                throw StrataError(.usage, "restore cancelled", state: "nothing was changed")
            }
            defer { printer.finish() }
            return try await backups.restore(choice, target: destination, allowOtherSource: allowOtherSource, progress: printer.handler)
        }
        try context.emit(Output(restore: report))
        return 0
    }

    /// What `backup restore` prints.
    struct Output: CommandOutput, Encodable {
        let restore: RestoreReport

        func write(to text: inout CommandText) {
            for skipped in restore.skipped { text.warning("warning: skipped \(skipped)") }
            let rows = restore.tables.values.reduce(0, +)
            text.line(
                "Restored \(restore.id) into \(restore.target): \(counted(restore.tables.count, "table")), \(counted(rows, "row")), "
                    + "schema version \(restore.schemaVersion ?? "none") (\(restore.durationMilliseconds) ms)")
            if let safety = restore.safetyBackup { text.line("  the previous state is in backup \(safety)") }
        }
    }

    /// Asks on a terminal; elsewhere (scripts, CI) the safety backup is the guard.
    private func confirm(_ context: CommandContext, database: String) -> Bool {
        guard !global.yes, isatty(STDIN_FILENO) == 1, context.console.errorIsTerminal else { return true }
        context.console.status("Restore \(id ?? "the latest backup") over \(database)? A safety backup is taken first. [y/N] ")
        let answer = readLine()?.trimmingCharacters(in: .whitespaces).lowercased()
        return answer == "y" || answer == "yes"
    }
}
