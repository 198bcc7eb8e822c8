import ArgumentParser
import Strata

/// `strata backup verify`.
struct BackupVerifyCommand: StrataSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check a backup: size and SHA-256, the database's own check, row counts against the sidecar.",
        discussion: "--deep on PostgreSQL restores into a scratch database and counts its rows. Exit 1 if any backup fails.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var location: BackupDirectoryOption

    @Argument(help: "The backup id (or a unique prefix of it).")
    var id: String?

    @Flag(help: "Verify every backup of this database.")
    var all = false

    @Flag(help: "PostgreSQL: restore into a scratch database and compare row counts.")
    var deep = false

    func validate() throws {
        if (id == nil) == !all { throw ValidationError("Give a backup id or --all.") }
    }

    func execute(_ context: CommandContext) async throws -> Int32 {
        let results = try await context.withBackups(location) { backups, _ in
            if let id { return [try await backups.verify(id, deep: deep)] }
            return try await backups.verifyAll(deep: deep)
        }
        try context.emit(Output(results: results))
        return results.allSatisfy(\.passed) ? 0 : 1
    }

    /// What `backup verify` prints: failures on stderr, and even with `--quiet`.
    struct Output: CommandOutput, Encodable {
        let results: [BackupVerification]

        var showsWhenQuiet: Bool { results.contains(where: { !$0.passed }) }

        func write(to text: inout CommandText) {
            if results.isEmpty { text.line("No backups of this database to verify.") }
            for result in results {
                if result.passed {
                    if !text.quiet { text.line("\(text.style.green("ok"))   \(result.id): \(result.checks.joined(separator: ", "))") }
                } else {
                    text.warning("\(text.style.red("FAIL")) \(result.id): \(result.error ?? "failed")")
                }
            }
        }
    }
}
