import ArgumentParser
import Strata

/// `strata adopt`: carries another tool's history over.
struct AdoptCommand: StrataSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "adopt",
        abstract: "Record the migrations another tool applied as applied, reading its history table (which stays as it is).",
        discussion: """
            TOOL is one of: \(AdoptionSource.allCases.map(\.rawValue).joined(separator: ", ")). Each applied row is mapped to a \
            migration file Strata reads and recorded as applied (kind adopted, the tool's own time where it has one). Refused, \
            changing nothing, when the tool's history is dirty or unfinished, an applied row has no file, or Strata's history \
            already holds other rows; adopting again changes nothing. For tools whose migrations are code (alembic, rails, \
            knex, django, and grdb or fluent without SQL files), --write-baseline writes the live schema as the first migration, \
            proven on a scratch database, and records it as applied.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(name: .customLong("from"), help: "The tool whose history to carry over.")
    var tool: AdoptionSource

    @Option(help: "Its history table, when not the tool's default (schema.table names a schema).")
    var table: String?

    @Option(help: "Write the live schema as the first migration, <UTC timestamp>_<NAME>.sql, and record it as applied.")
    var writeBaseline: String?

    @Flag(help: "Print the mapping and change nothing.")
    var dryRun = false

    func validate() throws {
        if let writeBaseline, writeBaseline.allSatisfy({ !($0.isLetter || $0.isNumber) }) {
            throw ValidationError("--write-baseline needs a name with a letter or digit, e.g. --write-baseline initial_schema.")
        }
    }

    func execute(_ context: CommandContext) async throws -> Int32 {
        let settings = try context.settings()
        let options = AdoptOptions(
            source: tool, table: table, dryRun: dryRun,
            baseline: writeBaseline.map { ($0, settings.migrationsDirectory) })
        let report = try await context.withStrata(settings) { try await $0.adopt(options) }
        try context.emit(report)
        return 0
    }
}
