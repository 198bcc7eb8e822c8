import ArgumentParser
import StrataTransfer
import Strata

/// `strata transfer`: SQLite → PostgreSQL, verified.
struct TransferCommand: StrataSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "transfer",
        abstract: "Move an SQLite database into PostgreSQL, and verify every table on both sides.",
        discussion: """
            Types are decided per column from the declared type and the values stored (see --dry-run). Tables are \
            created and loaded with COPY from one snapshot, then keys, indexes, foreign keys, checks and views; \
            finally each table's row count and content digest are compared on both sides. Checks, defaults, index \
            expressions, views and triggers (as PL/pgSQL functions) are translated to PostgreSQL (names in any SQLite \
            spelling, SQLite functions and operators); what does not translate is listed and the exit status is 1. \
            The target must not \
            have the tables already. Each table is created and loaded in one transaction and recorded in \
            strata_transfer_log: an interrupted transfer, run again, resumes at the first unfinished table; --undo \
            removes exactly what was recorded.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: "The SQLite database to read (sqlite:path); not needed by --undo.")
    var from: String?

    @Option(help: "The PostgreSQL database to write (postgres://…).")
    var to: String?

    @Flag(help: "Print the plan (types, reasons, target DDL) and change nothing.")
    var dryRun = false

    @Flag(help: "Remove everything the recorded transfer created on --to (tables, their keys and indexes, views), then its log.")
    var undo = false

    @Flag(help: "Only compare the two sides again (row counts and content digests); change nothing.")
    var verify = false

    @Option(help: "Values PostgreSQL cannot hold (NUL in text): widen makes the column bytea; reject leaves those rows out and lists them.")
    var onUnfit = UnfitValuePolicy.widen

    @Flag(help: "Leave the views out (an explicit choice: the transfer can then succeed without them).")
    var skipViews = false

    @Flag(help: "Leave the triggers out (an explicit choice: the transfer can then succeed without them).")
    var skipTriggers = false

    @Flag(help: "Create the tables, keys, indexes, views and triggers, and load no rows.")
    var schemaOnly = false

    @Flag(help: "Load the rows into the tables that already exist on --to (made by the application's migrations), matched by name.")
    var dataOnly = false

    @Option(help: "With --data-only: a renamed table or column, OLD=NEW or TABLE.OLD=NEW (repeat for each).")
    var map: [String] = []

    @Flag(help: "Show what the recorded transfer on --to did and what a run would still do; change nothing.")
    var status = false

    func validate() throws {
        if [undo, verify, dryRun, status].filter({ $0 }).count > 1 { throw ValidationError("--undo, --verify, --dry-run and --status exclude each other.") }
        if to == nil {
            throw ValidationError(
                undo
                    ? "--undo needs --to postgres://…: the database the transfer wrote to."
                    : "Give --to postgres://…, the PostgreSQL database \(verify || status ? "the transfer wrote to" : "to write"), and --from sqlite:PATH, the SQLite database to read.")
        }
        if from == nil, !undo {
            let mode = verify ? "--verify compares both sides, so it" : status ? "--status compares with the source, so it" : dryRun ? "--dry-run plans from the source, so it" : "The transfer"
            throw ValidationError("\(mode) needs --from sqlite:PATH, the SQLite database to read.")
        }
        if schemaOnly && dataOnly { throw ValidationError("--schema-only and --data-only exclude each other: leave both out for the whole transfer.") }
        if !map.isEmpty && !dataOnly { throw ValidationError("--map renames tables and columns for --data-only.") }
        if let bad = map.first(where: { $0.split(separator: "=", omittingEmptySubsequences: false).count != 2 || $0.hasPrefix("=") || $0.hasSuffix("=") }) {
            throw ValidationError("--map '\(bad)' is not OLD=NEW (e.g. --map users.mail=email).")
        }
    }

    /// `--map` as SQLite name → PostgreSQL name.
    var renames: [String: String] {
        Dictionary(
            map.map { entry in
                let parts = entry.split(separator: "=", maxSplits: 1)
                return (String(parts[0]), String(parts[1]))
            }, uniquingKeysWith: { _, last in last })
    }

    func execute(_ context: CommandContext) async throws -> Int32 {
        let target = try context.resolvedURL(to ?? "", option: "--to")
        // --undo reads only what the log on --to recorded; with no --from the source end is a
        // placeholder that nothing opens.
        let source = try from.map { try context.resolvedURL($0, option: "--from") } ?? DatabaseURL(parsing: "sqlite::memory:")
        if let refusal = Transfer.refusal(from: source, to: target, spell: \.commandLine) { throw refusal }
        let transfer = try Transfer(from: source, to: target, logger: context.logger)
        if undo {
            let removed = try await transfer.undo()
            try context.emit(Removed(removed: removed))
            return 0
        }
        let plan: TransferPlan
        do {
            let mode: TransferPlan.Mode = schemaOnly ? .schemaOnly : dataOnly ? .dataOnly : .full
            plan = try await transfer.plan(unfit: onUnfit, skipViews: skipViews, skipTriggers: skipTriggers, mode: mode, map: renames)
        } catch var error as StrataError where error.code == .databaseMissing {
            error.nextStep = "check --from: it must name an existing SQLite file"
            throw error
        }
        if dryRun {
            try context.emit(plan)
            return 0
        }
        if status {
            try context.emit(try await transfer.status(plan))
            return 0
        }
        let printer = TransferPrinter(context: context)
        let report = verify ? try await transfer.verify(plan, progress: printer.handler) : try await transfer.run(plan, progress: printer.handler)
        context.console.status(nil)
        try context.emit(report)
        return report.succeeded ? 0 : 1
    }

    /// What `transfer --undo` prints.
    struct Removed: CommandOutput, Encodable {
        let removed: [String]

        func write(to text: inout CommandText) {
            text.line("removed \(counted(removed.count, "object")) the transfer created: \(removed.joined(separator: ", "))")
        }
    }
}
