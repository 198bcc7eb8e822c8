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

    @Option(name: LintFlags.Spelling.format.names, help: "Output format: sarif is SARIF 2.1.0, github writes workflow annotations.")
    var format = LintFormat.text

    @Option(name: LintFlags.Spelling.dialect.names, help: "SQL dialect (default: from the database URL, else postgres).")
    var dialect: SQLDialect?

    @Flag(help: "List the rules and exit.")
    var rules = false

    var flags: LintFlags {
        LintFlags(paths: paths, format: format, dialect: dialect)
    }

    func execute(_ context: CommandContext) async throws -> Int32 {
        if rules {
            try context.emit(LintRulesOutput())
            return 0
        }
        return try Self.lint(context, flags)
    }

    static func lint(_ context: CommandContext, _ flags: LintFlags) throws -> Int32 {
        let settings = try context.settings()
        let linter = try LintSetup.linter(settings: settings, dialect: flags.dialect)
        let paths = flags.paths.isEmpty ? [settings.migrationsDirectory] : flags.paths
        let report = try linter.lint(try LintInputs.units(paths: paths, placeholders: settings.placeholders))
        let chosen = context.global.json ? LintFormat.json : flags.format
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
    var format = LintFormat.text
    var dialect: SQLDialect?

    /// How each option of `lint` is spelled, for ArgumentParser and the boot fast path alike.
    enum Spelling {
        static let format = OptionSpelling<LintFlags>.choice("format", \.format)
        static let dialect = OptionSpelling<LintFlags>.choice("dialect", \.dialect)
        static let all = [format, dialect]
    }
}

/// How the CLI builds a linter from the settings.
enum LintSetup {
    static func linter(settings: StrataSettings, dialect: SQLDialect?) throws -> Linter {
        let chosen = dialect ?? settings.databaseURL.flatMap { try? DatabaseURL(parsing: $0).dialect } ?? .postgres
        return Linter(dialect: chosen, settings: settings.lint, lockTimeoutConfigured: settings.postgres.lockTimeout != nil)
    }
}

/// `strata lint --rules`.
struct LintRulesOutput: CommandOutput {
    var document: [String: [LintRule]] { ["rules": LintRules.all] }
    /// Asked for explicitly: shown even with `--quiet`.
    var showsWhenQuiet: Bool { true }

    func write(to text: inout CommandText) {
        var table = TextTable()
        table.add(["RULE", "SEVERITY", "DATABASE", "FINDS"])
        for rule in LintRules.all {
            table.add([rule.id, rule.severity.rawValue, rule.dialect?.rawValue ?? "both", rule.summary])
        }
        for line in table.render() { text.line(line) }
    }
}
