import ArgumentParser

/// Options every command accepts, before or after the command name.
struct GlobalOptions: ParsableArguments {
    @Option(name: GlobalFlags.Spelling.database.names, help: "Database URL (sqlite:PATH, sqlite::memory:, postgres://USER@HOST:PORT/DB?sslmode=…).")
    var database: String?

    @Option(name: GlobalFlags.Spelling.config.names, help: "Configuration file (default: strata.toml when present).")
    var config: String?

    @Option(name: GlobalFlags.Spelling.environment.names, help: "Environment table of strata.toml to apply (production turns safe mode on).")
    var environment: String?

    @Option(name: GlobalFlags.Spelling.migrations.names, help: "Migrations directory (default: migrations).")
    var migrations: String?

    @Flag(name: GlobalFlags.Spelling.json.names, help: "Print exactly one JSON document on stdout.")
    var json = false

    @Flag(name: GlobalFlags.Spelling.quiet.names, help: "Print only errors.")
    var quiet = false

    @Flag(name: GlobalFlags.Spelling.verbose.names, help: "Print more detail, and debug logs on stderr.")
    var verbose = false

    @Flag(name: GlobalFlags.Spelling.noColor.names, help: "No colors (also when NO_COLOR is set).")
    var noColor = false

    @Flag(name: GlobalFlags.Spelling.yes.names, help: "Never prompt; assume yes.")
    var yes = false

    /// The values, as a plain value the commands share with the boot fast path.
    var flags: GlobalFlags {
        GlobalFlags(
            database: database, config: config, environment: environment, migrations: migrations,
            json: json, quiet: quiet, verbose: verbose, noColor: noColor, yes: yes)
    }
}

/// The global options' values.
struct GlobalFlags: Sendable, Equatable {
    var database: String?
    var config: String?
    var environment: String?
    var migrations: String?
    var json = false
    var quiet = false
    var verbose = false
    var noColor = false
    var yes = false

    /// The flags that are settings, keyed by setting path.
    var settingFlags: [String: String] {
        var flags: [String: String] = [:]
        for case (let path, let value)? in Spelling.all.map(\.setting) { flags[path] = value(self) }
        return flags
    }

    /// How each setting's flag is spelled, for messages (`database_url` → `--database`).
    static let flagNames = Dictionary(uniqueKeysWithValues: Spelling.all.compactMap { spelling in spelling.setting.map { ($0.path, "--" + spelling.long) } })

    /// How each global option is spelled, for ArgumentParser and the boot fast path alike.
    enum Spelling {
        static let database = OptionSpelling<GlobalFlags>.option("database", short: "d", setting: "database_url", \.database)
        static let config = OptionSpelling<GlobalFlags>.option("config", setting: "config", \.config)
        static let environment = OptionSpelling<GlobalFlags>.option("env", setting: "env", \.environment)
        static let migrations = OptionSpelling<GlobalFlags>.option("migrations", setting: "migrations", \.migrations)
        static let json = OptionSpelling<GlobalFlags>.flag("json", \.json)
        static let quiet = OptionSpelling<GlobalFlags>.flag("quiet", short: "q", \.quiet)
        static let verbose = OptionSpelling<GlobalFlags>.flag("verbose", short: "v", \.verbose)
        static let noColor = OptionSpelling<GlobalFlags>.flag("no-color", \.noColor)
        static let yes = OptionSpelling<GlobalFlags>.flag("yes", \.yes)
        static let all = [database, config, environment, migrations, json, quiet, verbose, noColor, yes]
    }
}
