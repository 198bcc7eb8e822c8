import ArgumentParser
import Strata

/// `strata repair`: resolves a failed migration explicitly, or realigns checksums.
struct RepairCommand: StrataSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "repair",
        abstract: "Resolve a failed migration (--mark-applied or --forget), or realign checksums after an intended edit.",
        discussion: "Every repair is recorded in the event log.")

    @OptionGroup var global: GlobalOptions

    @Flag(help: "The failed migration (or the pending VERSION) was finished by hand: record it as applied without running it.")
    var markApplied = false

    @Flag(help: "Remove the migration from the history, so `migrate` runs it again (or forgets a deleted file).")
    var forget = false

    @Flag(help: "Record the current checksums and names of applied files.")
    var realignChecksums = false

    @Argument(help: "The version to repair (default: the one failed migration).")
    var version: String?

    func validate() throws {
        let chosen = [markApplied, forget, realignChecksums].filter { $0 }.count
        if chosen != 1 { throw ValidationError("Choose exactly one of --mark-applied, --forget or --realign-checksums.") }
        if realignChecksums, version != nil { throw ValidationError("--realign-checksums takes no version.") }
    }

    func execute(_ context: CommandContext) async throws -> Int32 {
        let settings = try context.settings()
        let action: RepairAction = markApplied ? .markApplied(version: version) : (forget ? .forget(version: version) : .realignChecksums)
        let report = try await context.withStrata(settings) { try await $0.repair(action) }
        try context.emit(report)
        return 0
    }
}
