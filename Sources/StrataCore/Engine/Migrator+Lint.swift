import Foundation
import Logging

extension Migrator {
    /// The linter the configuration asks for, in this database's dialect; nil when lint is off.
    package var linter: Linter? {
        configuration.lint.map { Linter(dialect: dialect, settings: $0, lockTimeoutConfigured: configuration.postgres.lockTimeout != nil) }
    }

    /// The gate before a run: lints the migrations about to run and judges each finding against
    /// what the run will meet (tables it creates, rows the live database holds). Harmless findings
    /// are logged with their reason; the others stop the run at or above the failing severity,
    /// unless `force`, which logs them and goes on.
    /// - Parameters:
    ///   - connection: reads the live database; nil opens a read-only connection.
    ///   - statements: the up sections already split (by `prepare`), so lint does not split them again.
    /// - Returns: the judged report; nil when lint is off or nothing is pending.
    /// - Throws: `.validation` listing every finding that stops the run; nothing has changed.
    @discardableResult
    func lintGate(_ plan: MigrationPlan, force: Bool, connection: (any DatabaseConnection)?) async throws -> LintReport? {
        guard let report = try await judgedLint(plan.migrations, connection: connection, statements: plan.statements) else { return nil }
        let failing = report.blocking
        for finding in report.findings where finding.severity > .info && (force || !failing.contains(finding)) {
            let note = finding.exemption.map { " — not blocking: \($0)" } ?? (force && failing.contains(finding) ? " (forced)" : "")
            logger.warning("\(finding.location): \(finding.severity.rawValue) [\(finding.rule)] \(finding.message)\(note)")
        }
        guard !failing.isEmpty, !force else { return report }
        throw StrataError(
            .validation, "lint found \(failing.count) problem\(failing.count == 1 ? "" : "s") in the pending migrations",
            location: failing[0].location, state: "nothing was changed",
            nextStep: "fix them (`\(Remedy.lint)` explains each), allow one with a `-- strata:allow RULE reason` comment, or pass \(Remedy.force)",
            problems: failing.map { "\($0.location): [\($0.rule)] \($0.message) — \($0.recipe)" as Advice })
    }

    /// Lint problems of a plan's steps for `validate`, judged as the gate judges them (its statements are split already).
    func lintProblems(_ plan: MigrationPlan) async throws -> [ValidationReport.Problem] {
        guard let report = try await judgedLint(plan.migrations, connection: nil, statements: plan.statements) else { return [] }
        return report.blocking.map(ValidationReport.Problem.init)
    }

    /// The lint report of `pending`, judged against the live database when a finding needs it.
    func judgedLint(
        _ pending: [Migration], connection: (any DatabaseConnection)?,
        statements: [String: [LocatedStatement]] = [:]
    ) async throws -> LintReport? {
        guard let linter, !pending.isEmpty else { return nil }
        // The migrations applied before the pending ones are read for what they declare (a
        // validated NOT NULL check, an index a foreign key uses), as `strata lint` of the directory would.
        let pendingIDs = Set(pending.map(\.id))
        let first = pending.compactMap(\.version).min()
        let applied = try await migrations().filter { migration in
            !pendingIDs.contains(migration.id) && migration.version.map { version in first.map { version < $0 } ?? true } == true
        }
        let context = LintUnit.units(applied).map { unit in
            var unit = unit
            unit.contextOnly = true
            return unit
        }
        let pass = try linter.examine(context + LintUnit.units(pending) { statements[Self.bodyKey($0, $0.up)] })
        let lookups = pass.lookups
        guard !lookups.isEmpty else { return pass.report(judgedBy: TableFacts()) }
        let facts: TableFacts
        if let connection {
            facts = await TableFactsReader.read(lookups, on: connection, logger: logger)
        } else {
            do {
                facts = try await withConnection(.readOnly) { await TableFactsReader.read(lookups, on: $0, logger: logger) }
            } catch let error as StrataError where error.code == .databaseMissing {
                // No database yet: every table is one the run creates.
                facts = TableFacts(tables: Dictionary(uniqueKeysWithValues: lookups.tables.map { ($0, .missing) }))
            }
        }
        return pass.report(judgedBy: facts)
    }
}

extension ValidationReport.Problem {
    /// A lint finding as a validation problem.
    package init(_ finding: LintFinding) {
        self.init(
            migration: FileSystem.lastComponent(finding.location.file), message: "[\(finding.rule)] \(finding.message)",
            location: finding.location, nextStep: finding.recipe)
    }
}
