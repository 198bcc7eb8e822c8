import ArgumentParser
import Strata

/// `strata test`: each migration applied, undone and applied again on a scratch database.
struct TestCommand: StrataSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Apply, undo and apply again each pending migration on a scratch database: exit 1 when a down does not undo its up.",
        discussion: """
            Never touches the database itself: the applied migrations are replayed on a scratch database \
            (SQLite: in memory; PostgreSQL: a temporary database on the same server), then each pending \
            one — every one with --all, from an empty database — is applied, its down run and the schema \
            compared with the one before (each object left behind or taken away is named), and applied \
            again. --format junit writes JUnit XML for CI.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, junit
    }

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Test every migration from an empty database, not only the pending ones.")
    var all = false

    @Option(help: "Output format (junit: JUnit XML).")
    var format: Format = .text

    @Option(parsing: .unconditional, help: "Put N synthetic rows in each empty table before each migration (keys, types and simple checks respected).")
    var rows: Int = 0

    @Flag(help: "PostgreSQL: run readers and writers on the tables each migration names while it runs, and report how long they waited.")
    var load = false

    @Option(help: "With --load: a wait longer than this (200ms, 2s) fails the migration.")
    var maxWait: String?

    @Option(help: "Test the pending migrations on a backup restored into the scratch database: its id, a unique prefix, its path, or 'latest'.")
    var shadow: String?

    @OptionGroup var location: BackupDirectoryOption

    func validate() throws {
        if shadow != nil, all { throw ValidationError("--shadow tests what the backup has not applied; leave --all out.") }
        guard rows >= 0 else { throw ValidationError("--rows takes a number of rows, 0 or more.") }
        if let maxWait, SettingValue.duration(maxWait) == nil { throw ValidationError("--max-wait takes a duration: 200ms, 2s.") }
        if maxWait != nil, !load { throw ValidationError("--max-wait goes with --load.") }
    }

    func execute(_ context: CommandContext) async throws -> Int32 {
        let run: MigrationRunReport.TestRun
        do {
            let settings = try context.settings()
            run = try await context.withStrata(settings) {
                try await $0.test(
                    all: all, rows: rows, load: load, maxWait: maxWait.flatMap(SettingValue.duration),
                    shadow: shadow.map { $0 == "latest" ? .latest : .id($0) }, backupDirectory: location.directory)
            }
        } catch let error as StrataError where format == .junit && !context.global.json {
            // A CI job that keeps stdout as its report gets one that says why, then the error.
            context.console.line(String(MigrationRunReport.TestRun.junit(error: error, text: error.commandLine).dropLast()))
            throw error
        }
        switch context.global.json ? .json : format {
        case .json: try context.printJSON(run)
        case .junit: context.console.line(String(run.junit().dropLast()))
        case .text:
            if run.results.isEmpty { context.console.line(all ? "No migration to test." : "Nothing pending to test (--all tests every migration).") }
            for result in run.results {
                let down = result.downMilliseconds.map { ", down \($0) ms" } ?? ""
                let mark = result.status == .passed ? "ok  " : result.status == .irreversible ? "no down" : "FAIL"
                context.console.line("\(mark) \(result.migration) (up \(result.upMilliseconds) ms\(down), \(counted(result.statements, "statement")))")
                for failure in result.failures { context.console.line("       \(failure)") }
                for warning in result.warnings { context.console.line("       warning: \(warning)") }
                for statement in result.locks where context.global.verbose || statement.locks.contains(where: { $0.hasPrefix("AccessExclusive") || $0.hasPrefix("Share") || $0.hasPrefix("Exclusive") })
                {
                    context.console.line("       “\(statement.statement)” (\(statement.milliseconds) ms) takes \(statement.locks.joined(separator: ", "))")
                }
                if !result.rewrites.isEmpty { context.console.line("       rewrites \(result.rewrites.joined(separator: ", ")) (a new file: every row copied)") }
                if let load = result.load, !load.tables.isEmpty {
                    let behind = load.blocker.map { " behind “\($0)”" } ?? ""
                    context.console.line(
                        "       load on \(load.tables.joined(separator: ", ")): \(load.queries) queries, \(load.blockedQueries) waited (\(load.totalBlockedMilliseconds) ms in all, longest \(load.longestWaitMilliseconds) ms)\(behind)"
                    )
                }
            }
            let failed = run.results.filter { $0.status == .failed }.count
            if !run.results.isEmpty { context.console.line(failed == 0 ? "\(counted(run.results.count, "migration")) tested: up, down, up." : "\(counted(failed, "migration")) failed.") }
        }
        return run.passed ? 0 : 1
    }
}
