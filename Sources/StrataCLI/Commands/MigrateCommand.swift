import ArgumentParser
import Strata

/// `strata migrate`: applies pending migrations.
struct MigrateCommand: StrataSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply pending migrations, each in its own transaction with its history row.")

    @OptionGroup var global: GlobalOptions

    @Option(name: MigrateFlags.Spelling.to.names, help: "Apply up to and including this version.")
    var to: String?

    @Flag(name: MigrateFlags.Spelling.dryRun.names, help: "Print the exact SQL, with transaction boundaries, and change nothing.")
    var dryRun = false

    @Flag(name: MigrateFlags.Spelling.singleTransaction.names, help: "Apply all pending migrations in one transaction: all or nothing.")
    var singleTransaction = false

    @Flag(name: MigrateFlags.Spelling.allowOutOfOrder.names, help: "Apply a pending migration whose version is below one already applied.")
    var allowOutOfOrder = false

    @Flag(name: MigrateFlags.Spelling.force.names, help: "Apply even when lint or the preflight checks find errors (recorded in the event log).")
    var force = false

    @Flag(name: MigrateFlags.Spelling.safe.names, help: "Preflight checks, a verified backup, post-checks and a restore on failure (default in the production environment).")
    var safe = false

    @Option(name: MigrateFlags.Spelling.metricsFile.names, help: MetricsFileOption.help)
    var metricsFile: String?

    var flags: MigrateFlags {
        MigrateFlags(
            to: to, dryRun: dryRun, singleTransaction: singleTransaction, allowOutOfOrder: allowOutOfOrder, force: force, safe: safe,
            metricsFile: metricsFile)
    }

    func execute(_ context: CommandContext) async throws -> Int32 {
        try await Self.migrate(context, flags)
    }

    static func migrate(_ context: CommandContext, _ flags: MigrateFlags) async throws -> Int32 {
        try await context.metered("migrate", to: flags.metricsFile) { metrics in
            let settings = try context.settings()
            metrics.database = (try? context.databaseURL(settings).redacted) ?? ""
            let target = try flags.to.map { try Versions.parse($0, option: "--to") }
            let options = MigrateOptions(
                target: target, dryRun: flags.dryRun, singleTransaction: flags.singleTransaction,
                allowOutOfOrder: flags.allowOutOfOrder, force: flags.force)
            if flags.safe || settings.safety.safeMode {
                return try await SafeMigratePrinter.migrate(context, settings: settings, options: options)
            }
            let measured = flags.metricsFile != nil && !flags.dryRun
            let report = try await context.withStrata(settings) { strata in
                do {
                    let report = try await strata.migrate(options)
                    if measured { metrics.add(status: try await strata.status()) }
                    return report
                } catch {
                    // Where the database stands after a failure is what the alert wants to know.
                    if measured, let status = try? await strata.status() { metrics.add(status: status) }
                    throw error
                }
            }
            metrics.add(run: report, lockWait: context.meter.lockWait)
            try context.emit(RunOutput(report, as: .migrate, target: target))
            return 0
        }
    }
}

/// The options of `migrate`, as a plain value.
struct MigrateFlags: Sendable, Equatable {
    var to: String?
    var dryRun = false
    var singleTransaction = false
    var allowOutOfOrder = false
    var force = false
    var safe = false
    var metricsFile: String?

    /// How each option of `migrate` is spelled, for ArgumentParser and the boot fast path alike.
    enum Spelling {
        static let to = OptionSpelling<MigrateFlags>.option("to", \.to)
        static let dryRun = OptionSpelling<MigrateFlags>.flag("dry-run", \.dryRun)
        static let singleTransaction = OptionSpelling<MigrateFlags>.flag("single-transaction", \.singleTransaction)
        static let allowOutOfOrder = OptionSpelling<MigrateFlags>.flag("allow-out-of-order", \.allowOutOfOrder)
        static let force = OptionSpelling<MigrateFlags>.flag("force", \.force)
        static let safe = OptionSpelling<MigrateFlags>.flag("safe", \.safe)
        static let metricsFile = OptionSpelling<MigrateFlags>.option("metrics-file", \.metricsFile)
        static let all = [to, dryRun, singleTransaction, allowOutOfOrder, force, safe, metricsFile]
    }
}

/// Parses versions given on the command line.
enum Versions {
    static func parse(_ text: String, option: String) throws -> MigrationVersion {
        guard let version = MigrationVersion(text) else {
            throw StrataError(
                .usage, "\(option) '\(text)' is not a version", state: "nothing was changed",
                nextStep: "give digits, e.g. 20240101120000 or 3 (see `strata status`)")
        }
        return version
    }
}

/// What `migrate`, `rollback` and `redo` did; per-migration lines were printed as they happened.
struct RunOutput: CommandOutput {
    let document: MigrationRunReport
    let run: Run
    /// `migrate --to V`: nothing to do up to V says nothing of what waits above it.
    var target: MigrationVersion?

    /// The report of `run`, a dry run's script under its header.
    init(_ report: MigrationRunReport, as run: Run, target: MigrationVersion? = nil) {
        var report = report
        if report.dryRun, let script = report.script {
            report.script = run.dryRunHeader(report) + script
        }
        self.document = report
        self.run = run
        self.target = target
    }

    /// Which command ran: its words for the summary, and the header of its dry run's script.
    enum Run {
        case migrate, rollback, redo

        var verb: String {
            switch self {
            case .migrate: "Applied"
            case .rollback: "Rolled back"
            case .redo: "Redid"
            }
        }

        var nothing: String {
            switch self {
            case .migrate: "Nothing to migrate: the database is up to date."
            case .rollback: "Nothing to roll back."
            case .redo: "Nothing to redo."
            }
        }

        func dryRunHeader(_ report: MigrationRunReport) -> String {
            let count = report.steps.count
            return switch self {
            case .migrate, .redo: "-- strata migrate --dry-run: \(counted(count, "pending migration")) on \(report.database)\n"
            case .rollback: "-- strata rollback --dry-run: \(counted(count, "migration")) to undo on \(report.database)\n"
            }
        }
    }

    func write(to text: inout CommandText) {
        let report = document
        if report.dryRun {
            text.line(report.script ?? "")
        } else if report.steps.isEmpty, let target, case .migrate = run {
            text.line("Nothing to migrate up to version \(target) (`strata status` shows what is pending).")
        } else if report.steps.isEmpty {
            text.line(run.nothing)
        } else {
            let total = report.steps.reduce(0) { $0 + $1.milliseconds }
            let count = report.steps.count
            text.line("\(run.verb) \(counted(count, "migration")) in \(total) ms.")
        }
    }
}
