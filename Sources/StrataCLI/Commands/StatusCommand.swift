import ArgumentParser
import Strata

/// `strata status`: every migration with its state.
struct StatusCommand: StrataSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show every migration: applied, pending, failed, modified, missing, out of order.")

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Exit 1 when anything is pending, failed or modified.")
    var exitCode = false

    func execute(_ context: CommandContext) async throws -> Int32 {
        let settings = try context.settings()
        let (report, url) = try await context.withStrata(settings) { strata in (try await strata.status(), strata.url) }
        let attention: Set<MigrationStatus.State> = [.pending, .outOfOrder, .outdated, .failed, .modified, .missing, .renamed]
        let needsAttention = report.entries.contains { attention.contains($0.state) }
        try context.emit(StatusOutput(report: report, migrationsDirectory: settings.migrationsDirectory, url: url))
        return exitCode && needsAttention ? 1 : 0
    }
}

/// What `status` prints.
struct StatusOutput: CommandOutput {
    let report: StatusReport
    let migrationsDirectory: String
    let url: DatabaseURL

    var document: StatusDocument { StatusDocument(report: report, migrationsDirectory: migrationsDirectory) }

    func write(to text: inout CommandText) {
        let style = text.style
        text.line("Database:   \(report.database)")
        if text.verbose, case .postgres(let url) = url {
            text.line("TLS:        sslmode=\(url.sslMode.rawValue)" + (url.sslRootCert.map { ", sslrootcert=\($0)" } ?? ""))
        }
        text.line("Migrations: \(migrationsDirectory)")
        text.line("")
        guard !report.entries.isEmpty else {
            text.line("No migrations yet. Create one with `strata new NAME`.")
            return
        }
        var table = TextTable()
        table.add(["STATE", "VERSION", "DESCRIPTION", "APPLIED AT", "DURATION"])
        for entry in report.entries {
            table.add([
                entry.state.rawValue, entry.version ?? "(repeatable)", entry.description,
                entry.appliedAt ?? "", entry.executionMilliseconds.map { "\($0) ms" } ?? "",
            ])
        }
        for (index, line) in table.render(indent: "  ").enumerated() {
            guard index > 0 else {
                text.line(style.bold(line))
                continue
            }
            let state = report.entries[index - 1].state
            switch state {
            case .applied, .baseline, .belowBaseline: text.line(line)
            case .pending, .outdated: text.line(style.yellow(line))
            default: text.line(style.red(line))
            }
        }
        text.line("")
        var summary = "\(report.appliedCount) applied, \(report.pendingCount) pending"
        if !report.issues.isEmpty { summary += ", \(report.issues.count) to resolve" }
        text.line(summary + (report.currentVersion.map { "; database at version \($0)." } ?? "."))
        for issue in report.issues {
            text.line(style.red("  ! \(issue)"))
            text.line("    next: \(issue.nextStep.commandLine)")
        }
        // A failed migration's error, unless its issue above says it already.
        for entry in report.entries where entry.state == .failed {
            guard let detail = entry.detail, !report.issues.contains(where: { $0.migration == entry.name && $0.message.contains(detail) }) else { continue }
            text.line("  \(entry.name): \(detail)")
        }
        let running = report.backfills.filter { $0.finishedAt == nil }
        guard !running.isEmpty else { return }
        text.line("")
        text.line(style.bold("Backfills under way (migrate goes on after the last committed batch):"))
        for backfill in running {
            let name = report.entries.first { $0.version == backfill.key }?.name ?? backfill.key
            var line = "  \(name): \(backfill.rows) rows of \(backfill.table) in \(backfill.batches) batches"
            line += backfill.lastKey.map { ", \(backfill.keyColumn) up to \($0)" } ?? ""
            line += ", last batch at \(backfill.updatedAt)"
            text.line(backfill.error == nil ? line : style.yellow(line))
            if let error = backfill.error { text.line(style.red("    last batch failed: \(error)")) }
        }
    }
}

/// The JSON document of `status`.
struct StatusDocument: Encodable {
    let database: String
    let migrationsDirectory: String
    let currentVersion: String?
    let applied: Int
    let pending: Int
    let migrations: [MigrationStatus]
    let issues: [ValidationIssue]
    let backfills: [StatusReport.Backfill]

    init(report: StatusReport, migrationsDirectory: String) {
        database = report.database
        self.migrationsDirectory = migrationsDirectory
        currentVersion = report.currentVersion
        applied = report.appliedCount
        pending = report.pendingCount
        migrations = report.entries
        issues = report.issues
        backfills = report.backfills
    }
}
