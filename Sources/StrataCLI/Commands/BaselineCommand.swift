import ArgumentParser
import Strata

/// `strata baseline`: marks an existing database as being at a version.
struct BaselineCommand: StrataSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "baseline",
        abstract: "Mark an existing database as being at VERSION without running anything.")

    @OptionGroup var global: GlobalOptions

    @Option(help: "The version the database is at; migrations up to it will never run.")
    var version: String

    @Option(help: "A description for the baseline row.")
    var description = "baseline"

    func execute(_ context: CommandContext) async throws -> Int32 {
        let settings = try context.settings()
        _ = try Versions.parse(version, option: "--version")
        let report = try await context.withStrata(settings) { try await $0.baseline(version: version, description: description) }
        try context.emit(report)
        return 0
    }
}

/// What `baseline` or `repair` changed.
extension RepairReport: CommandOutput {
    func write(to text: inout CommandText) {
        if changes.isEmpty { text.line("Nothing to change.") }
        for change in changes { text.line(change.commandLine) }
    }
}
