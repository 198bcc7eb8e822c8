import ArgumentParser

/// Options every command accepts, before or after the command name.
struct GlobalOptions: ParsableArguments {
    @Option(name: [.customShort("d"), .long], help: "Database URL (sqlite:PATH, sqlite::memory:, postgres://USER@HOST:PORT/DB?sslmode=…).")
    var database: String?

    @Option(help: "Configuration file (default: strata.toml when present).")
    var config: String?

    @Option(name: .customLong("env"), help: "Environment table of strata.toml to apply (production turns safe mode on).")
    var environment: String?

    @Option(help: "Migrations directory (default: migrations).")
    var migrations: String?

    @Flag(help: "Print exactly one JSON document on stdout.")
    var json = false

    @Flag(name: [.customShort("q"), .long], help: "Print only errors.")
    var quiet = false

    @Flag(name: [.customShort("v"), .long], help: "Print more detail, and debug logs on stderr.")
    var verbose = false

    @Flag(name: .customLong("no-color"), help: "No colors (also when NO_COLOR is set).")
    var noColor = false

    @Flag(help: "Never prompt; assume yes.")
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
        flags["database_url"] = database
        flags["config"] = config
        flags["env"] = environment
        flags["migrations"] = migrations
        return flags
    }

    static let flagNames = ["database_url": "--database", "migrations": "--migrations"]
}
