import ArgumentParser
import Strata

/// `strata drift`: the live schema next to what the applied migrations produce.
struct DriftCommand: StrataSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "drift",
        abstract: "Compare the live schema with what the applied migrations produce: exit 0 when equal, 1 on drift.",
        discussion: """
            The applied migrations are replayed, as their files are now, on a scratch database (SQLite: in \
            memory; PostgreSQL: a temporary database on the same server, or the empty database \
            --dev-database names, emptied after), holding the migration lock so a \
            migration in flight is not reported. The differences are listed with the SQL that would bring \
            the live schema back; --format json and sarif are for CI.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, sarif
    }

    @OptionGroup var global: GlobalOptions

    @Option(help: "Output format (sarif: SARIF 2.1.0 for code scanning).")
    var format: Format = .text

    @Option(name: .customLong("ignore"), help: ArgumentHelp("Leave objects of this kind alone instead of refusing (domain, policy, rule…); repeatable.", valueName: "kind"))
    var ignored: [String] = []

    @Option(
        help: ArgumentHelp(
            "PostgreSQL: an empty database to replay the migrations in instead of a temporary one (no CREATEDB needed); emptied after.",
            valueName: "url"))
    var devDatabase: String?

    func execute(_ context: CommandContext) async throws -> Int32 {
        let settings = try context.settings()
        let dev = try devDatabase.map { try context.resolvedURL($0, option: "--dev-database") }
        let drift = try await context.withStrata(settings) { try await $0.drift(ignoring: Set(ignored), devDatabase: dev) }
        let made = drift.replayed == 1 ? "the applied migration produces" : "the \(drift.replayed) applied migrations produce"
        switch context.global.json ? .json : format {
        case .json: try context.printJSON(drift)
        case .sarif: context.console.line(try drift.sarif())
        case .text:
            for name in drift.modified { context.console.errorLine("warning: \(name) changed since it was applied; replayed as it is now") }
            if drift.hasDrift {
                context.console.line("The live schema differs from what \(made):")
                for difference in drift.differences { context.console.line("  \(difference)") }
                context.console.line("")
                context.console.line("SQL that brings the live schema back (review it; or write a migration for the change):")
                context.console.line(String(drift.reconcile.script().dropLast()))
            } else if !context.global.quiet {
                context.console.line("No drift: the live schema is what \(made).")
            }
        }
        return drift.hasDrift ? 1 : 0
    }
}
