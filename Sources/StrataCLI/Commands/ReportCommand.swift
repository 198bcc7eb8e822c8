import ArgumentParser
import Foundation
import Strata

/// `strata report`: one page about the database and its migrations.
struct ReportCommand: StrataSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write one self-contained HTML page: status, history, lint, health, drift and the schema's diagram.",
        discussion: "The page works offline and fetches nothing: open it from a CI artifact. --json prints the same report as JSON.")

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("Where to write the HTML page.", valueName: "file"))
    var html: String?

    func validate() throws {
        if html == nil, !global.json { throw ValidationError("Give --html FILE (or --json for the report as JSON).") }
    }

    func execute(_ context: CommandContext) async throws -> Int32 {
        let report = try await context.withStrata(try context.settings()) { await $0.report() }
        if let html {
            do {
                try Data(report.html().utf8).write(to: URL(fileURLWithPath: html), options: .atomic)
            } catch {
                throw StrataError(
                    .io, "cannot write the report to \(html): \(error.localizedDescription)", state: "nothing was changed",
                    nextStep: "give a writable path to --html")
            }
        }
        if context.global.json {
            try context.printJSON(report)
        } else if context.printsText, let html {
            let parts = report.unavailable.keys.sorted()
            let missing = parts.isEmpty ? "" : " (without \(parts.joined(separator: ", ")): \(report.unavailable.values.first ?? ""))"
            context.console.line("Wrote \(html): \(counted(report.schema?.tables.count ?? 0, "table"))\(missing).")
        }
        return 0
    }
}
