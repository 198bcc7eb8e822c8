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
        try context.emit(report)
        return report.isValid ? 0 : 1
    }
}

/// What `validate` prints; an invalid result shows even with `--quiet`.
extension ValidationReport: CommandOutput {
    var showsWhenQuiet: Bool { !isValid }

    func write(to text: inout CommandText) {
        let style = text.style
        if database == nil {
            text.line("No database configured: checked the files only, not the history.")
        }
        if isValid {
            text.line(style.green("Valid:") + " \(counted(migrationCount, "migration"))" + (database.map { " against \($0)" } ?? "") + ".")
        } else {
            text.line(style.red("Invalid:") + " \(counted(problems.count, "problem")).")
            for problem in problems {
                text.line("  - \(problem.migration): \(problem.message)" + (problem.location.map { " (\($0))" } ?? ""))
                if let next = problem.nextStep { text.line("    next: \(next.commandLine)") }
            }
        }
    }
}
