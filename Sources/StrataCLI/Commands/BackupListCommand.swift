import ArgumentParser
import Strata

/// `strata backup list`.
struct BackupListCommand: StrataSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the backups of this database, newest first: id, kind, age, size, schema version, verified.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var location: BackupDirectoryOption

    @Flag(help: "Also list backups of other databases found in the directory.")
    var all = false

    struct Document: Encodable {
        let directory: String
        let backups: [BackupMetadata]
        let problems: [String]
        let abandoned: [String]
    }

    func execute(_ context: CommandContext) async throws -> Int32 {
        let (catalog, identity) = try await context.withBackups(location) { backups, _ in
            (try backups.catalog(), try backups.identity())
        }
        let shown = (all ? catalog.entries : catalog.entries(of: identity)).reversed().map(\.metadata)
        let document = Document(directory: catalog.directory, backups: shown, problems: catalog.problems, abandoned: catalog.abandoned)
        try context.emit(document) { show(shown, catalog: catalog, context: context) }
        return 0
    }

    private func show(_ shown: [BackupMetadata], catalog: BackupCatalog, context: CommandContext) {
        if shown.isEmpty {
            context.console.line("No backups\(all ? "" : " of this database") in \(catalog.directory).")
        } else {
            var table = TextTable()
            table.add(["ID", "KIND", "AGE", "SIZE", "SCHEMA", "ROWS", "VERIFIED"] + (all ? ["SOURCE"] : []))
            for metadata in shown {
                let verified = metadata.verifiedAt.map { _ in metadata.verifiedDeep == true ? "deep" : "yes" } ?? "no"
                table.add(
                    [
                        metadata.id, metadata.kind.rawValue, BackupText.age(metadata), ByteSize.format(metadata.size),
                        metadata.schemaVersion ?? "-", "\(metadata.totalRows)", verified,
                    ] + (all ? [metadata.source] : []))
            }
            for line in table.render() { context.console.line(line) }
        }
        for problem in catalog.problems { context.console.errorLine("warning: unreadable backup \(problem)") }
        for path in catalog.abandoned { context.console.errorLine("warning: \(path) is an interrupted backup; `strata backup prune` removes it") }
    }
}
