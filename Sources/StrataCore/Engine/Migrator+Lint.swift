import Foundation

extension Migrator {
    /// The linter the configuration asks for, in this database's dialect; nil when lint is off.
    var linter: Linter? {
        configuration.lint.map { Linter(dialect: dialect, settings: $0, lockTimeoutConfigured: configuration.lockTimeout != nil) }
    }

    /// Lints the migrations about to run. Findings below the failing severity are logged as
    /// warnings; at or above it they stop the run, unless `force`, which logs them and goes on.
    /// - Throws: `.validation` listing every failing finding; nothing has changed.
    func lint(_ pending: [Migration], force: Bool) throws {
        guard let linter, !pending.isEmpty else { return }
        let report = try linter.lint(LintUnit.units(pending))
        let failing = report.findings.filter { $0.severity >= report.failOn }
        for finding in report.findings where finding.severity > .info && (force || finding.severity < report.failOn) {
            logger.warning("\(finding.location): \(finding.severity.rawValue) [\(finding.rule)] \(finding.message)\(force && finding.severity >= report.failOn ? " (--force)" : "")")
        }
        guard !failing.isEmpty, !force else { return }
        throw StrataError(
            .validation, "lint found \(failing.count) problem\(failing.count == 1 ? "" : "s") in the pending migrations",
            location: failing[0].location, state: "nothing was changed",
            nextStep: "fix them (`strata lint` explains each), allow one with a `-- strata:allow RULE reason` comment, or pass --force",
            problems: failing.map { "\($0.location): [\($0.rule)] \($0.message) — \($0.recipe)" })
    }

    /// Lint problems of `migrations` for `validate`.
    func lintProblems(_ migrations: [Migration]) throws -> [ValidationReport.Problem] {
        guard let linter, !migrations.isEmpty else { return [] }
        let report = try linter.lint(LintUnit.units(migrations))
        return report.findings.filter { $0.severity >= report.failOn }.map(ValidationReport.Problem.init)
    }
}

extension ValidationReport.Problem {
    /// A lint finding as a validation problem.
    public init(_ finding: LintFinding) {
        self.init(migration: (finding.location.file as NSString).lastPathComponent, message: "[\(finding.rule)] \(finding.message)",
                  location: finding.location, nextStep: finding.recipe)
    }
}
