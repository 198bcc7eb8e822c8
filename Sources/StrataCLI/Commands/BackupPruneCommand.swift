import ArgumentParser
import Strata

/// `strata backup prune`.
struct BackupPruneCommand: StrataSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "prune",
        abstract: "Remove the backups of this database that retention does not keep.",
        discussion: """
            Kept: the newest backup.keep_last (default 10), the newest of each of the last backup.keep_daily days \
            that have backups (default 7), the newest of each of the last backup.keep_weekly ISO weeks (default 4), \
            in UTC. The newest backup is always kept. Interrupted backups are removed too.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var location: BackupDirectoryOption

    @Flag(help: "Show what would be removed; remove nothing.")
    var dryRun = false

    func execute(_ context: CommandContext) async throws -> Int32 {
        let report = try await context.withBackups(location) { backups, _ in try backups.prune(dryRun: dryRun) }
        try context.emit(Output(document: report, dryRun: dryRun))
        return 0
    }

    /// What `backup prune` prints.
    struct Output: CommandOutput {
        let document: PruneReport
        let dryRun: Bool

        func write(to text: inout CommandText) {
            let removed = document.items.filter { !$0.kept }
            for item in document.items {
                let verb = item.kept ? "keep  " : (dryRun ? "would remove" : "remove")
                text.line("\(verb) \(item.id)\(item.kept ? "  (" + item.reasons.joined(separator: ", ") + ")" : "")")
            }
            for path in document.abandoned { text.line("\(dryRun ? "would remove" : "remove") interrupted \(path)") }
            text.line("\(dryRun ? "Would remove" : "Removed") \(removed.count) of \(counted(document.items.count, "backup")).")
        }
    }
}
