import ArgumentParser
import Synchronization
import Strata

/// `strata optimize`: index and maintenance advice with the fix.
struct OptimizeCommand: StrataSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "optimize",
        abstract: "Propose the fixes for what health finds: indexes as a migration, VACUUM/ANALYZE on request.",
        discussion: """
            An index for each foreign key without one; dropping duplicate, redundant and (PostgreSQL, on \
            old-enough statistics) unused indexes, each with its exact undo; VACUUM where rows are dead or \
            the SQLite file is fragmented; ANALYZE where statistics are missing. Index changes are never \
            applied here: --write NAME writes them as a migration (CREATE INDEX CONCURRENTLY in a \
            transaction=false section on PostgreSQL). --apply runs the maintenance, a line per table.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: "Write the index changes as migrations/<UTC timestamp>_<name>.sql.")
    var write: String?

    @Flag(help: "Run the maintenance (VACUUM, ANALYZE) now, each outside any transaction.")
    var apply = false

    func validate() throws {
        if let write, MigrationFiles.slug(write).isEmpty { throw ValidationError("The name needs at least one letter or digit.") }
    }

    func execute(_ context: CommandContext) async throws -> Int32 {
        let settings = try context.settings()
        let console = context.console
        let (quiet, json) = (global.quiet, global.json)
        let output = try await context.withStrata(settings) { strata in
            if write != nil {
                // The fixes are read from the live schema: pending migrations (an earlier --write
                // among them) would change it, and the same fix be written twice.
                let pending = try await strata.status().pendingCount
                guard pending == 0 else {
                    throw StrataError(
                        .validation, "\(pending) migration\(pending == 1 ? " is" : "s are") pending: the fixes would be planned against a schema they change",
                        state: "nothing was written", nextStep: "apply them first (`strata migrate`), then run `strata optimize --write` again")
                }
            }
            var output = OptimizeOutput(fixes: try await strata.optimize())
            if let write, let body = HealthReport.Fix.migration(output.fixes) {
                output.written = try MigrationFiles.create(directory: settings.migrationsDirectory, name: write, body: body)
            }
            if apply {
                let done = Mutex<[OptimizeOutput.Applied]>([])
                let total = output.fixes.filter(\.isMaintenance).count
                do {
                    output.reclaimed = try await strata.runMaintenance(output.fixes) { fix, reclaimed, took in
                        let count = done.withLock { applied in
                            applied.append(OptimizeOutput.Applied(statement: fix.up, seconds: took.seconds, reclaimed: reclaimed))
                            return applied.count
                        }
                        // A long VACUUM shows it moves; the lines come in order with the rest below.
                        if !quiet, !json { console.status("maintenance: \(count) of \(total) done (\(fix.up))") }
                    }
                    console.status(nil)
                } catch var error as StrataError {
                    console.status(nil)
                    // What already ran stays done: say which.
                    let ran = done.withLock { $0.map(\.statement) }
                    let before = ran.isEmpty ? "no maintenance statement ran before it" : "ran before it: \(ran.joined(separator: " "))"
                    error.state = [error.state, before].compactMap { $0 }.joined(separator: "; ")
                    throw error
                }
                output.applied = done.withLock { $0 }
            }
            return output
        }
        try context.emit(output)
        return 0
    }
}

/// What `optimize` prints.
struct OptimizeOutput: CommandOutput, Encodable {
    var fixes: [HealthReport.Fix]
    /// The migration written with `--write`.
    var written: String?
    /// Bytes the maintenance reclaimed with `--apply`.
    var reclaimed: Int64?
    /// Each maintenance statement `--apply` ran, in order.
    var applied: [Applied]?

    struct Applied: Encodable {
        let statement: String
        let seconds: Double
        let reclaimed: Int64
    }

    func write(to text: inout CommandText) {
        guard !fixes.isEmpty else {
            text.line("Nothing to optimize.")
            return
        }
        let changes = fixes.filter { !$0.isMaintenance }
        let maintenance = fixes.filter(\.isMaintenance)
        if !changes.isEmpty {
            text.line(text.style.bold("Index changes") + " (a migration: --write NAME):")
            for fix in changes {
                text.line("  \(fix.kind.rawValue) \(fix.object): \(fix.reason)")
                text.line("    \(fix.up)")
                if let down = fix.down { text.line("    undo: \(down)") }
            }
        }
        if let applied, !applied.isEmpty {
            text.line(text.style.bold("Maintenance") + " (run):")
            for (fix, run) in zip(maintenance, applied) {
                let freed = run.reclaimed > 0 ? "\(run.reclaimed) bytes reclaimed" : "nothing reclaimed"
                text.line("  \(run.statement)  -- \(fix.object): \(fix.reason); \(String(format: "%.2f", run.seconds)) s, \(freed)")
            }
        } else if !maintenance.isEmpty {
            text.line(text.style.bold("Maintenance") + " (run with --apply):")
            for fix in maintenance { text.line("  \(fix.up)  -- \(fix.object): \(fix.reason)") }
        }
        if let written { text.line("Wrote \(written) (\(counted(changes.count, "index change"))); review it, then migrate.") }
        if let reclaimed { text.line("Maintenance done: \(counted(maintenance.count, "statement")), \(reclaimed) bytes reclaimed.") }
    }
}
