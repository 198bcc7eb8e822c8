import ArgumentParser
import Foundation
import Strata

/// `strata validate`: files parse, checksums match, nothing missing or out of order.
struct ValidateCommand: StrataSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check files and history without changing anything; exit 1 on any problem.")

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Accept pending migrations below the newest applied version.")
    var allowOutOfOrder = false

    @Flag(help: "Do not count lint findings as problems.")
    var force = false

    func execute(_ context: CommandContext) async throws -> Int32 {
        let settings = try context.settings()
        let report: ValidationReport
        if settings.databaseURL == nil {
            // Without a database only the files can be checked.
            let migrations = try MigrationSource.directory(settings.migrationsDirectory, placeholders: settings.placeholders).load()
            var problems = Migrator.validateFiles(migrations, dialect: .postgres)
            if problems.isEmpty, !force {
                let lint = try LintSetup.linter(settings: settings, dialect: nil).lint(LintUnit.units(migrations))
                problems += lint.findings.filter { $0.severity >= lint.failOn }.map(ValidationReport.Problem.init)
            }
            report = ValidationReport(database: nil, migrationCount: migrations.count, problems: problems)
        } else {
            report = try await context.withStrata(settings) { try await $0.validate(allowOutOfOrder: allowOutOfOrder, force: force) }
        }
        try context.emit(report, evenWhenQuiet: !report.isValid) {
            let style = context.style
            if report.database == nil {
                context.console.line("No database configured: checked the files only, not the history.")
            }
            if report.isValid {
                context.console.line(style.green("Valid:") + " \(report.migrationCount) migration\(report.migrationCount == 1 ? "" : "s")" + (report.database.map { " against \($0)" } ?? "") + ".")
            } else {
                context.console.line(style.red("Invalid:") + " \(report.problems.count) problem\(report.problems.count == 1 ? "" : "s").")
                for problem in report.problems {
                    context.console.line("  - \(problem.migration): \(problem.message)" + (problem.location.map { " (\($0))" } ?? ""))
                    if let next = problem.nextStep { context.console.line("    next: \(next.commandLine)") }
                }
            }
        }
        return report.isValid ? 0 : 1
    }
}
