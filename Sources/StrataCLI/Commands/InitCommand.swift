import ArgumentParser
import Foundation
import Strata

/// `strata init`: a `strata.toml` and a migrations directory with a first example.
struct InitCommand: StrataSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write strata.toml and migrations/ with a first example migration.")

    @OptionGroup var global: GlobalOptions

    func execute(_ context: CommandContext) async throws -> Int32 {
        let configPath = global.config ?? "strata.toml"
        let migrations = global.migrations ?? "migrations"
        var created: [String] = []
        if FileManager.default.fileExists(atPath: configPath) {
            if context.printsText { context.console.line("Kept the existing \(configPath).") }
        } else {
            let url = global.database.map(URLRedactor.redact) ?? "sqlite:app.db"
            guard FileManager.default.createFile(atPath: configPath, contents: Data(Self.config(url: url, migrations: migrations).utf8)) else {
                throw StrataError(.io, "cannot write \(configPath)", state: "nothing was created", nextStep: "check the directory's permissions")
            }
            created.append(configPath)
        }
        let existing = (try? FileManager.default.contentsOfDirectory(atPath: migrations)) ?? []
        if existing.contains(where: { $0.hasSuffix(".sql") }) {
            if context.printsText { context.console.line("Kept the existing migrations in \(migrations)/.") }
        } else {
            created.append(try MigrationFiles.create(directory: migrations, name: "create_notes", body: Self.example))
        }
        try context.emit(Created(created: created))
        return 0
    }

    /// What `init` prints.
    struct Created: CommandOutput, Encodable {
        let created: [String]

        func write(to text: inout CommandText) {
            for path in created { text.line("Created \(path)") }
            text.line("Next: `strata migrate`, then `strata status`.")
        }
    }

    static func config(url: String, migrations: String) -> String {
        """
        # Strata settings. Resolution: command-line flag > environment variable > this file > default.
        # A password belongs in an environment variable, not here: database_url = "${DATABASE_URL}"

        database_url = "\(url)"
        migrations = "\(migrations)"
        history_table = "strata_schema_history"

        [lock]
        strategy = "auto"       # auto (advisory, or table behind a transaction pooler), advisory, table, none
        timeout = "10m"         # how long a runner waits for another one

        [postgres]
        lock_timeout = "5s"       # a DDL statement gives up after 5 s instead of queueing every query behind it
        lock_timeout_retries = 3  # and the migration is tried again, with backoff
        # statement_timeout = "0"

        # Settings for one environment (STRATA_ENV=production or --env production) override the ones above.
        # production turns safe mode on.
        [environments.production]
        # database_url = "${DATABASE_URL}"

        """
    }

    static let example = """
        -- strata:up
        CREATE TABLE notes (
            id INTEGER PRIMARY KEY,
            body TEXT NOT NULL,
            created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
        );

        -- strata:down
        DROP TABLE notes;

        """
}
