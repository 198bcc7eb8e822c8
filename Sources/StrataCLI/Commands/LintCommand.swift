import ArgumentParser
import Strata

/// `strata lint`: dangerous statements, found without a database.
struct LintCommand: StrataSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Find dangerous statements in migrations (no database needed).",
        discussion: """
            Reads migration directories in any format Strata reads, single migration files, and plain SQL files. \
            The dialect comes from --dialect, else from the database URL if one is configured, else PostgreSQL. \
            Silence one finding with a comment `-- strata:allow RULE reason` on or above the statement; \
            set severities in strata.toml under [lint.rules]. Exit 1 on a finding at or above lint.fail_on (default error).
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "Files or directories (default: the migrations directory).")
    var paths: [String] = []

    @Option(help: "text, json, sarif (SARIF 2.1.0) or github (workflow annotations).")
    var format = "text"

    @Option(help: "sqlite or postgres (default: from the database URL, else postgres).")
    var dialect: String?

    @Flag(help: "List the rules and exit.")
    var rules = false

    func validate() throws {
        if LintFormat(rawValue: format) == nil { throw ValidationError("--format must be text, json, sarif or github.") }
        if let dialect, SQLDialect(rawValue: dialect) == nil { throw ValidationError("--dialect must be sqlite or postgres.") }
    }

    var flags: LintFlags {
        LintFlags(paths: paths, format: format, dialect: dialect)
    }

    func execute(_ context: CommandContext) async throws -> Int32 {
        if rules {
            try context.emit(["rules": LintRules.all], evenWhenQuiet: true) { LintRulesPrinter(context: context).print() }
            return 0
        }
        return try Self.lint(context, flags)
    }

    static func lint(_ context: CommandContext, _ flags: LintFlags) throws -> Int32 {
        let settings = try context.settings()
        let linter = try LintSetup.linter(settings: settings, dialect: flags.dialect.flatMap(SQLDialect.init(rawValue:)))
        let paths = flags.paths.isEmpty ? [settings.migrationsDirectory] : flags.paths
        let report = try linter.lint(try LintInputs.units(paths: paths, placeholders: settings.placeholders))
        let chosen = context.global.json ? LintFormat.json : LintFormat(rawValue: flags.format) ?? .text
        let output = try chosen.render(report, spell: \.commandLine)
        if !(context.global.quiet && chosen == .text) || report.failed {
            if !output.isEmpty { context.console.line(output) }
        }
        return report.failed ? 1 : 0
    }
}

/// The options of `lint`, as a plain value.
struct LintFlags: Sendable, Equatable {
    var paths: [String] = []
    var format = "text"
    var dialect: String?
}

/// How the CLI builds a linter from the settings.
enum LintSetup {
    static func linter(settings: StrataSettings, dialect: SQLDialect?) throws -> Linter {
        let chosen = dialect ?? settings.databaseURL.flatMap { try? DatabaseURL(parsing: $0).dialect } ?? .postgres
        return Linter(dialect: chosen, settings: settings.lint, lockTimeoutConfigured: settings.postgres.lockTimeout != nil)
    }
}

/// `strata lint --rules`.
struct LintRulesPrinter {
    let context: CommandContext

    func print() {
        var table = TextTable()
        table.add(["RULE", "SEVERITY", "DATABASE", "FINDS"])
        for rule in LintRules.all {
            table.add([rule.id, rule.severity.rawValue, rule.dialect?.rawValue ?? "both", rule.summary])
        }
        for line in table.render() { context.console.line(line) }
    }
}
