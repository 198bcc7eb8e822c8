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

    @Option(help: "The SQLite database to read (sqlite:path).")
    var from: String

    @Option(help: "The PostgreSQL database to write (postgres://…).")
    var to: String

    @Flag(help: "Print the plan (types, reasons, target DDL) and change nothing.")
    var dryRun = false

    @Flag(help: "Remove everything the recorded transfer created on --to (tables, their keys and indexes, views), then its log.")
    var undo = false

    @Flag(help: "Only compare the two sides again (row counts and content digests); change nothing.")
    var verify = false

    @Option(help: "Values PostgreSQL cannot hold (NUL in text): widen (the column becomes bytea) or reject (the rows are listed, not copied).")
    var onUnfit = UnfitValuePolicy.widen

    @Flag(help: "Leave the views out (an explicit choice: the transfer can then succeed without them).")
    var skipViews = false

    @Flag(help: "Leave the triggers out (an explicit choice: the transfer can then succeed without them).")
    var skipTriggers = false

    func validate() throws {
        if [undo, verify, dryRun].filter({ $0 }).count > 1 { throw ValidationError("--undo, --verify and --dry-run exclude each other.") }
    }

    func execute(_ context: CommandContext) async throws -> Int32 {
        let source = try context.resolvedURL(from, option: "--from")
        let target = try context.resolvedURL(to, option: "--to")
        if let refusal = Transfer.refusal(from: source, to: target, spell: \.commandLine) { throw refusal }
        let transfer = try Transfer(from: source, to: target, logger: context.logger)
        if undo {
            let removed = try await transfer.undo()
            try context.emit(Removed(removed: removed))
            return 0
        }
        let plan: TransferPlan
        do {
            plan = try await transfer.plan(unfit: onUnfit, skipViews: skipViews, skipTriggers: skipTriggers)
        } catch var error as StrataError where error.code == .databaseMissing {
            error.nextStep = "check --from: it must name an existing SQLite file"
            throw error
        }
        if dryRun {
            try context.emit(plan)
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
            text.line("removed \(removed.count) object\(removed.count == 1 ? "" : "s") the transfer created: \(removed.joined(separator: ", "))")
        }
    }
}
