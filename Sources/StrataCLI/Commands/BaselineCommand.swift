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
        RepairPrinter(context: context).print(report)
        return 0
    }
}

/// Prints what `baseline` or `repair` changed.
struct RepairPrinter {
    let context: CommandContext

    func print(_ report: RepairReport) {
        try? context.emit(report) {
            if report.changes.isEmpty { context.console.line("Nothing to change.") }
            for change in report.changes { context.console.line(change.commandLine) }
        }
    }
}
