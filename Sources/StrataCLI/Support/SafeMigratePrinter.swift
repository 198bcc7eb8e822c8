import Strata

/// `strata migrate --safe`: each step printed as it happens.
enum SafeMigratePrinter {
    static func migrate(_ context: CommandContext, settings: StrataSettings, options: MigrateOptions) async throws -> Int32 {
        let text = context.printsText
        let console = context.console
        let style = context.style
        let report = try await context.withStrata(settings) { strata in
            try await strata.migrateSafely(options) { step in
                switch step {
                case .preflight(let preflight):
                    guard text else { return }
                    console.line("Preflight:")
                    for line in lines(preflight, style: style) { console.line(line) }
                case .backedUp(let entry, _):
                    if text { console.line("Backup \(entry.id): \(BackupText.summary(entry.metadata)), verified") }
                case .postChecks(let checks):
                    if text {
                        console.line(
                            "Post-checks: " + (checks.passed ? style.green("ok") : style.red("failed"))
                                + " (" + checks.checks.map(\.name).joined(separator: ", ") + ")")
                    }
                case .restored(let id):
                    if !context.global.quiet { console.errorLine("Restored the pre-migrate backup \(id).") }
                }
            }
        }
        try context.emit(Output(safe: report, target: options.target))
        return 0
    }

    /// What `migrate --safe` prints at the end.
    struct Output: CommandOutput, Encodable {
        let safe: SafeMigrationReport
        var target: MigrationVersion?

        private enum CodingKeys: String, CodingKey { case safe }

        func write(to text: inout CommandText) {
            for problem in safe.forced { text.warning("warning: preflight error passed over with --force: \(problem)") }
            if let run = safe.run { RunOutput(run, as: .migrate, target: target).write(to: &text) }
            if let post = safe.postBackup { text.line("Post-migrate backup \(post).") }
        }
    }

    static func lines(_ report: HealthReport, style: Style) -> [String] {
        var table = TextTable()
        for check in report.checks {
            let status = check.status == .ok ? style.green("ok") : (check.status == .warning ? style.yellow("warning") : style.red("error"))
            let name = check.name + (check.object.map { " " + $0 } ?? "")
            table.add(["  " + status, name, check.value + (check.threshold.map { " (threshold \($0))" } ?? "")])
        }
        var lines = table.render()
        for check in report.checks where check.status != .ok {
            if let advice = check.advice { lines.append("    \(check.name)\(check.object.map { " " + $0 } ?? ""): \(advice.commandLine)") }
        }
        return lines
    }
}
