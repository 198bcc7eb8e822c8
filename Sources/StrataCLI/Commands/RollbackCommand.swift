import ArgumentParser
import Strata

/// `strata rollback`: runs down sections, newest first.
struct RollbackCommand: StrataSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "rollback",
        abstract: "Undo applied migrations, newest first (one by default).")

    @OptionGroup var global: GlobalOptions

    @Option(parsing: .unconditional, help: "How many migrations to undo.")
    var steps: Int?

    @Option(help: "Undo every migration above this version.")
    var to: String?

    @Flag(help: "Print the exact SQL and change nothing.")
    var dryRun = false

    func validate() throws {
        if steps != nil, to != nil { throw ValidationError("Give --steps or --to, not both.") }
        if let steps, steps < 1 { throw ValidationError("--steps must be 1 or more.") }
    }

    func execute(_ context: CommandContext) async throws -> Int32 {
        let settings = try context.settings()
        let target = try to.map { try Versions.parse($0, option: "--to") }
        let options = RollbackOptions(steps: steps, target: target, dryRun: dryRun)
        let report = try await context.withStrata(settings) { try await $0.rollback(options) }
        try context.emit(RunOutput(report, as: .rollback))
        return 0
    }
}

/// `strata redo`: rollback one, migrate one.
struct RedoCommand: StrataSubcommand {
    static let configuration = CommandConfiguration(commandName: "redo", abstract: "Roll back the newest migration and apply it again.")

    @OptionGroup var global: GlobalOptions

    func execute(_ context: CommandContext) async throws -> Int32 {
        let report = try await context.withStrata(try context.settings()) { try await $0.redo() }
        if context.printsText, let step = report.steps.last {
            context.console.line("Redid \(step.migration) in \(report.steps.reduce(0) { $0 + $1.milliseconds }) ms.")
        } else {
            try context.emit(RunOutput(report, as: .redo))
        }
        return 0
    }
}
