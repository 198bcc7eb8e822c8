import ArgumentParser
import Strata

/// `strata health`: one read-only check of the live database.
struct HealthCommand: StrataSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "health",
        abstract: "Check the live database, read-only: exit 0 healthy, 1 warnings, 2 errors (or it cannot be checked).",
        discussion: """
            Connectivity, integrity and foreign keys, size and free disk, migrations pending, failed or \
            modified, the newest verified backup's age, foreign keys without an index, duplicate and \
            redundant indexes; on SQLite fragmentation, tables never analyzed and the journal mode; on \
            PostgreSQL invalid indexes, constraints never validated, disabled triggers, connections, long \
            and idle-in-transaction sessions, blocked queries, transaction-ID wraparound, sequences near \
            their maximum, dead rows, cache hit ratio, replication lag and slots, unused indexes. \
            Thresholds: [health] in strata.toml. Nothing is written, not even statistics.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, prometheus, nagios
    }

    @OptionGroup var global: GlobalOptions

    @Flag(help: "SQLite: the thorough integrity_check instead of quick_check.")
    var full = false

    @Option(help: "Output format (prometheus: text exposition format; nagios: one line, exit 0/1/2/3).")
    var format: Format = .text

    @OptionGroup var metrics: MetricsFileOption

    func execute(_ context: CommandContext) async throws -> Int32 {
        let report: HealthReport
        do {
            report = try await context.metered("health", to: metrics.path) { metrics in
                let settings = try context.settings()
                metrics.database = (try? context.databaseURL(settings).redacted) ?? ""
                let report = try await context.withStrata(settings) { try await $0.health(full: full) }
                metrics.add(health: report)
                return report
            }
        } catch {
            let failure = StrataError.wrapping(error, code: .io)
            guard failure.code != .usage else { throw failure }
            // A database that cannot be checked is unhealthy: 2 (an error), and for a Nagios
            // plugin UNKNOWN (3), on one line like the others.
            guard format == .nagios else {
                StrataMain.report(failure, context: context)
                return 2
            }
            context.console.line("HEALTH UNKNOWN - " + failure.summary.replacingOccurrences(of: "|", with: "/"))
            return 3
        }
        switch global.json ? .json : format {
        case .prometheus: context.console.line(String(report.prometheus().dropLast()))
        case .nagios: context.console.line(report.nagios())
        case .json: try context.printJSON(report)
        case .text: try context.emit(HealthOutput(report: report))
        }
        return report.exitCode
    }
}

/// What `health` prints as text.
struct HealthOutput: CommandOutput {
    let report: HealthReport

    var document: HealthReport { report }
    /// A quiet run still shows what is wrong.
    var showsWhenQuiet: Bool { report.status != .ok }

    func write(to text: inout CommandText) {
        let style = text.style
        if !text.quiet, let database = report.database { text.line("Database: \(database)") }
        let shown = text.quiet ? HealthReport(checks: report.checks.filter { $0.status != .ok }) : report
        for line in SafeMigratePrinter.lines(shown, style: style) { text.line(line) }
        for note in report.skipped where !text.quiet { text.line("  not checked: \(note)") }
        let summary = "\(counted(report.checks.filter { $0.status == .ok }.count, "check")) ok, \(counted(report.warnings.count, "warning")), \(counted(report.errors.count, "error"))"
        text.line(report.status == .ok ? style.green("Healthy: " + summary + ".") : report.status == .warning ? style.yellow(summary + ".") : style.red(summary + "."))
    }
}
