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
        try context.emit(Output(document: document, all: all))
        return 0
    }

    /// What `backup list` prints.
    struct Output: CommandOutput {
        let document: Document
        let all: Bool

        func write(to text: inout CommandText) {
            if document.backups.isEmpty {
                text.line("No backups\(all ? "" : " of this database") in \(document.directory).")
            } else {
                var table = TextTable()
                table.add(["ID", "KIND", "AGE", "SIZE", "SCHEMA", "ROWS", "VERIFIED"] + (all ? ["SOURCE"] : []))
                for metadata in document.backups {
                    let verified = metadata.verifiedAt.map { _ in metadata.verifiedDeep == true ? "deep" : "yes" } ?? "no"
                    table.add(
                        [
                            metadata.id, metadata.kind.rawValue, BackupText.age(metadata), ByteSize.format(metadata.size),
                            metadata.schemaVersion ?? "-", "\(metadata.totalRows)", verified,
                        ] + (all ? [metadata.source] : []))
                }
                for line in table.render() { text.line(line) }
            }
            for problem in document.problems { text.warning("warning: unreadable backup \(problem)") }
            for path in document.abandoned { text.warning("warning: \(path) is an interrupted backup; `strata backup prune` removes it") }
        }
    }
}
