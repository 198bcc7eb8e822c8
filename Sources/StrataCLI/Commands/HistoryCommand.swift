import ArgumentParser
import Strata

/// `strata history`: the event log.
struct HistoryCommand: StrataSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Show the event log: every up, down, baseline, repair and failure, newest first.")

    @OptionGroup var global: GlobalOptions

    @Option(parsing: .unconditional, help: "Show at most this many events.")
    var limit: Int = 50

    func validate() throws {
        if limit < 1 { throw ValidationError("--limit must be 1 or more.") }
    }

    func execute(_ context: CommandContext) async throws -> Int32 {
        let settings = try context.settings()
        let events = try await context.withStrata(settings) { try await $0.events(limit: limit) }
        try context.emit(HistoryOutput(events: events))
        return 0
    }
}

/// What `history` prints.
struct HistoryOutput: CommandOutput {
    let events: [HistoryEvent]

    var document: [String: [HistoryEvent]] { ["events": events] }

    func write(to text: inout CommandText) {
        guard !events.isEmpty else {
            text.line("No events yet.")
            return
        }
        var table = TextTable()
        table.add(["AT", "ACTION", "MIGRATION", "OUTCOME", "DURATION", "BY", "DETAIL"])
        for event in events {
            let migration = [event.key.flatMap { $0.hasPrefix("repeatable:") ? nil : $0 }, event.description].compactMap { $0 }.joined(separator: "_")
            table.add([
                event.at, event.action.rawValue, migration, event.outcome, event.durationMilliseconds.map { "\($0) ms" } ?? "",
                event.actor, event.detail.map { String($0.prefix(120)) } ?? "",
            ])
        }
        for line in table.render() { text.line(line) }
    }
}
