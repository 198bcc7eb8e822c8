import Foundation
import ArgumentParser
import StrataTransfer
import Strata

/// `strata`: the root command.
struct StrataCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "strata",
        abstract: "Safe, boring schema migrations for SQLite and PostgreSQL.",
        version: "strata \(StrataVersion.current)",
        subcommands: [
            InitCommand.self, NewCommand.self, StatusCommand.self, MigrateCommand.self, RollbackCommand.self,
            RedoCommand.self, ValidateCommand.self, HistoryCommand.self, BaselineCommand.self, RepairCommand.self,
            LintCommand.self, BackupCommand.self, SchemaCommand.self, TransferCommand.self, AdoptCommand.self, HealthCommand.self, OptimizeCommand.self, FleetCommand.self, ReportCommand.self,
            DiffCommand.self,
            DriftCommand.self,
            TestCommand.self, CompletionsCommand.self, ManualCommand.self,
        ])

    @OptionGroup var global: GlobalOptions
}

/// A subcommand run through `StrataMain`, which resolves the context and renders errors.
protocol StrataSubcommand: AsyncParsableCommand {
    var global: GlobalOptions { get }
    /// Runs the command and returns the exit code.
    func execute(_ context: CommandContext) async throws -> Int32
}

/// The CLI's entry point, usable in-process (tests) as well as from the executable.
package enum StrataMain {
    /// Starts what the database named on the command line or in the environment needs (the
    /// PostgreSQL event loop) while the process sets up, parses and resolves its settings: the
    /// executable calls it first thing, before even the environment is read into a dictionary
    /// (a no-op `migrate` waited about a millisecond longer for its event loop otherwise).
    /// Only an optimisation: `run` works without it (tests and embedders call `run` alone).
    package static func prepare(arguments: [String]) {
        let fromEnvironment = { (name: String) in getenv(name).map { String(cString: $0) } }
        if let url = arguments.first(where: { $0.hasPrefix("postgres") }) ?? fromEnvironment("STRATA_DATABASE_URL") ?? fromEnvironment("DATABASE_URL") {
            DriverRegistry.prepare(forURL: url)
        }
    }

    /// Parses `arguments`, runs the command, and returns the exit code: 0 success, 1 failure, 64 usage.
    package static func run(arguments: [String], environment: [String: String], console: Console = .standard) async -> Int32 {
        if let password = environment["PGPASSWORD"] { console.neverPrint(password) }
        for argument in arguments { hideSecrets(in: argument, console: console) }
        if let url = environment["STRATA_DATABASE_URL"] ?? environment["DATABASE_URL"] { hideSecrets(in: url, console: console) }
        if let (global, command) = BootFastPath.parse(arguments) {
            let context = CommandContext(global: global, environment: environment, console: console)
            switch command {
            case .migrate(let flags): return await run(context) { try await MigrateCommand.migrate(context, flags) }
            case .lint(let flags): return await run(context) { try LintCommand.lint(context, flags) }
            }
        }
        if let unknown = unknownCommand(arguments) {
            // ArgumentParser answers `strata nosuch --help` with the root help and 0.
            return usageError(
                StrataError(.usage, "unknown command '\(unknown)'", nextStep: "`strata --help` lists the commands"), arguments: arguments,
                environment: environment, console: console)
        }
        let command: any ParsableCommand
        do {
            command = try StrataCommand.parseAsRoot(arguments)
        } catch {
            let code = StrataCommand.exitCode(for: error).rawValue
            let message = StrataCommand.fullMessage(for: error)
            guard code != 0 else {
                console.line(message)
                return code
            }
            guard arguments.prefix(while: { $0 != "--" }).contains("--json") else {
                console.errorLine(message)
                return code
            }
            // The first line is the error; the usage lines after it go to stderr only.
            let first = message.split(separator: "\n").first.map(String.init) ?? message
            let summary = first.hasPrefix("Error: ") ? String(first.dropFirst("Error: ".count)) : first
            console.errorLine(message)
            printJSON(StrataError(.usage, summary, state: "nothing was changed"), environment: environment, console: console)
            return code
        }
        if command is StrataCommand {
            console.errorLine(StrataCommand.helpMessage())
            return 64
        }
        guard let subcommand = command as? any StrataSubcommand else {
            // ArgumentParser's own commands (help) end by throwing the text to show.
            do {
                var builtIn = command
                try builtIn.run()
                return 0
            } catch {
                let code = StrataCommand.exitCode(for: error).rawValue
                let message = StrataCommand.fullMessage(for: error)
                if code == 0 { console.line(message) } else { console.errorLine(message) }
                return code
            }
        }
        let context = CommandContext(global: subcommand.global.flags, environment: environment, console: console)
        return await run(context) { try await subcommand.execute(context) }
    }

    /// A usage error found before any command runs: on stderr, and with `--json` among the
    /// options also as the one JSON document on stdout (errors included, as every command's).
    static func usageError(_ error: StrataError, arguments: [String], environment: [String: String], console: Console) -> Int32 {
        console.errorLine(error.commandLine)
        if arguments.prefix(while: { $0 != "--" }).contains("--json") { printJSON(error, environment: environment, console: console) }
        return 64
    }

    private static func printJSON(_ error: StrataError, environment: [String: String], console: Console) {
        var flags = GlobalFlags()
        flags.json = true
        try? CommandContext(global: flags, environment: environment, console: console).printJSON(["error": ErrorDocument(error)])
    }

    /// The first word that is neither an option, an option's value nor a command: nil when there is none.
    static func unknownCommand(_ arguments: [String]) -> String? {
        let names = Set(StrataCommand.configuration.subcommands.map { $0._commandName } + ["help"])

        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if argument == "--" { return nil }
            if GlobalFlags.Spelling.all.contains(where: { $0.takesValue && $0.matches(argument) }) {
                index += 1
                continue
            }
            if argument.hasPrefix("-") { continue }
            return names.contains(argument) ? nil : argument
        }
        return nil
    }

    /// Runs a command body; an error is reported (text on stderr, JSON on stdout with `--json`)
    /// and becomes exit 1, or 64 for a usage error (a database URL that does not parse is one).
    static func run(_ context: CommandContext, _ body: () async throws -> Int32) async -> Int32 {
        do {
            return try await body()
        } catch {
            let failure = StrataError.wrapping(error, code: .io)
            report(failure, context: context)
            return [.usage, .invalidURL].contains(failure.code) ? 64 : 1
        }
    }

    /// Registers the password of any URL inside `text` with the console's scrubber.
    static func hideSecrets(in text: String, console: Console) {
        guard text.contains("://") || text.contains("password=") else { return }
        if let url = try? PostgresURL(parsing: text), let password = url.password {
            console.neverPrint(password.unsafeValue)
        }
    }

    static func report(_ error: StrataError, context: CommandContext) {
        let style = Style(enabled: context.console.isTerminal && !context.global.noColor && context.environment["NO_COLOR"] == nil)
        var text = error.commandLine
        if text.hasPrefix("error:") { text = style.red("error:") + text.dropFirst("error:".count) }
        context.console.errorLine(text)
        if context.global.json {
            try? context.printJSON(["error": ErrorDocument(error)])
        }
    }
}

/// The JSON form of an error.
struct ErrorDocument: Encodable {
    let code: String
    let summary: String
    let location: SourceLocation?
    let migration: String?
    let statement: String?
    let databaseCode: String?
    let detail: String?
    let state: String?
    let nextStep: Advice?
    let problems: [Advice]

    init(_ error: StrataError) {
        code = error.code.rawValue
        summary = error.summary
        location = error.location
        migration = error.migration
        statement = error.statement
        databaseCode = error.databaseCode
        detail = error.detail
        state = error.state
        nextStep = error.nextStep
        problems = error.problems
    }
}
