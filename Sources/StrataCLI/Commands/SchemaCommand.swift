import ArgumentParser
import Strata

/// `strata schema`: the live database's structure.
struct SchemaCommand: StrataSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the live database's schema: tables, columns, keys, constraints, indexes, views.",
        discussion: "Canonical and deterministic: the same schema always prints the same text. Strata's history tables are left out unless --include-history.")

    @OptionGroup var global: GlobalOptions

    @Option(help: "Output format: mermaid is an ER diagram, dot is Graphviz.")
    var format = SchemaFormat.sql

    @Flag(help: "Include Strata's history and event tables.")
    var includeHistory = false

    func execute(_ context: CommandContext) async throws -> Int32 {
        let settings = try context.settings()
        let schema = try await context.withStrata(settings) { try await $0.schema(includeHistory: includeHistory) }
        let chosen = context.global.json ? SchemaFormat.json : format
        context.console.line(try chosen.render(schema))
        return 0
    }
}
